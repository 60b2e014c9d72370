import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { activeSsoKeyName, Fernet, prepareFileAtomic, SecretsConf, ssoKeyOf } from '../src/index.js';

describe('the active SSO key of a secrets.conf (one rule)', () => {
  const k1 = Fernet.generateKey();
  const sso = Fernet.generateKey();
  test.each([
    [`[secret_keys]\nkey1=${k1}\nsso_key1=${sso}\n`, 'sso_key1', sso],
    [`[secret_keys]\nkey1=${k1}\n`, 'key1', k1],
    [`[secret_keys]\nkey1=${k1}\nsso_key1=\n`, 'key1', k1],
    [`[secret_keys]\r\nsso_key1=${sso}\r\nkey1=${k1}\r\n`, 'sso_key1', sso],
  ])('%j → %s', async (text, name, key) => {
    const conf = SecretsConf.parse(text);
    expect(activeSsoKeyName(conf)).toBe(name);
    expect(await ssoKeyOf(conf)).toEqual({ key, from: name });
  });

  test('neither key → undefined, and ssoKeyOf says what is missing', async () => {
    const conf = SecretsConf.parse('[zato]\nx=1\n');
    expect(activeSsoKeyName(conf)).toBeUndefined();
    await expect(ssoKeyOf(conf)).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/neither \[secret_keys\] sso_key1 nor key1/),
    });
  });
});

describe('prepareFileAtomic', () => {
  test('nothing visible until commit; discard leaves the old file and no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prep-'));
    try {
      const path = join(dir, 'secrets.conf');
      await writeFile(path, 'old', { mode: 0o644 });
      const discarded = await prepareFileAtomic(path, 'never');
      expect(await readFile(path, 'utf8')).toBe('old');
      await discarded.discard();
      expect(await readdir(dir)).toEqual(['secrets.conf']);
      const next = await prepareFileAtomic(path, 'new');
      expect((await stat(next.tmpPath)).mode & 0o777).toBe(0o600);
      expect(await readFile(path, 'utf8')).toBe('old');
      await next.commit();
      expect(await readFile(path, 'utf8')).toBe('new');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await readdir(dir)).toEqual(['secrets.conf']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
