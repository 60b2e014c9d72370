// Zato's start-up check (CryptoManager.check_consistency) on servers made by initServer, and on
// secrets.conf files that Zato would refuse to start with.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fernet, SecretsConf } from '@authstate/secrets-conf';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { checkWellKnownData, initServer, serverPaths } from '../../src/zato/index.js';

let root: string;
let dir: string;
let original: string;
let key1: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zato-startup-'));
  dir = join(root, 'server');
  await initServer(dir);
  original = await readFile(serverPaths(dir).secretsConf, 'utf8');
  key1 = SecretsConf.parse(original).get('secret_keys', 'key1') as string;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Rewrites the server's secrets.conf with one change to the original text. */
async function withSecrets(edit: (text: string) => string): Promise<void> {
  await writeFile(serverPaths(dir).secretsConf, edit(original));
}

const wellKnownLine = /^well_known_data=.*$/m;

describe('checkWellKnownData(serverDir)', () => {
  test('a new server passes and the check returns its key1', async () => {
    await withSecrets((t) => t);
    await expect(checkWellKnownData(dir)).resolves.toBe(key1);
  });

  test('the zato.secf. prefix and a trailing comment are tolerated, as Zato reads them', async () => {
    await withSecrets((t) => t.replace(wellKnownLine, `well_known_data=zato.secf.${new Fernet(key1).encrypt('3.141592...')}   # π`));
    await expect(checkWellKnownData(dir)).resolves.toBe(key1);
  });

  test('50 digits of pi (what authstate wrote before) is refused: CORRUPT, as Zato refuses to start', async () => {
    const pi50 = '3.14159265358979323846264338327950288419716939937510';
    await withSecrets((t) => t.replace(wellKnownLine, `well_known_data=${new Fernet(key1).encrypt(pi50)}`));
    await expect(checkWellKnownData(dir)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('3.141592...') });
  });

  test('a key1 that does not decrypt it is WRONG_KEY; the message holds no key', async () => {
    const other = Fernet.generateKey();
    await withSecrets((t) => t.replace(`key1=${key1}`, `key1=${other}`));
    const e = (await checkWellKnownData(dir).then(
      () => undefined,
      (x: unknown) => x,
    )) as Error & { code: string };
    expect(e).toMatchObject({ code: 'WRONG_KEY' });
    expect(e.message).not.toContain(other);
    expect(e.message).not.toContain(key1);
  });

  test('a missing entry or key1 is CONFIG; a missing secrets.conf NOT_FOUND', async () => {
    await withSecrets((t) => t.replace(wellKnownLine, ''));
    await expect(checkWellKnownData(dir)).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('well_known_data') });
    await withSecrets((t) => t.replace(`key1=${key1}`, ''));
    await expect(checkWellKnownData(dir)).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('key1') });
    await expect(checkWellKnownData(join(root, 'nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
