import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { DataServiceClient } from '@authstate/client';
import { waitFor } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { APP_DIR, runCli, type ServeProcess, startServe, tempDir } from './helpers/cli.js';
import { raw } from './helpers/http.js';

const TOKEN = 'test-token-0123456789';

const put = (url: string, path: string, body: unknown, token = TOKEN) => raw(url, 'PUT', path, { token, body: JSON.stringify(body) });

const BACKENDS: [string, (dir: string) => string[]][] = [
  ['fs', (dir) => ['--dir', join(dir, 'oocd')]],
  ['sqlite', (dir) => ['--url', `sqlite:${join(dir, 'oocd.sqlite')}`]],
];

describe.each(BACKENDS)('oocd serve on %s', (_name, backendArgs) => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let srv: ServeProcess;
  beforeAll(async () => {
    tmp = await tempDir();
    await writeFile(join(tmp.dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
    srv = await startServe([...backendArgs(tmp.dir), '--token-file', join(tmp.dir, 'token'), '--body-limit', '64k']);
  });
  afterAll(async () => {
    await srv?.stop();
    await tmp?.cleanup();
  });

  test('healthz needs no token; everything else needs the right one (401)', async () => {
    expect((await raw(srv.url, 'GET', '/healthz')).status).toBe(200);
    const none = await raw(srv.url, 'GET', '/v1/entries/a');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await raw(srv.url, 'GET', '/v1/entries/a', { token: `${TOKEN}x` })).status).toBe(401);
    expect((await raw(srv.url, 'GET', '/v1/entries/a', { token: TOKEN.slice(0, -1) })).status).toBe(401);
    expect((await raw(srv.url, 'GET', '/metrics')).status).toBe(401);
    expect((await put(srv.url, '/v1/entries/a', { value: 'x', ttlMs: 60000 }, 'wrong')).status).toBe(401);
    expect((await raw(srv.url, 'GET', '/v1/entries/a', { token: TOKEN })).status).toBe(404);
  });

  test('put, get, list, children, take, delete, reap through HTTP', async () => {
    const expiresAt = '2031-02-03T04:05:06.789Z';
    expect((await put(srv.url, '/v1/entries/app/x%20y/%C3%BC', { value: 'v1', expiresAt, metadata: { m: '1' } })).status).toBe(204);
    expect((await put(srv.url, '/v1/entries/app/x%20y/b', { value: 'v2', ttlMs: 60_000 })).status).toBe(204);
    expect((await put(srv.url, '/v1/entries/app/deep/er/c', { value: 'v3', ttlMs: 60_000 })).status).toBe(204);

    const got = await raw(srv.url, 'GET', '/v1/entries/app/x%20y/%C3%BC', { token: TOKEN });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toEqual({ key: '/app/x y/ü', value: 'v1', expiresAt, metadata: { m: '1' } });

    const list = await raw(srv.url, 'GET', '/v1/list/app/x%20y', { token: TOKEN });
    expect(JSON.parse(list.body).map((e: { key: string }) => e.key)).toEqual(['/app/x y/b', '/app/x y/ü']);
    const all = await raw(srv.url, 'GET', '/v1/list/app?recursive=true', { token: TOKEN });
    expect(JSON.parse(all.body)).toHaveLength(3);
    expect(JSON.parse((await raw(srv.url, 'GET', '/v1/children/app', { token: TOKEN })).body)).toEqual(['deep', 'x y']);

    expect((await put(srv.url, '/v1/entries/app/once?ifAbsent=true', { value: 'a', ttlMs: 60_000 })).status).toBe(201);
    expect((await put(srv.url, '/v1/entries/app/once?ifAbsent=true', { value: 'b', ttlMs: 60_000 })).status).toBe(409);

    const taken = await raw(srv.url, 'POST', '/v1/take/app/once', { token: TOKEN });
    expect(taken.status).toBe(200);
    expect(JSON.parse(taken.body).value).toBe('a');
    expect((await raw(srv.url, 'POST', '/v1/take/app/once', { token: TOKEN })).status).toBe(404);

    expect((await put(srv.url, '/v1/entries/app/old', { value: 'o', expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(204);
    expect((await raw(srv.url, 'GET', '/v1/entries/app/old', { token: TOKEN })).status).toBe(404);
    expect(JSON.parse((await raw(srv.url, 'POST', '/v1/reap', { token: TOKEN })).body)).toEqual({ reaped: 1 });

    const del = await raw(srv.url, 'DELETE', '/v1/entries/app?recursive=true', { token: TOKEN });
    expect(JSON.parse(del.body)).toEqual({ removed: 3 });
    expect(JSON.parse((await raw(srv.url, 'GET', '/v1/list/?recursive=true', { token: TOKEN })).body)).toEqual([]);
  });

  test('hostile keys and bad bodies are 400, never files outside the store', async () => {
    for (const path of [
      '/v1/entries/a/../../etc/passwd',
      '/v1/entries/a/%2e%2e/b',
      '/v1/entries/a%2Fb',
      '/v1/entries/a/%00',
      '/v1/entries/a//b',
      '/v1/entries/a/%E0%A4%A',
    ]) {
      const r = await raw(srv.url, 'GET', path, { token: TOKEN });
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
    }
    expect((await put(srv.url, `/v1/entries/${'k'.repeat(1100)}`, { value: 'x', ttlMs: 1000 })).status).toBe(400);
    expect((await put(srv.url, '/v1/entries/a', { value: 1, ttlMs: 1000 })).status).toBe(400);
    expect((await put(srv.url, '/v1/entries/a', { value: 'x' })).status).toBe(400);
    expect((await put(srv.url, '/v1/entries/a', { value: 'x', ttlMs: 1, expiresAt: '2030-01-01T00:00:00Z' })).status).toBe(400);
    expect((await put(srv.url, '/v1/entries/a', { value: 'x', expiresAt: 'tomorrow' })).status).toBe(400);
    expect((await raw(srv.url, 'PUT', '/v1/entries/a', { token: TOKEN, body: '{"value":' })).status).toBe(400);
    const hostileDot = await put(srv.url, '/v1/entries/..', { value: 'x', ttlMs: 1000 });
    expect(hostileDot.status).toBe(400);
    expect(JSON.parse(hostileDot.body).error).toBe('INVALID_KEY');
  });

  test('keys with URL-special characters round-trip through DataServiceClient (segment encoding)', async () => {
    const c = new DataServiceClient(srv.url, { token: TOKEN });
    const keys = ['/odd/50%', '/odd/a?b=c', '/odd/#frag', '/odd/plus+space here', '/odd/UPPER', '/odd/_x', '/odd/日本', "/odd/it's(1)*!"];
    for (const key of keys) await c.set(key, `v:${key}`, { ttlMs: 60_000 });
    for (const key of keys) expect((await c.get(key))?.value).toBe(`v:${key}`);
    expect((await c.list('/odd')).map((e) => e.key).sort()).toEqual([...keys].sort());
    expect(await c.remove('/odd', { recursive: true })).toBe(keys.length);
  });

  test('an oversized body gets 413', async () => {
    const r = await put(srv.url, '/v1/entries/big', { value: 'x'.repeat(70 * 1024), ttlMs: 1000 });
    expect(r.status).toBe(413);
    expect((await raw(srv.url, 'GET', '/v1/entries/big', { token: TOKEN })).status).toBe(404);
  });

  test('/metrics counts operations, errors, latencies', async () => {
    const m = await raw(srv.url, 'GET', '/metrics', { token: TOKEN });
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(m.body).toMatch(/^authstate_oocd_operations_total\{op="get"\} [1-9]\d*$/m);
    expect(m.body).toMatch(/^authstate_oocd_errors_total\{op="get",code="INVALID_KEY"\} [1-9]/m);
    expect(m.body).toMatch(/^authstate_oocd_operation_duration_seconds_bucket\{op="set",le="\+Inf"\} [1-9]/m);
    expect(m.body).toMatch(/^authstate_oocd_entries_reaped_total [1-9]/m);
    expect(m.body).toMatch(/^authstate_http_responses_total\{status="401"\} [1-9]/m);
  });
});

describe('oocd serve startup and shutdown', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(async () => tmp?.cleanup());

  test('refuses to start without a token (exit 1), and --insecure-no-auth off loopback', async () => {
    const [r, open] = await Promise.all([
      runCli(['oocd', 'serve', '--backend', 'memory', '--port', '0']),
      runCli(['oocd', 'serve', '--backend', 'memory', '--port', '0', '--insecure-no-auth', '--host', '0.0.0.0']),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No bearer token/);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/only on a loopback address/);
  });

  test('--insecure-no-auth on loopback serves without a token; token from AUTHSTATE_TOKEN works', async () => {
    const insecure = await startServe(['--backend', 'memory', '--insecure-no-auth']);
    try {
      expect((await put(insecure.url, '/v1/entries/a', { value: 'x', ttlMs: 60_000 }, undefined as unknown as string)).status).toBe(204);
    } finally {
      expect(await insecure.stop()).toBe(0);
    }
    const fromEnv = await startServe(['--backend', 'memory'], { env: { AUTHSTATE_TOKEN: 'env-token-0123456789' } });
    try {
      expect((await raw(fromEnv.url, 'GET', '/v1/list/', { token: 'env-token-0123456789' })).status).toBe(200);
      expect((await raw(fromEnv.url, 'GET', '/v1/list/', { token: TOKEN })).status).toBe(401);
    } finally {
      expect(await fromEnv.stop()).toBe(0);
    }
  });

  test('the reaper runs in the background and is counted in /metrics', async () => {
    const cfg = join(tmp.dir, 'reaper.properties');
    await writeFile(cfg, `class=fs\ndir=${join(tmp.dir, 'reaped')}\nreaperInterval=1\n`);
    const srv = await startServe(['--config', cfg], { env: { AUTHSTATE_TOKEN: TOKEN } });
    try {
      expect((await put(srv.url, '/v1/entries/r/1', { value: 'x', ttlMs: 100 })).status).toBe(204);
      expect((await put(srv.url, '/v1/entries/r/2', { value: 'x', ttlMs: 100 })).status).toBe(204);
      // Polled until the background reaper got both (however slow the machine); more than 2 never.
      const reaped = async () => {
        const m = await raw(srv.url, 'GET', '/metrics', { token: TOKEN });
        return Number(/^authstate_oocd_entries_reaped_total (\d+)$/m.exec(m.body)?.[1]);
      };
      await waitFor('the reaper deleting both entries', async () => (await reaped()) >= 2, { intervalMs: 150 });
      expect(await reaped()).toBe(2);
    } finally {
      await srv.stop();
    }
  }, 600_000);

  test("one reaper with one default: without reaperInterval, serve uses the backend's own default", async () => {
    // The fixture backend's default is 1 s; a second reaper of serve's own (60 s) would show nothing here.
    const backend = join(APP_DIR, 'test/fixtures/fast-reaper-backend.mjs');
    const srv = await startServe(['--backend', backend], { env: { AUTHSTATE_TOKEN: TOKEN } });
    try {
      expect((await put(srv.url, '/v1/entries/r/1', { value: 'x', ttlMs: 50 })).status).toBe(204);
      const metrics = async () => (await raw(srv.url, 'GET', '/metrics', { token: TOKEN })).body;
      await waitFor(
        'the backend-default reaper deleting the entry',
        async () => /^authstate_oocd_entries_reaped_total [1-9]/m.test(await metrics()),
        {
          intervalMs: 200,
        },
      );
      const m = await metrics();
      expect(m).toMatch(/^authstate_oocd_entries_reaped_total 1$/m);
      expect(m).toMatch(/^authstate_oocd_reaper_runs_total [1-9]/m);
    } finally {
      await srv.stop();
    }
  }, 600_000);

  test('SIGTERM drains an in-flight request, then exits 0', async () => {
    // Ordered by events, not sleeps: half the body is sent; once the server has logged the request
    // (--log) it gets SIGTERM; once it says it is draining, the rest of the body follows.
    const srv = await startServe(['--dir', join(tmp.dir, 'drain'), '--log'], { env: { AUTHSTATE_TOKEN: TOKEN } });
    const body = JSON.stringify({ value: 'drained', ttlMs: 60_000 });
    const half = Math.floor(body.length / 2);
    const u = new URL(srv.url);
    const response = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: u.hostname,
          port: u.port,
          method: 'PUT',
          path: '/v1/entries/drain/me',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': String(body.length) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      (async () => {
        await waitFor('the request logged by the server', () => srv.stderr().includes('"url":"/v1/entries/drain/me"'));
        srv.child.kill('SIGTERM');
        await waitFor('the server draining', () => /SIGTERM: draining/.test(srv.stderr()));
        req.end(body.slice(half));
      })().catch(reject);
    });
    expect(await response).toBe(204);
    expect(await srv.exited).toBe(0);
    expect(srv.stderr()).toMatch(/SIGTERM: draining/);
    const after = await runCli(['oocd', 'get', '/drain/me', '--dir', join(tmp.dir, 'drain')]);
    expect(after.stdout).toBe('drained\n');
  }, 600_000);
});
