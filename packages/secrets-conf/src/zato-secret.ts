import { fail } from './errors.js';
import { Fernet } from './fernet.js';
import { type ResolveOptions, resolveSecretValue } from './resolve-secret.js';
import type { SecretsConf } from './secrets-conf.js';
import { key1Of } from './sso-key.js';

/** Prefix of a reference to a secrets.conf entry (`SECRETS.URL_PREFIX`). */
export const ZATO_SECRET_URL_PREFIX = 'zato+secret://';

/** True when a config value is a `zato+secret://group.key` reference. */
export function isZatoSecretUrl(value: string): boolean {
  return value.trim().startsWith(ZATO_SECRET_URL_PREFIX);
}

/**
 * Resolves `zato+secret://group.key` (e.g. server.conf's `[odb] password =
 * zato+secret://zato.server_conf.odb.password`): the value of `[group] key` in secrets.conf,
 * resolved and, when it is a Fernet token, decrypted with `[secret_keys] key1`.
 *
 * @example
 * ```ts
 * const password = await resolveZatoSecret('zato+secret://zato.server_conf.odb.password', conf);
 * ```
 */
export async function resolveZatoSecret(url: string, conf: SecretsConf, opts: ResolveOptions = {}): Promise<string> {
  const ref = url.trim();
  if (!ref.startsWith(ZATO_SECRET_URL_PREFIX)) throw fail('INVALID_ARGUMENT', `Not a zato+secret:// reference: "${ref}".`);
  const path = ref.slice(ZATO_SECRET_URL_PREFIX.length);
  const dot = path.indexOf('.');
  if (dot <= 0 || dot === path.length - 1) {
    throw fail('INVALID_ARGUMENT', `"${ref}" should be zato+secret://<section>.<key>, e.g. zato+secret://zato.server_conf.odb.password.`);
  }
  const [group, key] = [path.slice(0, dot), path.slice(dot + 1)];
  const raw = conf.get(group, key);
  if (raw === undefined) throw fail('CONFIG', `${ref} points at [${group}] ${key}, which ${conf.path ?? 'secrets.conf'} does not have.`);
  const value = await resolveSecretValue(raw, opts);
  if (!value.startsWith('gAAAA')) return value;
  const fernet = new Fernet(await key1Of(conf, opts));
  try {
    return fernet.decrypt(value).toString('utf8');
  } catch (e) {
    throw fail('WRONG_KEY', `[secret_keys] key1 does not decrypt [${group}] ${key} of ${conf.path ?? 'secrets.conf'}.`, e);
  }
}
