import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail } from './errors.js';

/** Rounds Zato's sso.conf `[hash_secret]` uses for new servers. */
export const ZATO_HASH_ROUNDS = 120_000;
/** Salt size Zato's sso.conf `[hash_secret]` uses for new servers. */
export const ZATO_HASH_SALT_BYTES = 64;
const PREFIX = '$pbkdf2-sha512$';

/** passlib's "ab64": standard base64 with `.` for `+`, without padding. */
function ab64Encode(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '').replaceAll('+', '.');
}

function ab64Decode(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9./]*$/.test(text)) return undefined;
  return Buffer.from(text.replaceAll('.', '+'), 'base64');
}

/**
 * Hashes a password the way Zato does (passlib `pbkdf2_sha512`):
 * `$pbkdf2-sha512$<rounds>$<ab64 salt>$<ab64 PBKDF2-HMAC-SHA512, 64 bytes>`.
 * Fewer rounds are for tests only.
 *
 * @example
 * ```ts
 * const hash = hashPassword('s3cret');            // '$pbkdf2-sha512$120000$…$…'
 * verifyPassword('s3cret', hash);                 // true
 * ```
 */
export function hashPassword(password: string, opts: { rounds?: number; saltBytes?: number } = {}): string {
  const rounds = opts.rounds ?? ZATO_HASH_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) throw fail('INVALID_ARGUMENT', 'rounds must be a positive integer.');
  const salt = randomBytes(opts.saltBytes ?? ZATO_HASH_SALT_BYTES);
  const checksum = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, rounds, 64, 'sha512');
  return `${PREFIX}${rounds}$${ab64Encode(salt)}$${ab64Encode(checksum)}`;
}

/**
 * Checks a password against a passlib `pbkdf2_sha512` hash (constant-time). CORRUPT when the hash
 * is not in that format.
 */
export function verifyPassword(password: string, hash: string): boolean {
  const parts = hash.startsWith(PREFIX) ? hash.slice(PREFIX.length).split('$') : [];
  const [roundsText, saltText, checksumText] = parts;
  const rounds = Number(roundsText);
  const salt = saltText === undefined ? undefined : ab64Decode(saltText);
  const expected = checksumText === undefined ? undefined : ab64Decode(checksumText);
  if (parts.length !== 3 || !Number.isInteger(rounds) || rounds < 1 || !salt || expected?.length !== 64) {
    throw fail('CORRUPT', 'The stored password hash is not a passlib pbkdf2_sha512 hash.');
  }
  const actual = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, rounds, 64, 'sha512');
  return timingSafeEqual(actual, expected);
}
