import { describe, expect, test } from '@jest/globals';
import {
  Fernet,
  keyBelongsToServer,
  makeWellKnownData,
  resolveSecretValue,
  resolveZatoSecret,
  SecretsConf,
  ssoKeyOf,
} from '../src/index.js';

const KEY1 = Fernet.generateKey();
const SSO = Fernet.generateKey();

function conf(lines: string[]): SecretsConf {
  return SecretsConf.parse(`${lines.join('\n')}\n`, '/srv/secrets.conf');
}

describe('SSO key lookup', () => {
  test('sso_key1 wins over key1; key1 is the fallback; an empty sso_key1 counts as absent', async () => {
    expect(await ssoKeyOf(conf(['[secret_keys]', `key1=${KEY1}`, `sso_key1=${SSO}`]))).toEqual({ key: SSO, from: 'sso_key1' });
    expect(await ssoKeyOf(conf(['[secret_keys]', `key1=${KEY1}`]))).toEqual({ key: KEY1, from: 'key1' });
    expect(await ssoKeyOf(conf(['[secret_keys]', `key1=${KEY1}`, 'sso_key1=']))).toEqual({ key: KEY1, from: 'key1' });
  });

  test('neither key, or a non-Fernet value, is a CONFIG error naming the entry', async () => {
    await expect(ssoKeyOf(conf(['[zato]', 'a=b']))).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(ssoKeyOf(conf(['[secret_keys]', 'sso_key1=hunter2']))).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('sso_key1'),
    });
    await expect(ssoKeyOf(conf(['[secret_keys]', 'sso_key1=hunter2']))).rejects.toMatchObject({
      message: expect.not.stringContaining('hunter2'),
    });
  });

  test('$NAME, zato+stdin:/// and the zato.secf. prefix are resolved', async () => {
    const env = { MY_SSO_KEY: SSO };
    expect(await ssoKeyOf(conf(['[secret_keys]', `key1=${KEY1}`, 'sso_key1=$MY_SSO_KEY']), { env })).toEqual({
      key: SSO,
      from: 'sso_key1',
    });
    expect(await ssoKeyOf(conf(['[secret_keys]', 'key1=zato+stdin:///']), { stdin: async () => `${KEY1}\n` })).toEqual({
      key: KEY1,
      from: 'key1',
    });
    expect(await resolveSecretValue('zato.secf.gAAAAAxyz')).toBe('gAAAAAxyz');
    expect(await resolveSecretValue('$V', { env: { V: 'zato.secf.abc' } })).toBe('abc');
    expect(await resolveSecretValue('plain')).toBe('plain');
    await expect(resolveSecretValue('$UNSET_FOR_SURE_123', { env: {} })).rejects.toMatchObject({ code: 'CONFIG' });
  });
});

describe('zato+secret:// and well_known_data', () => {
  const f1 = new Fernet(KEY1);
  const c = conf([
    '[secret_keys]',
    `key1=${KEY1}`,
    '[zato]',
    `well_known_data=${makeWellKnownData(KEY1)}`,
    `server_conf.odb.password=zato.secf.${f1.encrypt('db-pässword')}`,
    'server_conf.plain=plain-value',
  ]);

  test('decrypts server.conf [odb] password references with key1', async () => {
    expect(await resolveZatoSecret('zato+secret://zato.server_conf.odb.password', c)).toBe('db-pässword');
    expect(await resolveZatoSecret('zato+secret://zato.server_conf.plain', c)).toBe('plain-value');
    await expect(resolveZatoSecret('zato+secret://zato.missing', c)).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(resolveZatoSecret('zato+secret://nodot', c)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('a token under another key1 is WRONG_KEY', async () => {
    const other = conf(['[secret_keys]', `key1=${Fernet.generateKey()}`, '[zato]', `server_conf.odb.password=${f1.encrypt('x')}`]);
    await expect(resolveZatoSecret('zato+secret://zato.server_conf.odb.password', other)).rejects.toMatchObject({ code: 'WRONG_KEY' });
  });

  test('keyBelongsToServer: key1 yes, another key no', () => {
    expect(keyBelongsToServer(KEY1, c)).toBe(true);
    expect(keyBelongsToServer(SSO, c)).toBe(false);
    expect(() => keyBelongsToServer(KEY1, conf(['[zato]']))).toThrow(/well_known_data/);
  });
});
