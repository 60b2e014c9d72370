import { fail } from './errors.js';
import { Fernet } from './fernet.js';
import type { SecretsConf } from './secrets-conf.js';

/** The plain text of `[zato] well_known_data` (Fernet-encrypted with key1 in secrets.conf). */
export const WELL_KNOWN_DATA = '3.14159265358979323846264338327950288419716939937510';

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
  const token = conf.get('zato', 'well_known_data');
  if (!token) throw fail('CONFIG', `${conf.path ?? 'secrets.conf'} has no [zato] well_known_data to check a key against.`);
  const fernet = new Fernet(key);
  try {
    fernet.decrypt(token.replace(/^zato\.secf\./, ''));
    return true;
  } catch {
    return false;
  }
}

/** A fresh `[zato] well_known_data` value for `key` (for new servers). */
export function makeWellKnownData(key: string): string {
  return new Fernet(key).encrypt(WELL_KNOWN_DATA);
}
