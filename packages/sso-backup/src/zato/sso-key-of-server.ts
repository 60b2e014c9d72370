import { validateFernetKey } from '@authstate/secrets-conf';
import { readSsoKey } from '../backup/key/sso-key-source.js';

/**
 * The SSO key to use for a server: an explicit key (validated) wins, else the key the server's
 * Zato uses (secrets.conf `sso_key1`, else `key1`; see `readSsoKey`).
 */
export async function ssoKeyForServer(
  serverDir: string,
  explicitKey?: string,
): Promise<{ key: string; from: 'explicit' | 'sso_key1' | 'key1' }> {
  if (explicitKey !== undefined) return { key: validateFernetKey(explicitKey.trim(), 'The SSO key given'), from: 'explicit' };
  return readSsoKey(serverDir);
}
