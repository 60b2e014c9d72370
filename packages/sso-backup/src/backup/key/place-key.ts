import { resolveSecretValue, SecretsConf } from '@authstate/secrets-conf';
import { fail } from '../errors.js';
import { secretsConfPath } from './sso-key-source.js';

/** What happened to the key in the target's secrets.conf. */
export type KeyPlacement = 'written' | 'unchanged';

/**
 * Puts the SSO key into the target server's secrets.conf as `[secret_keys] sso_key1`, keeping
 * `key1` and every other line as it was. Refuses (ALREADY_EXISTS) to replace a different
 * `sso_key1` unless `force`; does nothing when the same key is there already.
 */
export async function placeKey(serverDir: string, key: string, opts: { force?: boolean } = {}): Promise<KeyPlacement> {
  const path = secretsConfPath(serverDir);
  const conf = await SecretsConf.read(path);
  const existing = conf.get('secret_keys', 'sso_key1');
  if (existing !== undefined && existing.trim() !== '') {
    const resolved = await resolveSecretValue(existing).catch(() => undefined);
    if (resolved === key) return 'unchanged';
    if (!opts.force) {
      throw fail(
        'ALREADY_EXISTS',
        `${path} already has a different [secret_keys] sso_key1. Data encrypted with it would become unreadable; restore with force to replace it.`,
      );
    }
  }
  conf.set('secret_keys', 'sso_key1', key);
  await conf.write(path);
  return 'written';
}

/** Checks the target's secrets.conf would accept the key, before any data is loaded. */
export async function checkKeyPlacement(serverDir: string, key: string, opts: { force?: boolean } = {}): Promise<void> {
  const conf = await SecretsConf.read(secretsConfPath(serverDir));
  const existing = conf.get('secret_keys', 'sso_key1');
  if (existing === undefined || existing.trim() === '' || opts.force) return;
  const resolved = await resolveSecretValue(existing).catch(() => undefined);
  if (resolved !== key) {
    throw fail(
      'ALREADY_EXISTS',
      `${secretsConfPath(serverDir)} already has a different [secret_keys] sso_key1. Data encrypted with it would become unreadable; restore with force to replace it.`,
    );
  }
}

/**
 * Checks a name for an environment variable that will hold the SSO key: names starting with
 * `ZATO` (any case) are reserved for Zato itself.
 */
export function checkKeyEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw fail('INVALID_ARGUMENT', `${JSON.stringify(name)} is not a valid environment variable name.`);
  if (/^zato/i.test(name))
    throw fail(
      'INVALID_ARGUMENT',
      `Environment variable names starting with ZATO (in any case) are reserved for Zato; choose another name than ${name}.`,
    );
  return name;
}

/**
 * How to give the restored key to the new server without writing it to secrets.conf (the seed's
 * options): `zato start <dir> --sso-secret-key <key>`, or through an environment variable.
 * The key itself is not included; the caller shows it separately.
 */
export function keyInstructions(serverDir: string, envName = 'MY_SSO_SECRET_KEY'): string {
  checkKeyEnvName(envName);
  return [
    `Add it to ${secretsConfPath(serverDir)} under [secret_keys] as sso_key1=<key>, or`,
    `start the server with it: zato start ${serverDir} --sso-secret-key <key>, or`,
    `export ${envName}=<key> and run: zato start ${serverDir} --sso-secret-key $${envName}`,
  ].join('\n');
}
