import { access } from 'node:fs/promises';
import { SecretsConf, type SsoKeyName, ssoKeyOf } from '@authstate/secrets-conf';
import { serverPaths } from '../../zato/server-paths.js';
import { fail } from '../errors.js';

/** The path of a Zato server's secrets.conf. */
export function secretsConfPath(serverDir: string): string {
  return serverPaths(serverDir).secretsConf;
}

/**
 * The SSO key a server's Zato uses — the one home of that question for backup, restore, verify,
 * login and the demo: `[secret_keys] sso_key1` if its secrets.conf has one, else `key1`
 * (`activeSsoKeyName` of `@authstate/secrets-conf` holds the rule), resolved and validated.
 * CONFIG error when the server has no secrets.conf.
 *
 * @example
 * ```ts
 * const { key, from } = await readSsoKey('/home/zato/sso2/server'); // from: 'sso_key1' | 'key1'
 * ```
 */
export async function readSsoKey(serverDir: string): Promise<{ key: string; from: SsoKeyName }> {
  const path = secretsConfPath(serverDir);
  try {
    await access(path);
  } catch (e) {
    throw fail('CONFIG', `${path} does not exist, so the server's SSO key cannot be read. Pass the directory of a Zato server.`, e);
  }
  return ssoKeyOf(await SecretsConf.read(path));
}
