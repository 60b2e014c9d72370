import type { OutOfContextDataService } from '@authstate/oocd-core';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createOidcAdapter } from '../src/index.js';
import { backendKinds, useBackend } from './backends.js';

const id = () => Math.random().toString(36).slice(2);

describe.each(backendKinds())('OocdAdapter on %s', (kind) => {
  const target = useBackend(kind);
  let adapter: ReturnType<typeof createOidcAdapter>;

  beforeAll(async () => {
    adapter = createOidcAdapter(target.oocd);
  }, 600_000);

  it('stores a payload per model and finds it again; expiry from expiresIn', async () => {
    const interaction = adapter('Interaction');
    const jti = id();
    const before = Date.now();
    await interaction.upsert(jti, { jti, kind: 'Interaction', exp: 1 }, 60);
    expect(await interaction.find(jti)).toEqual({ jti, kind: 'Interaction', exp: 1 });
    expect(await adapter('Session').find(jti)).toBeUndefined();
    const [entry] = await target.oocd.list('/oidc/Interaction');
    expect(entry?.key).toBe(`/oidc/Interaction/${jti}`);
    // 60 s after the upsert: between 60 s after the call began and 60 s from now (however long it took).
    expect(entry!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(entry!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    await interaction.upsert(jti, { jti, kind: 'Interaction' }, 0);
    expect(await interaction.find(jti)).toBeUndefined();
  });

  it('keeps tokens of a grant in one branch; revokeByGrantId removes only that model of that grant', async () => {
    const grantId = id();
    const other = id();
    const [at, rt, otherAt] = [id(), id(), id()];
    await adapter('AccessToken').upsert(at, { jti: at, grantId }, 3600);
    await adapter('RefreshToken').upsert(rt, { jti: rt, grantId }, 3600);
    await adapter('AccessToken').upsert(otherAt, { jti: otherAt, grantId: other }, 3600);
    expect(await target.oocd.children(`/oidc/grants/${grantId}`)).toEqual(['AccessToken', 'RefreshToken']);
    expect(await adapter('AccessToken').find(at)).toEqual({ jti: at, grantId });
    await adapter('AccessToken').revokeByGrantId(grantId);
    expect(await adapter('AccessToken').find(at)).toBeUndefined();
    expect(await adapter('RefreshToken').find(rt)).toEqual({ jti: rt, grantId });
    expect(await adapter('AccessToken').find(otherAt)).toEqual({ jti: otherAt, grantId: other });
  });

  it('consumes once: the second consume is invalid_grant and the payload shows consumed', async () => {
    const code = id();
    const ac = adapter('AuthorizationCode');
    await ac.upsert(code, { jti: code, grantId: id() }, 60);
    expect((await ac.find(code))?.consumed).toBeUndefined();
    await ac.consume(code);
    expect(typeof (await ac.find(code))?.consumed).toBe('number');
    await expect(ac.consume(code)).rejects.toMatchObject({ error: 'invalid_grant', statusCode: 400 });
    await expect(ac.consume(id())).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('finds a session by uid and a device code by user code; destroy removes the indexes', async () => {
    const sessions = adapter('Session');
    const [sid, uid] = [id(), id()];
    await sessions.upsert(sid, { jti: sid, uid }, 600);
    expect(await sessions.findByUid(uid)).toEqual({ jti: sid, uid });
    const devices = adapter('DeviceCode');
    const [dc, userCode] = [id(), 'BCDF-GHJK'];
    await devices.upsert(dc, { jti: dc, userCode }, 600);
    expect(await devices.findByUserCode(userCode)).toEqual({ jti: dc, userCode });
    // Approved: the payload moves into its grant's branch; the user code still finds it.
    const grantId = id();
    await devices.upsert(dc, { jti: dc, userCode, grantId }, 600);
    expect(await devices.findByUserCode(userCode)).toEqual({ jti: dc, userCode, grantId });
    await sessions.destroy(sid);
    await devices.destroy(dc);
    expect(await sessions.findByUid(uid)).toBeUndefined();
    expect(await devices.findByUserCode(userCode)).toBeUndefined();
    expect(await target.oocd.list('/oidc/index', { recursive: true })).toEqual([]);
    expect(await target.oocd.list(`/oidc/grants/${grantId}`, { recursive: true })).toEqual([]);
  });

  it('never follows an index to a payload it does not match (a rotated session id)', async () => {
    const sessions = adapter('Session');
    const [oldId, newId, uid] = [id(), id(), id()];
    await sessions.upsert(oldId, { jti: oldId, uid }, 600);
    await target.oocd.set(`/oidc/index/uid/${uid}`, newId, { ttlMs: 600_000 }); // index ahead of its payload
    expect(await sessions.findByUid(uid)).toBeUndefined();
    await sessions.upsert(newId, { jti: newId, uid: 'someone-else' }, 600);
    expect(await sessions.findByUid(uid)).toBeUndefined();
  });

  it('treats hostile identifiers as unknown, and keeps them inside their segment', async () => {
    const ac = adapter('AuthorizationCode');
    for (const bad of ['', '.', '..', '../grants/x', 'a/b', '\u0000', '\uD800', 'x'.repeat(2000)]) {
      expect(await ac.find(bad)).toBeUndefined();
      expect(await adapter('Session').findByUid(bad)).toBeUndefined();
      expect(await adapter('DeviceCode').findByUserCode(bad)).toBeUndefined();
    }
    await ac.upsert('../a b/%', { jti: 'x' }, 60);
    expect(await ac.find('../a b/%')).toEqual({ jti: 'x' });
    expect((await target.oocd.list('/oidc/AuthorizationCode')).map((e) => e.key)).toContain('/oidc/AuthorizationCode/%2E.%2Fa%20b%2F%25');
  });
});

describe('createOidcAdapter', () => {
  it('refuses something that is not an OOCD service, and a bad base', () => {
    expect(() => createOidcAdapter({} as OutOfContextDataService)).toThrow(/OutOfContextDataService/);
    const fake = { create() {}, remove() {} } as unknown as OutOfContextDataService;
    expect(() => createOidcAdapter(fake, { base: 'oidc' })).toThrow(/must start with/);
  });
});
