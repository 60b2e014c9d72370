import { SecretsConf, ssoKeyOf, validateFernetKey } from '@authstate/secrets-conf';
import { serverPaths } from './server-paths.js';

/**
 * The SSO key to use for a server: an explicit key (validated) wins, else its secrets.conf
 * `sso_key1`, else `key1`.
 */
export async function ssoKeyForServer(
  serverDir: string,
  explicitKey?: string,
): Promise<{ key: string; from: 'explicit' | 'sso_key1' | 'key1' }> {
  if (explicitKey !== undefined) return { key: validateFernetKey(explicitKey.trim(), 'The SSO key given'), from: 'explicit' };
  return ssoKeyOf(await SecretsConf.read(serverPaths(serverDir).secretsConf));
}
