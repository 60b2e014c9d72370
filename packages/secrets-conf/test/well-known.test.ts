// [zato] well_known_data and Zato's start-up check (CryptoManager.check_consistency), including a
// cross-check with Python's `cryptography` Fernet — the library Zato itself uses — when installed.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { checkWellKnownData, Fernet, makeWellKnownData, SecretsConf, WELL_KNOWN_DATA } from '../src/index.js';

/** secrets.conf as Zato 3.2's create_server.py `secrets_conf_template` lays it out. */
function zatoSecrets(key1: string, wellKnown: string): SecretsConf {
  const f = new Fernet(key1);
  return SecretsConf.parse(
    `\n[secret_keys]\nkey1=${key1}\n\n[zato]\nwell_known_data=${wellKnown} # Pi number\n` +
      `server_conf.kvdb.password=${f.encrypt('')}\nserver_conf.main.token=${f.encrypt('0'.repeat(32))}\n` +
      `server_conf.misc.jwt_secret=${f.encrypt(Fernet.generateKey())}\nserver_conf.odb.password=${f.encrypt('')}\n`,
    'secrets.conf',
  );
}

const python = spawnSync('python3', ['-c', 'import cryptography'], { encoding: 'utf8' });
const hasPythonFernet = python.status === 0;
if (!hasPythonFernet) console.warn('[secrets-conf] python3 with cryptography not found: the Python cross-check is skipped');

function py(script: string, input: string): string {
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe('well_known_data', () => {
  test('is the literal 11 characters Zato compares with ("3.141592...", three dots)', () => {
    expect(WELL_KNOWN_DATA).toBe('3.141592...');
    expect(WELL_KNOWN_DATA).toHaveLength(11);
  });

  test('checkWellKnownData passes a create_server.py layout and returns key1; $NAME keys are resolved', async () => {
    const key1 = Fernet.generateKey();
    await expect(checkWellKnownData(zatoSecrets(key1, makeWellKnownData(key1)))).resolves.toBe(key1);
    const viaEnv = SecretsConf.parse(zatoSecrets(key1, makeWellKnownData(key1)).toString().replace(`key1=${key1}`, 'key1=$MY_KEY1'));
    await expect(checkWellKnownData(viaEnv, { env: { MY_KEY1: key1 } })).resolves.toBe(key1);
  });

  test('refuses what Zato refuses: other plaintext CORRUPT, other key WRONG_KEY, missing CONFIG', async () => {
    const key1 = Fernet.generateKey();
    const f = new Fernet(key1);
    await expect(checkWellKnownData(zatoSecrets(key1, f.encrypt('3.14159265358979323846')))).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(checkWellKnownData(zatoSecrets(key1, f.encrypt('3.141592... ')))).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(checkWellKnownData(zatoSecrets(key1, makeWellKnownData(Fernet.generateKey())))).rejects.toMatchObject({
      code: 'WRONG_KEY',
    });
    await expect(checkWellKnownData(SecretsConf.parse(`[secret_keys]\nkey1=${key1}\n`))).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(checkWellKnownData(SecretsConf.parse(`[zato]\nwell_known_data=${makeWellKnownData(key1)}\n`))).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });

  (hasPythonFernet ? test : test.skip)('interoperates with Python cryptography.Fernet both ways', async () => {
    const key1 = Fernet.generateKey();
    // what create_server.py does: fernet1.encrypt(well_known_data.encode('utf8')).decode('utf8')
    const fromPython = py(
      "import sys; from cryptography.fernet import Fernet; k=sys.stdin.read().strip(); print(Fernet(k.encode()).encrypt('3.141592...'.encode('utf8')).decode('utf8'))",
      key1,
    );
    await expect(checkWellKnownData(zatoSecrets(key1, fromPython))).resolves.toBe(key1);
    // what check_consistency does with ours
    const ours = makeWellKnownData(key1);
    const decrypted = py(
      "import sys; from cryptography.fernet import Fernet; k,t=sys.stdin.read().split(); print(Fernet(k.encode()).decrypt(t.encode()).decode('utf8') == '3.141592...')",
      `${key1} ${ours}`,
    );
    expect(decrypted).toBe('True');
  });
});
