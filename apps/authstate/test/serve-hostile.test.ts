import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, type ServeProcess, startServe, tempDir } from './helpers/cli.js';
import { putJson, raw } from './helpers/http.js';

const TOKEN = 'hostile-test-token-0123456789';
const SECRET = 'QUERYSECRET-7f3a9c1e';

describe('oocd serve under careless and hostile clients', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let srv: ServeProcess;
  const get = (path: string) => raw(srv.url, 'GET', path, { token: TOKEN });
  const put = (path: string, body: unknown) => putJson(srv.url, path, body, TOKEN);
  const storedValue = async (path: string) => {
    const r = await get(path);
    return r.status === 200 ? (JSON.parse(r.body) as { value: string }).value : r.status;
  };

  beforeAll(async () => {
    tmp = await tempDir();
    srv = await startServe(['--dir', join(tmp.dir, 'oocd'), '--log'], { env: { AUTHSTATE_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await srv?.stop();
    await tmp?.cleanup();
  });

  test('ifAbsent: true, 1 and a bare ifAbsent create-if-absent; false and 0 overwrite', async () => {
    for (const [i, q] of ['ifAbsent=true', 'ifAbsent=1', 'ifAbsent', 'ifAbsent=%74rue'].entries()) {
      const path = `/v1/entries/flags/yes${i}`;
      expect((await put(`${path}?${q}`, { value: 'first', ttlMs: 60_000 })).status).toBe(201);
      const again = await put(`${path}?${q}`, { value: 'second', ttlMs: 60_000 });
      expect({ q, status: again.status }).toEqual({ q, status: 409 });
      expect(await storedValue(path)).toBe('first');
    }
    for (const q of ['ifAbsent=false', 'ifAbsent=0']) {
      expect((await put('/v1/entries/flags/no', { value: 'a', ttlMs: 60_000 })).status).toBe(204);
      expect((await put(`/v1/entries/flags/no?${q}`, { value: q, ttlMs: 60_000 })).status).toBe(204);
      expect(await storedValue('/v1/entries/flags/no')).toBe(q);
    }
  });

  test('any other spelling, a repeated or unknown parameter is 400 and never overwrites', async () => {
    expect((await put('/v1/entries/flags/kept', { value: 'original', ttlMs: 60_000 })).status).toBe(204);
    const queries = [
      'ifAbsent=True',
      'ifAbsent=TRUE',
      'ifAbsent=yes',
      'ifAbsent=on',
      'ifAbsent=',
      'ifAbsent=true&ifAbsent=true',
      'ifAbsent=true&ifAbsent=false',
      'ifAbsent&ifAbsent',
      'ifabsent=true',
      'IfAbsent=true',
      'if%41bsent=%E0%A4%A',
      'recursive=true',
      'ifAbsent=true%00',
      'ifAbsent=constructor',
      'ifAbsent=__proto__',
      'ifAbsent=toString',
      'ifAbsent=hasOwnProperty',
    ];
    for (const q of queries) {
      const r = await put(`/v1/entries/flags/kept?${q}`, { value: 'overwritten', ttlMs: 60_000 });
      expect({ q, status: r.status, error: JSON.parse(r.body).error }).toEqual({ q, status: 400, error: 'INVALID_ARGUMENT' });
    }
    expect(await storedValue('/v1/entries/flags/kept')).toBe('original');
    const r = await put('/v1/entries/flags/kept?ifAbsent=True', { value: 'x', ttlMs: 60_000 });
    expect(JSON.parse(r.body).message).toMatch(/ifAbsent="True" is not a boolean; use ifAbsent=true or ifAbsent=false/);
  });

  test('recursive uses the same parser on list and delete', async () => {
    await put('/v1/entries/tree/a/b', { value: 'v', ttlMs: 60_000 });
    const keys = async (q: string) => (JSON.parse((await get(`/v1/list/tree${q}`)).body) as { key: string }[]).map((e) => e.key);
    expect(await keys('?recursive')).toEqual(['/tree/a/b']);
    expect(await keys('?recursive=1')).toEqual(['/tree/a/b']);
    expect(await keys('?recursive=0')).toEqual([]);
    for (const q of ['?recursive=TRUE', '?recursive=True', '?recursive=true&recursive=true', '?ifAbsent=true']) {
      expect({ q, status: (await get(`/v1/list/tree${q}`)).status }).toEqual({ q, status: 400 });
      const del = await raw(srv.url, 'DELETE', `/v1/entries/tree${q}`, { token: TOKEN });
      expect({ q, status: del.status }).toEqual({ q, status: 400 });
    }
    expect(await storedValue('/v1/entries/tree/a/b')).toBe('v');
    expect((await get('/v1/entries/tree/a/b?x=1')).status).toBe(400);
  });

  test('hostile encodings: the route part must be literal; key segments are decoded once', async () => {
    const encoded: [string, string][] = [
      ['PUT', '/v1/%65ntries/x'],
      ['PUT', '/v1/entrie%73/x'],
      ['PUT', '/%761/entries/x'],
      ['GET', '/v1/%65ntries/x'],
      ['DELETE', '/v1/%65ntries/x'],
      ['GET', '/v1/%6cist/x'],
      ['GET', '/v1/childre%6E/x'],
      ['POST', '/v1/t%61ke/x'],
    ];
    for (const [method, path] of encoded) {
      const r = await raw(srv.url, method, path, { token: TOKEN, body: JSON.stringify({ value: 'v', ttlMs: 60_000 }) });
      expect({ method, path, status: r.status }).toEqual({ method, path, status: 400 });
    }
    for (const path of ['/v1/entries%2Fx', '/v1%2Fentries/x']) {
      const r = await raw(srv.url, 'PUT', path, { token: TOKEN, body: JSON.stringify({ value: 'v', ttlMs: 60_000 }) });
      expect({ path, ok: r.status < 300 }).toEqual({ path, ok: false });
    }
    // Nothing was stored anywhere by the requests above.
    expect(JSON.parse((await get('/v1/list/?recursive=true')).body).map((e: { key: string }) => e.key)).not.toEqual(
      expect.arrayContaining(['/es/x', '/x', '/s/x']),
    );
    // A double-encoded slash is decoded once: a literal "%2F" in the key, not a separator.
    expect((await put('/v1/entries/enc/a%252Fb', { value: 'once', ttlMs: 60_000 })).status).toBe(204);
    const e = JSON.parse((await get('/v1/entries/enc/a%252Fb')).body);
    expect(e.key).toBe('/enc/a%2Fb');
    expect((await get('/v1/children/enc')).body).toBe('["a%2Fb"]');
  });

  test('absurd expiries and reserved metadata names are 400 INVALID_ARGUMENT, never 500', async () => {
    const bodies: Record<string, unknown>[] = [
      { value: 'v', ttlMs: 1e300 },
      { value: 'v', ttlMs: -1 },
      { value: 'v', ttlMs: 0 },
      { value: 'v', ttlMs: 8.64e18 },
      { value: 'v', expiresAt: '2030-02-31T00:00:00Z' },
      { value: 'v', expiresAt: '10000-01-01T00:00:00Z' },
      { value: 'v', expiresAt: '+275760-09-13T00:00:00.000Z' },
      { value: 'v', expiresAt: 1893456000000 },
      { value: 'v', ttlMs: 60_000, metadata: { constructor: 'x' } },
      { value: 'v', ttlMs: 60_000, metadata: { prototype: 'x' } },
      { value: 'v', ttlMs: 60_000, ifAbsent: true },
    ];
    for (const body of bodies) {
      const r = await put('/v1/entries/absurd/x', body);
      expect({ body, status: r.status, error: JSON.parse(r.body).error }).toEqual({ body, status: 400, error: 'INVALID_ARGUMENT' });
    }
    const proto = await raw(srv.url, 'PUT', '/v1/entries/absurd/x', {
      token: TOKEN,
      body: '{"value":"v","ttlMs":60000,"metadata":{"__proto__":"x"}}',
    });
    expect(proto.status).toBe(400);
    expect((await get('/v1/entries/absurd/x')).status).toBe(404);
  });

  test('POST /v1/take with Content-Type: application/json and no body works (curl sends the header always)', async () => {
    await put('/v1/entries/curl/code', { value: 'c', ttlMs: 60_000 });
    const headers = { 'content-type': 'application/json' };
    const taken = await raw(srv.url, 'POST', '/v1/take/curl/code', { token: TOKEN, headers });
    expect(taken.status).toBe(200);
    expect(JSON.parse(taken.body).value).toBe('c');
    expect((await raw(srv.url, 'POST', '/v1/take/curl/code', { token: TOKEN, headers })).status).toBe(404);
    const emptyPut = await raw(srv.url, 'PUT', '/v1/entries/curl/code', { token: TOKEN, body: '' });
    expect(emptyPut.status).toBe(400);
    expect(JSON.parse(emptyPut.body).message).toMatch(/Body must be a JSON object/);
  });

  test('--log never logs a value from the query string', async () => {
    const q = `access_token=${SECRET}&${SECRET}`;
    const statuses = [
      (await raw(srv.url, 'GET', `/v1/entries/a?${q}`)).status,
      (await raw(srv.url, 'GET', `/v1/entries/a?${q}`, { token: TOKEN })).status,
      (await raw(srv.url, 'GET', `/nowhere?${q}`, { token: TOKEN })).status,
      (await raw(srv.url, 'GET', `/healthz?${q}`)).status,
      (await put(`/v1/entries/a?ifAbsent=${SECRET}`, { value: 'v', ttlMs: 1000 })).status,
    ];
    expect(statuses).toEqual([401, 400, 404, 200, 400]);
    // The last request's line comes after every earlier request's lines (each was answered first).
    const log = await waitFor('the last request logged', () =>
      srv.stderr().includes('"url":"/v1/entries/a?ifAbsent=') ? srv.stderr() : '',
    );
    expect(log).toContain('access_token=***');
    expect(log).not.toContain(SECRET);
  });
});

describe('oocd serve refuses weak tokens and absurd limits (exit 2)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(async () => tmp?.cleanup());

  test.each([
    ['one character', 'x\n', /1 characters long; at least 16/],
    ['15 characters', `${'a'.repeat(15)}\n`, /15 characters long; at least 16/],
    ['whitespace only', '                    \n', /spaces or characters outside printable ASCII/],
    ['a trailing blank', `${'a'.repeat(20)} \n`, /spaces or characters outside printable ASCII/],
    ['an inner space', `${'a'.repeat(10)} ${'b'.repeat(10)}\n`, /spaces or characters outside printable ASCII/],
  ])('a token file with %s', async (_name, content, message) => {
    const file = join(tmp.dir, `token-${content.length}-${content.charCodeAt(0)}`);
    await writeFile(file, content, { mode: 0o600 });
    const r = await runCli(['oocd', 'serve', '--backend', 'memory', '--port', '0', '--token-file', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('aaaaaaaaaa');
  });

  test('a weak AUTHSTATE_TOKEN, --body-limit 0, a zero timeout or a bad port', async () => {
    const base = ['oocd', 'serve', '--backend', 'memory', '--port', '0'];
    const env = { AUTHSTATE_TOKEN: TOKEN };
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [base, { AUTHSTATE_TOKEN: 'short' }, /at least 16/],
      [[...base, '--body-limit', '0'], env, /--body-limit \(bodyLimit\) must be a whole number from 1/],
      [[...base, '--body-limit', '2048m'], env, /--body-limit .* to 1073741824 bytes/],
      [[...base, '--request-timeout', '0s'], env, /--request-timeout "0s" is zero/],
      [[...base, '--headers-timeout', '2m', '--request-timeout', '1m'], env, /must not be longer than --request-timeout/],
      [[...base, '--shutdown-timeout', '-1s'], env, /negative/],
      [['oocd', 'serve', '--backend', 'memory', '--port', '70000'], env, /--port 70000 is not a port/],
    ];
    const results = await Promise.all(cases.map(([args, e]) => runCli(args, { env: e })));
    cases.forEach(([args, , message], i) => {
      const r = results[i] as Awaited<ReturnType<typeof runCli>>;
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    });
  });
});
