import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretsConf, ssoKeyOf } from '@authstate/secrets-conf';
import { fail } from '../errors.js';

/** The path of a Zato server's secrets.conf. */
export function secretsConfPath(serverDir: string): string {
  return join(serverDir, 'config', 'repo', 'secrets.conf');
}

/**
 * The SSO key of a server (`[secret_keys] sso_key1`, else `key1`), resolved and validated.
 * CONFIG error when the server has no secrets.conf.
 */
export async function readSsoKey(serverDir: string): Promise<{ key: string; from: 'sso_key1' | 'key1' }> {
  const path = secretsConfPath(serverDir);
  try {
    await access(path);
  } catch (e) {
    throw fail('CONFIG', `${path} does not exist; the SSO key cannot be backed up. Pass the directory of the Zato server.`, e);
  }
  return ssoKeyOf(await SecretsConf.read(path));
}
