import { fail } from './errors.js';
import { validateFernetKey } from './fernet-key.js';
import { type ResolveOptions, resolveSecretValue } from './resolve-secret.js';
import type { SecretsConf } from './secrets-conf.js';

/** Section of secrets.conf that holds the Fernet keys. */
export const SECRET_KEYS_SECTION = 'secret_keys';

/** Which entry of `[secret_keys]` a key came from. */
export type SsoKeyName = 'sso_key1' | 'key1';

/**
 * THE rule for which entry of `[secret_keys]` a server's SSO data is encrypted with: `sso_key1`
 * when present (non-empty), else `key1` (the seed and Zato's code agree: Zato 3.2/3.3 have only
 * key1; newer Zato prefers sso_key1). `undefined` when the file has neither. Every reader of a
 * server's SSO key goes through this function.
 *
 * @example
 * ```ts
 * activeSsoKeyName(SecretsConf.parse('[secret_keys]\nkey1=abc=\n')); // 'key1'
 * ```
 */
export function activeSsoKeyName(conf: SecretsConf): SsoKeyName | undefined {
  for (const name of ['sso_key1', 'key1'] as const) {
    const raw = conf.get(SECRET_KEYS_SECTION, name);
    if (raw !== undefined && raw.trim() !== '') return name;
  }
  return undefined;
}

/**
 * The Fernet key that encrypts a server's SSO data, by {@link activeSsoKeyName}'s rule. The value is resolved (`$NAME`, `zato+stdin:///`,
 * `zato.secf.`) and validated; CONFIG error when neither exists or the value is not a Fernet key.
 *
 * @example
 * ```ts
 * const { key, from } = await ssoKeyOf(await SecretsConf.read(path)); // from: 'sso_key1' | 'key1'
 * ```
 */
export async function ssoKeyOf(conf: SecretsConf, opts: ResolveOptions = {}): Promise<{ key: string; from: SsoKeyName }> {
  const name = activeSsoKeyName(conf);
  if (name !== undefined) return { key: await keyFrom(conf.get(SECRET_KEYS_SECTION, name) ?? '', name, conf, opts), from: name };
  throw fail(
    'CONFIG',
    `${conf.path ?? 'secrets.conf'} has neither [secret_keys] sso_key1 nor key1. Is this a Zato server's config/repo/secrets.conf?`,
  );
}

/** `[secret_keys] key1`, resolved and validated (what Zato's own secrets are encrypted with). */
export async function key1Of(conf: SecretsConf, opts: ResolveOptions = {}): Promise<string> {
  const raw = conf.get(SECRET_KEYS_SECTION, 'key1');
  if (raw === undefined || raw.trim() === '') throw fail('CONFIG', `${conf.path ?? 'secrets.conf'} has no [secret_keys] key1.`);
  return keyFrom(raw, 'key1', conf, opts);
}

async function keyFrom(raw: string, name: string, conf: SecretsConf, opts: ResolveOptions): Promise<string> {
  return validateFernetKey(await resolveSecretValue(raw, opts), `${conf.path ?? 'secrets.conf'} [${SECRET_KEYS_SECTION}] ${name}`);
}
