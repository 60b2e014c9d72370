// @authstate/client's DataServiceClient turns the data service's error responses back into AuthstateError codes
// (the status mapping itself: packages/client/test/errors.test.ts). In-process services (real HTTP on loopback)
// on the memory and `off` backends.
import { DataServiceClient } from '@authstate/client';
import { type AuthstateErrorCode, isAuthstateError } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
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

  test('absent entries are undefined, not errors; create on an existing key is false', async () => {
    const c = new DataServiceClient(svc.url, { token: TOKEN });
    expect(await c.get('/none')).toBeUndefined();
    expect(await c.take('/none')).toBeUndefined();
    expect(await c.create('/once', 'a', { ttlMs: 60_000 })).toBe(true);
    expect(await c.create('/once', 'b', { ttlMs: 60_000 })).toBe(false);
  });

  test('a wrong token is CONFIG "rejected the token", without the token', async () => {
    const e = await codeOf(new DataServiceClient(svc.url, { token: 'not-the-token-xyz' }).get('/a'));
    expect(e.code).toBe('CONFIG');
    expect(e.message).toMatch(/rejected the token/);
    expect(e.message).not.toContain('not-the-token-xyz');
    expect((await codeOf(new DataServiceClient(svc.url).list('/'))).code).toBe('CONFIG');
  });

  test("invalid keys and options fail before any request, as the service does; an oversized body is the server's 413 → INVALID_ARGUMENT", async () => {
    const c = new DataServiceClient(svc.url, { token: TOKEN });
    const badKey = await codeOf(c.set('/a//b', 'x', { ttlMs: 1000 }));
    expect(badKey.code).toBe('INVALID_KEY');
    expect(badKey.message).toMatch(/^\[authstate\] \[oocd-core\] /); // the core's own rule and message
    expect((await codeOf(c.set('/a', 'x', { expiresAt: 'tomorrow' as unknown as Date }))).code).toBe('INVALID_ARGUMENT');
    expect((await codeOf(c.set('/a', 'x', { ttlMs: 1000, metadata: { k: 1 as unknown as string } }))).code).toBe('INVALID_ARGUMENT');
    const big = await codeOf(c.set('/big', 'x'.repeat(8192), { ttlMs: 1000 }));
    expect(big.code).toBe('INVALID_ARGUMENT');
    expect(big.message).toMatch(/^\[authstate\] \[client\] PUT \/v1\/entries\/big: the data service answered 413/);
    expect(await c.get('/a')).toBeUndefined(); // nothing was stored by the refused calls
  });

  test('an unknown route is NOT_FOUND even for get (not "absent"); a disabled backend (503) and no server are BACKEND', async () => {
    expect((await codeOf(new DataServiceClient(`${svc.url}/wrong-base`, { token: TOKEN }).get('/a'))).code).toBe('NOT_FOUND');
    const disabled = await codeOf(new DataServiceClient(off.url, { token: TOKEN }).list('/'));
    expect(disabled.code).toBe('BACKEND');
    expect(disabled.message).toMatch(/answered 503 DISABLED/);
    const gone = await startDataService({ config: { class: 'memory' }, host: '127.0.0.1', port: 0, token: TOKEN });
    const goneUrl = gone.url;
    await gone.close();
    const e = await codeOf(new DataServiceClient(goneUrl, { token: TOKEN }).reap());
    expect(e.code).toBe('BACKEND');
    expect(e.message).toMatch(/Cannot reach the data service at http:\/\/127\.0\.0\.1:\d+ \(POST \/v1\/reap\): .*ECONNREFUSED/);
  });
});
