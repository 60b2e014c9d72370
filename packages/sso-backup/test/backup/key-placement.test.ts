import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backup, checkKeyEnvName, readBundleManifest, restore } from '../../src/backup/index.js';
import { dumpServer, secretsText, type TestServer, useServers } from './servers.js';

const sqliteServer = useServers({ users: 2, attrsPerUser: 2 });
const server = (fixtures = false): Promise<TestServer> => sqliteServer('sqlite', fixtures);
const confPath = (s: TestServer) => join(s.dir, 'config/repo/secrets.conf');
async function withoutSsoKey1(s: TestServer): Promise<string> {
  const text = (await secretsText(s)).replace(/^sso_key1=.*\n/m, '');
  await writeFile(confPath(s), text);
  return text;
}

describe('the SSO key', () => {
  let src: TestServer;
  let file: string;
  beforeAll(async () => {
    src = await server(true);
    file = join(src.dir, '..', 'sso.bundle');
    await backup(src.dir, file);
  });

  test('is written as sso_key1 into a target that has only key1; key1 and every other line stay', async () => {
    const dst = await server();
    const before = await withoutSsoKey1(dst);
    const r = await restore(file, dst.dir);
    expect(r.keyPlacement).toBe('written');
    const after = await secretsText(dst);
    expect(after).toContain(`sso_key1=${src.key}`);
    expect(
      after
        .split('\n')
        .filter((l) => !l.startsWith('sso_key1='))
        .filter(Boolean),
    ).toEqual(before.split('\n').filter(Boolean));
    expect((await stat(confPath(dst))).mode & 0o777).toBe(0o600);
  });

  test('a different existing sso_key1 is refused (data untouched) unless forced', async () => {
    const dst = await server(true);
    const data = await dumpServer(dst);
    const conf = await secretsText(dst);
    await expect(restore(file, dst.dir)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await dumpServer(dst)).toEqual(data);
    expect(await secretsText(dst)).toBe(conf);
    const r = await restore(file, dst.dir, { force: true });
    expect(r.keyPlacement).toBe('written');
    expect(await secretsText(dst)).toContain(`sso_key1=${src.key}`);
    expect(await secretsText(dst)).toContain(conf.match(/^key1=.*$/m)?.[0] ?? 'key1 missing');
    // the same key again: nothing to replace
    expect((await restore(file, dst.dir)).keyPlacement).toBe('unchanged');
  });

  test("keyAction 'print' returns the key and leaves secrets.conf alone; env names starting ZATO are refused", async () => {
    const dst = await server();
    const conf = await secretsText(dst);
    const r = await restore(file, dst.dir, { keyAction: 'print', keyEnvName: 'MY_SSO_KEY' });
    expect(r.key).toBe(src.key);
    expect(r.instructions).toContain('--sso-secret-key $MY_SSO_KEY');
    expect(r.instructions).not.toContain(src.key);
    expect(await secretsText(dst)).toBe(conf);
    for (const bad of ['ZATO_SSO_KEY', 'zato_key', 'Zato1']) expect(() => checkKeyEnvName(bad)).toThrow(/reserved/);
    await expect(restore(file, dst.dir, { keyAction: 'print', keyEnvName: 'zatoKey' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('a source with only key1 is backed up with that key, stored as sso_key1', async () => {
    const old = await server(true);
    await withoutSsoKey1(old);
    const key1 = (await secretsText(old)).match(/^key1=(.*)$/m)?.[1];
    const f = join(old.dir, '..', 'old.bundle');
    const b = await backup(old.dir, f);
    expect(b.keyFrom).toBe('key1');
    expect((await readBundleManifest(f)).keyFrom).toBe('key1');
    const dst = await server();
    await withoutSsoKey1(dst);
    await restore(f, dst.dir);
    expect(await secretsText(dst)).toContain(`sso_key1=${key1}`);
    expect((await readFile(confPath(dst), 'utf8')).match(/^key1=(.*)$/m)?.[1]).not.toBe(key1);
  });
});
