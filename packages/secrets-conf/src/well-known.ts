import { fail } from './errors.js';
import { Fernet } from './fernet.js';
import { type ResolveOptions, resolveSecretValue } from './resolve-secret.js';
import type { SecretsConf } from './secrets-conf.js';
import { key1Of } from './sso-key.js';

/**
 * The plain text of `[zato] well_known_data`: the literal 11 characters `3.141592...` (Zato's
 * `zato.common.crypto.const.well_known_data`, "π number"), Fernet-encrypted with key1.
 */
export const WELL_KNOWN_DATA = '3.141592...';

/** Where `[zato] well_known_data` lives in secrets.conf. */
const SECTION = 'zato';
const NAME = 'well_known_data';

/** The `[zato] well_known_data` token of a secrets.conf (prefix `zato.secf.` removed); CONFIG when missing. */
async function wellKnownToken(conf: SecretsConf, opts: ResolveOptions): Promise<string> {
  const raw = conf.get(SECTION, NAME);
  if (!raw) throw fail('CONFIG', `${conf.path ?? 'secrets.conf'} has no [zato] well_known_data to check a key against.`);
  return resolveSecretValue(raw, opts);
}

/**
 * Whether `key` is the key of the server whose secrets.conf this is: true when it decrypts
 * `[zato] well_known_data`. CONFIG error when `key` is not a Fernet key or the entry is missing.
 *
 * @example
 * ```ts
 * if (!keyBelongsToServer(key, conf)) console.warn('this key is not the server key1');
 * ```
 */
export function keyBelongsToServer(key: string, conf: SecretsConf): boolean {
  const token = conf.get(SECTION, NAME);
  if (!token) throw fail('CONFIG', `${conf.path ?? 'secrets.conf'} has no [zato] well_known_data to check a key against.`);
  const fernet = new Fernet(key);
  try {
    fernet.decrypt(token.replace(/^zato\.secf\./, ''));
    return true;
  } catch {
    return false;
  }
}

/**
 * The check a Zato server makes at start-up (`CryptoManager.check_consistency`): `[zato]
 * well_known_data` decrypted with `[secret_keys] key1` must be exactly {@link WELL_KNOWN_DATA}.
 * Resolves (to key1) when it is; otherwise throws: CONFIG when key1 or the entry is missing or key1
 * is not a Fernet key, WRONG_KEY when key1 does not decrypt it, CORRUPT when it decrypts to
 * anything else (Zato refuses to start on all three).
 *
 * @example
 * ```ts
 * await checkWellKnownData(await SecretsConf.read(`${serverDir}/config/repo/secrets.conf`));
 * ```
 */
export async function checkWellKnownData(conf: SecretsConf, opts: ResolveOptions = {}): Promise<string> {
  const where = conf.path ?? 'secrets.conf';
  const key1 = await key1Of(conf, opts);
  const token = await wellKnownToken(conf, opts);
  let plain: string;
  try {
    plain = new Fernet(key1).decrypt(token).toString('utf8');
  } catch (e) {
    throw fail('WRONG_KEY', `[secret_keys] key1 of ${where} does not decrypt [zato] well_known_data: Zato would not start.`, e);
  }
  if (plain !== WELL_KNOWN_DATA) {
    throw fail(
      'CORRUPT',
      `[zato] well_known_data of ${where} decrypts to something other than "${WELL_KNOWN_DATA}": Zato would not start. ` +
        'Re-encrypt that literal with key1.',
    );
  }
  return key1;
}

/** A fresh `[zato] well_known_data` value for `key` (for new servers). */
export function makeWellKnownData(key: string): string {
  return new Fernet(key).encrypt(WELL_KNOWN_DATA);
}
