// How the client treats answers of a server that is not (or not only) an authstate data service:
// a real HTTP server on loopback that answers what each test tells it to.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthstateErrorCode, isAuthstateError } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DataServiceClient } from '../src/index.js';

let server: Server;
let url = '';
let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '' };
const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => {
      body += d;
    });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      const send = () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The code `promise` rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<AuthstateErrorCode> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAuthstateError(e)) throw new Error(`expected an AuthstateError, got ${String(e)}`);
  return e.code;
}

describe('requests the client sends', () => {
  test('set sends the body the server takes, the expiry as the caller gave it, and the bearer token', async () => {
    const c = new DataServiceClient(url, { token: 'tok-123' });
    seen.length = 0;
    answer = { status: 204, body: '' };
    await c.set('/a b/ü?#', 'v', { expiresAt: new Date('2030-01-31T12:00:00.123Z'), metadata: { k: 'm' } });
    await c.set('/a', 'v', { ttlMs: 5000 });
    expect(seen.map((s) => [s.method, s.url, s.authorization, JSON.parse(s.body)])).toEqual([
      [
        'PUT',
        '/v1/entries/a%20b/%C3%BC%3F%23',
        'Bearer tok-123',
        { value: 'v', expiresAt: '2030-01-31T12:00:00.123Z', metadata: { k: 'm' } },
      ],
      ['PUT', '/v1/entries/a', 'Bearer tok-123', { value: 'v', ttlMs: 5000, metadata: {} }],
    ]);
  });

  test('flags are sent as name=true (the spelling the server accepts) and only when set', async () => {
    const c = new DataServiceClient(url);
    seen.length = 0;
    answer = { status: 200, body: '{"removed":0}' };
    await c.remove('/a', { recursive: true });
    await c.remove('/a');
    answer = { status: 200, body: '[]' };
    await c.list('/b/', { recursive: true });
    await c.list('/');
    answer = { status: 201, body: '{"created":true}' };
    await c.create('/c', 'v', { ttlMs: 1 });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'DELETE /v1/entries/a?recursive=true',
      'DELETE /v1/entries/a',
      'GET /v1/list/b?recursive=true',
      'GET /v1/list/',
      'PUT /v1/entries/c?ifAbsent=true',
    ]);
  });

  test('refused input is refused before any request', async () => {
    const c = new DataServiceClient(url);
    seen.length = 0;
    expect(await codeOf(c.get('relative'))).toBe('INVALID_KEY');
    expect(await codeOf(c.set('/a', 'v', { ttlMs: Number.NaN }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(c.set('/a', 'nul\u0000', { ttlMs: 1 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(c.list('/a//b'))).toBe('INVALID_KEY');
    expect(seen).toEqual([]);
  });
});

describe('answers of the wrong shape are BACKEND, never half-filled results', () => {
  test.each([
    ['a 200 that is not JSON', () => new DataServiceClient(url).get('/a'), { status: 200, body: '<html>proxy</html>' }],
    [
      'an entry without expiresAt',
      () => new DataServiceClient(url).get('/a'),
      { status: 200, body: '{"key":"/a","value":"v","metadata":{}}' },
    ],
    [
      'an entry with a bad date',
      () => new DataServiceClient(url).take('/a'),
      { status: 200, body: '{"key":"/a","value":"v","expiresAt":"soon","metadata":{}}' },
    ],
    [
      'metadata with a number',
      () => new DataServiceClient(url).get('/a'),
      { status: 200, body: '{"key":"/a","value":"v","expiresAt":"2030-01-01T00:00:00Z","metadata":{"n":1}}' },
    ],
    ['a list that is an object', () => new DataServiceClient(url).list('/'), { status: 200, body: '{"entries":[]}' }],
    ['children with a number', () => new DataServiceClient(url).children('/'), { status: 200, body: '["a",1]' }],
    ['a remove count that is negative', () => new DataServiceClient(url).remove('/a'), { status: 200, body: '{"removed":-1}' }],
    ['a reap without its count', () => new DataServiceClient(url).reap(), { status: 200, body: '{}' }],
    [
      'a 409 on create that is not ALREADY_EXISTS',
      () => new DataServiceClient(url).create('/a', 'v', { ttlMs: 1 }),
      { status: 409, body: '{"error":"CONFLICT"}' },
    ],
  ])('%s', async (_what, call, given) => {
    answer = given;
    expect(await codeOf(call())).toBe(given.status === 409 ? 'ALREADY_EXISTS' : 'BACKEND');
  });

  test('an entry comes back with a Date expiry and its own metadata copy', async () => {
    answer = { status: 200, body: '{"key":"/a","value":"v","expiresAt":"2030-01-31T12:00:00.123Z","metadata":{"k":"m"}}' };
    const e = await new DataServiceClient(url).get('/a');
    expect(e?.expiresAt).toEqual(new Date('2030-01-31T12:00:00.123Z'));
    expect(e?.metadata).toEqual({ k: 'm' });
    expect(Object.isFrozen(e?.metadata)).toBe(true);
  });
});

describe('no answer in time, and after close', () => {
  test('a server slower than timeoutMs is BACKEND "no answer in time"', async () => {
    answer = { status: 200, body: '[]', delayMs: 120_000 };
    const e = await new DataServiceClient(url, { timeoutMs: 50 }).list('/').catch((err: unknown) => err);
    expect(isAuthstateError(e, 'BACKEND')).toBe(true);
    expect((e as Error).message).toMatch(/no answer in time/);
  });

  test('calls after close are CLOSED; close twice is fine', async () => {
    const c = new DataServiceClient(url);
    await c.close();
    await c.close();
    seen.length = 0;
    expect(await codeOf(c.get('/a'))).toBe('CLOSED');
    expect(await codeOf(c.reap())).toBe('CLOSED');
    expect(seen).toEqual([]);
  });
});
