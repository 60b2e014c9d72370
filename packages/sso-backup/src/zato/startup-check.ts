import { checkWellKnownData as checkConf, SecretsConf } from '@authstate/secrets-conf';
import { serverPaths } from './server-paths.js';

/**
 * The start-up check a Zato server makes, for a server directory: its `config/repo/secrets.conf`
 * `[zato] well_known_data`, decrypted with `[secret_keys] key1`, must be exactly `3.141592...`.
 * Resolves to key1 when it is; throws NOT_FOUND (no secrets.conf), CONFIG (key1 or the entry
 * missing), WRONG_KEY (key1 does not decrypt it) or CORRUPT (it decrypts to anything else).
 *
 * @example
 * ```ts
 * await checkWellKnownData('/home/zato/sso2/server'); // throws when Zato would refuse to start
 * ```
 */
export async function checkWellKnownData(serverDir: string): Promise<string> {
  return checkConf(await SecretsConf.read(serverPaths(serverDir).secretsConf));
}
