import { fromBase64Url } from './base64url.js';
import { fail } from './errors.js';

const KEY_SHAPE = /^[A-Za-z0-9_-]{43}=$/;

/**
 * Checks that `key` is a Fernet key: 32 bytes in url-safe base64 (44 characters ending in `=`),
 * as `cryptography.fernet.Fernet.generate_key()` makes it. Returns the key unchanged.
 * Throws a CONFIG error otherwise; the message never contains the key.
 *
 * @param what - names the key in the error message, e.g. `secrets.conf [secret_keys] sso_key1`.
 * @example
 * ```ts
 * const key = validateFernetKey(process.env.MY_SSO_KEY ?? '', 'MY_SSO_KEY');
 * ```
 */
export function validateFernetKey(key: string, what = 'the key'): string {
  const raw = KEY_SHAPE.test(key) ? fromBase64Url(key) : undefined;
  if (raw?.length !== 32) {
    throw fail(
      'CONFIG',
      `${what} is not a Fernet key: expected 44 characters of url-safe base64 encoding 32 bytes, got ${key.length} characters${key.length === 44 ? ' that do not decode to 32 bytes' : ''}. Pass the key1/sso_key1 value exactly as it appears in secrets.conf.`,
    );
  }
  return key;
}

/** The 32 raw bytes of a validated Fernet key. */
export function fernetKeyBytes(key: string, what?: string): Buffer {
  return fromBase64Url(validateFernetKey(key, what)) as Buffer;
}
