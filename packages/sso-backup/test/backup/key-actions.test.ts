import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backup, checkKeyEnvName, readBundleManifest, restore, verify } from '../../src/backup/index.js';
import { login } from '../../src/zato/index.js';
import { countTokens, withPlaintext, zatoShapedFernetValues } from './fernet-data.js';
import { key1Of, key1Only, withOwnSsoKey1 } from './key-layouts.js';
import { dumpServer, secretsText, type TestServer, useServers } from './servers.js';

const sqliteServer = useServers({ users: 4, attrsPerUser: 4 });
const server = (fixtures = false): Promise<TestServer> => sqliteServer('sqlite', fixtures);
const confPath = (s: TestServer) => join(s.dir, 'config/repo/secrets.conf');

describe('the SSO key of a restore (keyAction)', () => {
  let src: TestServer;
  let file: string;
  let notTokens: Record<string, number>;
  beforeAll(async () => {
    src = await server(true);
    notTokens = (await zatoShapedFernetValues(src)).notTokens;
    file = join(src.dir, '..', 'sso.bundle');
    await backup(src.dir, file);
  });

  test('auto on a fresh server with its own sso_key1 → write: no force needed, key1 and every other line stay, 0600', async () => {
    const dst = await server();
    const before = await withOwnSsoKey1(dst);
    const r = await restore(file, dst.dir);
    expect(r).toMatchObject({ keyAction: 'write', targetKey: 'sso_key1', keyPlacement: 'written', replaced: [] });
    const after = await secretsText(dst);
    expect(after).toContain(`sso_key1=${src.key}`);
    const others = (t: string) => t.split('\n').filter((l) => !l.startsWith('sso_key1='));
    expect(others(after)).toEqual(others(before));
    expect((await stat(confPath(dst))).mode & 0o777).toBe(0o600);
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    expect((await verify(file, dst.dir)).fernetByPlaintext).toBeUndefined();
  });

  test('auto on a key1-only server (Zato 3.2) → rekey: every Fernet value decrypts under its key1, all else identical, secrets.conf untouched', async () => {
    const dst = await server();
    const conf = await key1Only(dst);
    const r = await restore(file, dst.dir);
    expect(r.keyAction).toBe('rekey');
    expect(r.targetKey).toBe('key1');
    expect(await secretsText(dst)).toBe(conf);
    const key1 = await key1Of(dst);
    const srcDump = await dumpServer(src);
    const dstDump = await dumpServer(dst);
    expect(withPlaintext(dstDump, key1)).toEqual(withPlaintext(srcDump, src.key));
    expect(countTokens(dstDump, src.key)).toEqual({}); // nothing is left under the old key
    const expected = countTokens(srcDump, src.key);
    expect(Object.keys(expected).sort()).toEqual(
      [
        'zato_sso_attr.value',
        'zato_sso_password_reset.reset_key',
        'zato_sso_user.email',
        'zato_sso_user.password',
        'zato_sso_user.totp_key',
        'zato_sso_user.totp_label',
      ].sort(),
    );
    expect(r.rekey?.reencrypted).toEqual(expected);
    expect(r.rekey?.leftAsIs).toEqual(notTokens);
    // verify compares the rekeyed columns by plaintext, and says so
    const v = await verify(file, dst.dir);
    expect(v.ok).toBe(true);
    expect(v.fernetByPlaintext).toEqual({
      targetKey: 'key1',
      columns: expect.arrayContaining(['zato_sso_user.password', 'zato_sso_attr.value']),
    });
    // the server's own key logs the user in; the old server's key no longer decrypts anything
    const user = src.users[0];
    if (!user) throw new Error('no fixture user');
    expect((await login(dst.dir, user.username, { password: user.password })).user_id).toBe(user.userId);
    await expect(login(dst.dir, user.username, { key: src.key })).rejects.toMatchObject({ code: 'WRONG_KEY' });
  });

  test('verify on a rekeyed target still finds a changed plaintext', async () => {
    const dst = await server();
    await key1Only(dst);
    await restore(file, dst.dir, { keyAction: 'rekey' });
    const { Fernet } = await import('@authstate/secrets-conf');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dst.dir, 'zato.db'));
    db.prepare('UPDATE zato_sso_user SET email = ? WHERE id = (SELECT min(id) FROM zato_sso_user)').run(
      Buffer.from(new Fernet(await key1Of(dst)).encrypt('someone-else@example.com')),
    );
    db.close();
    const v = await verify(file, dst.dir);
    expect(v.ok).toBe(false);
    expect(v.tables.filter((t) => !t.ok).map((t) => t.name)).toEqual(['zato_sso_user']);
  });

  test('write into a server holding SSO rows with a different sso_key1 → refused (tables named) unless forced', async () => {
    const dst = await server(true);
    await withOwnSsoKey1(dst);
    const data = await dumpServer(dst);
    const conf = await secretsText(dst);
    const err = await restore(file, dst.dir, { keyAction: 'write' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((err as Error).message).toMatch(/zato_sso_user \(\d+ rows\)/);
    expect(await dumpServer(dst)).toEqual(data);
    expect(await secretsText(dst)).toBe(conf);
    const r = await restore(file, dst.dir, { keyAction: 'write', force: true });
    expect(r.keyPlacement).toBe('written');
    expect(r.replaced.map((t) => t.name)).toContain('zato_sso_user');
    expect(await secretsText(dst)).toContain(`sso_key1=${src.key}`);
    // the same key again: nothing to replace in secrets.conf
    expect((await restore(file, dst.dir, { keyAction: 'write', force: true })).keyPlacement).toBe('unchanged');
  });

  test('write into a key1-only server adds sso_key1 and warns that Zato 3.2/3.3 read only key1', async () => {
    const dst = await server();
    await key1Only(dst);
    const r = await restore(file, dst.dir, { keyAction: 'write' });
    expect(r).toMatchObject({ keyAction: 'write', targetKey: 'sso_key1' });
    expect(r.warnings.join('\n')).toMatch(/read only key1/);
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
  });

  test('print returns the key with instructions and writes nothing; env names starting with ZATO are refused', async () => {
    const dst = await server();
    const conf = await withOwnSsoKey1(dst);
    const r = await restore(file, dst.dir, { keyAction: 'print', keyEnvName: 'MY_SSO_KEY' });
    expect(r).toMatchObject({ keyAction: 'print', key: src.key, targetKey: 'sso_key1' });
    expect(r.instructions).toContain('--sso-secret-key $MY_SSO_KEY');
    expect(r.instructions).not.toContain(src.key);
    expect(await secretsText(dst)).toBe(conf);
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    for (const bad of ['ZATO_SSO_KEY', 'zato_key', 'Zato1']) expect(() => checkKeyEnvName(bad)).toThrow(/reserved/);
    await expect(restore(file, dst.dir, { keyAction: 'print', keyEnvName: 'zatoKey', force: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(restore(file, dst.dir, { keyAction: 'nope' as never, force: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('a source with only key1 is backed up with that key; the manifest says so', async () => {
    const old = await server(true);
    await key1Only(old);
    const key1 = await key1Of(old);
    const f = join(old.dir, '..', 'old.bundle');
    const b = await backup(old.dir, f);
    expect(b.keyFrom).toBe('key1');
    expect((await readBundleManifest(f)).keyFrom).toBe('key1');
    const dst = await server();
    await withOwnSsoKey1(dst);
    await restore(f, dst.dir);
    expect(await secretsText(dst)).toContain(`sso_key1=${key1}`);
    expect((await readFile(confPath(dst), 'utf8')).match(/^key1=(.*)$/m)?.[1]).not.toBe(key1);
  });
});
