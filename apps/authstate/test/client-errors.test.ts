// DataServiceClient turns the data service's error responses back into AuthstateError codes.
// In-process services (real HTTP on loopback) on the memory and `off` backends.
import { type AuthstateErrorCode, isAuthstateError } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DataServiceClient } from '../src/http/client.js';
import { errorForResponse, HttpError } from '../src/http/client-errors.js';
import { type DataService, startDataService } from '../src/http/server.js';

const TOKEN = 'client-test-token-42';

/** The AuthstateError code `promise` rejects with (fails the test if it resolves or throws anything else). */
async function codeOf(promise: Promise<unknown>): Promise<{ code: AuthstateErrorCode; message: string }> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAuthstateError(e)) throw new Error(`expected an AuthstateError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

describe('errorForResponse: status (and body code) → AuthstateError', () => {
  test.each([
    [404, '{"error":"NOT_FOUND","message":"No such entry (absent or expired)."}', 'NOT_FOUND'],
    [404, '{"error":"NO_ROUTE","message":"No such route"}', 'NOT_FOUND'],
    [409, '{"error":"ALREADY_EXISTS","message":"The entry exists."}', 'ALREADY_EXISTS'],
    [400, '{"error":"INVALID_KEY","message":"[authstate] [oocd-core] Key must start with \\"/\\""}', 'INVALID_KEY'],
    [400, '{"error":"INVALID_ARGUMENT","message":"Give either"}', 'INVALID_ARGUMENT'],
    [400, 'not json', 'INVALID_ARGUMENT'],
    [401, '{"error":"UNAUTHORIZED"}', 'CONFIG'],
    [413, '{"error":"FST_ERR_CTP_BODY_TOO_LARGE","message":"Request body is too large"}', 'INVALID_ARGUMENT'],
    [500, '{"error":"BACKEND","message":"[authstate] [oocd-sql] database down"}', 'BACKEND'],
    [503, '{"error":"DISABLED","message":"off"}', 'BACKEND'],
    [502, '<html>bad gateway</html>', 'BACKEND'],
  ])('%i %s → %s', (status, body, code) => {
    const e = errorForResponse('PUT', '/v1/entries/a?ifAbsent=true', status, body);
    expect(e.code).toBe(code);
    expect(e.scope).toBe('client');
    expect(e.message).toMatch(/^\[authstate\] \[client\] /);
    expect(e.message).not.toMatch(/\[client\] .*\[authstate\]/); // the server's prefix is not repeated
    expect(e.message).not.toContain('ifAbsent'); // the path without its query
    expect(e.cause).toBeInstanceOf(HttpError);
    expect((e.cause as HttpError).status).toBe(status);
  });
});

describe('DataServiceClient against a real service', () => {
  let svc: DataService;
  let off: DataService;
  beforeAll(async () => {
    svc = await startDataService({ config: { class: 'memory' }, host: '127.0.0.1', port: 0, token: TOKEN, limits: { bodyLimit: 4096 } });
    off = await startDataService({ config: { class: 'off' }, host: '127.0.0.1', port: 0, token: TOKEN });
  });
  afterAll(async () => {
    await svc?.close();
    await off?.close();
  });

  test('absent entries are undefined, not errors; ifAbsent on an existing key is false', async () => {
    const c = new DataServiceClient(svc.url, TOKEN);
    expect(await c.get('/none')).toBeUndefined();
    expect(await c.take('/none')).toBeUndefined();
    expect(await c.put('/once', 'a', { ttlMs: 60_000, ifAbsent: true })).toBe(true);
    expect(await c.put('/once', 'b', { ttlMs: 60_000, ifAbsent: true })).toBe(false);
  });

  test('a wrong token is CONFIG "rejected the token", without the token', async () => {
    const e = await codeOf(new DataServiceClient(svc.url, 'not-the-token-xyz').get('/a'));
    expect(e.code).toBe('CONFIG');
    expect(e.message).toMatch(/rejected the token/);
    expect(e.message).not.toContain('not-the-token-xyz');
    expect((await codeOf(new DataServiceClient(svc.url, undefined).list('/'))).code).toBe('CONFIG');
  });

  test('invalid keys, bad bodies and oversized bodies are INVALID_KEY / INVALID_ARGUMENT', async () => {
    const c = new DataServiceClient(svc.url, TOKEN);
    const badKey = await codeOf(c.put('/a//b', 'x', { ttlMs: 1000 }));
    expect(badKey.code).toBe('INVALID_KEY');
    expect(badKey.message).toMatch(/^\[authstate\] \[client\] PUT \/v1\/entries\/a\/\/b: the data service answered 400 INVALID_KEY: /);
    expect((await codeOf(c.put('/a', 'x', { expiresAt: 'tomorrow' }))).code).toBe('INVALID_ARGUMENT');
    expect((await codeOf(c.put('/big', 'x'.repeat(8192), { ttlMs: 1000 }))).code).toBe('INVALID_ARGUMENT');
  });

  test('an unknown route is NOT_FOUND even for get (not "absent"); a disabled backend (503) and no server are BACKEND', async () => {
    expect((await codeOf(new DataServiceClient(`${svc.url}/wrong-base`, TOKEN).get('/a'))).code).toBe('NOT_FOUND');
    const disabled = await codeOf(new DataServiceClient(off.url, TOKEN).list('/'));
    expect(disabled.code).toBe('BACKEND');
    expect(disabled.message).toMatch(/answered 503 DISABLED/);
    const gone = await startDataService({ config: { class: 'memory' }, host: '127.0.0.1', port: 0, token: TOKEN });
    const goneUrl = gone.url;
    await gone.close();
    const e = await codeOf(new DataServiceClient(goneUrl, TOKEN).reap());
    expect(e.code).toBe('BACKEND');
    expect(e.message).toMatch(/Cannot reach the data service at http:\/\/127\.0\.0\.1:\d+ \(POST \/v1\/reap\): .*ECONNREFUSED/);
  });
});
