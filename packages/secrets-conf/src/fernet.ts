import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { fromBase64Url, toBase64UrlPadded } from './base64url.js';
import { fail } from './errors.js';
import { fernetKeyBytes } from './fernet-key.js';

const VERSION = 0x80;
const HEADER = 1 + 8 + 16; // version, timestamp, IV
const HMAC_LEN = 32;
const BLOCK = 16;
/** Tokens dated further ahead than this are refused when a TTL is checked (as `cryptography` does). */
const MAX_CLOCK_SKEW_SEC = 60;

/**
 * Fernet symmetric encryption, implemented to the spec
 * (https://github.com/fernet/spec/blob/master/Spec.md) with node:crypto: version 0x80, 64-bit
 * big-endian timestamp, 16-byte IV, AES-128-CBC with PKCS7 padding, HMAC-SHA256 over everything
 * before it, url-safe base64 with padding. Tokens interoperate with Python's
 * `cryptography.fernet.Fernet`, which Zato uses.
 *
 * @example
 * ```ts
 * const f = new Fernet(Fernet.generateKey());
 * const token = f.encrypt('hello');            // 'gAAAAA…'
 * f.decrypt(token).toString('utf8');           // 'hello'
 * ```
 */
export class Fernet {
  readonly #signingKey: Buffer;
  readonly #encryptionKey: Buffer;

  /** @param key - a Fernet key (44 characters of url-safe base64); CONFIG error otherwise. */
  constructor(key: string) {
    const raw = fernetKeyBytes(key);
    this.#signingKey = raw.subarray(0, 16);
    this.#encryptionKey = raw.subarray(16, 32);
  }

  /** A new random Fernet key. */
  static generateKey(): string {
    return toBase64UrlPadded(randomBytes(32));
  }

  /**
   * Encrypts `data` (a string is taken as UTF-8) into a token.
   * `now` and `iv` exist for test vectors; leave them out otherwise.
   */
  encrypt(data: string | Buffer, opts: { now?: Date; iv?: Buffer } = {}): string {
    const iv = opts.iv ?? randomBytes(16);
    if (iv.length !== 16) throw fail('INVALID_ARGUMENT', 'The Fernet IV must be 16 bytes.');
    const header = Buffer.alloc(HEADER);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(Math.floor((opts.now ?? new Date()).getTime() / 1000)), 1);
    iv.copy(header, 9);
    const cipher = createCipheriv('aes-128-cbc', this.#encryptionKey, iv);
    const body = Buffer.concat([header, cipher.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data), cipher.final()]);
    const mac = createHmac('sha256', this.#signingKey).update(body).digest();
    return toBase64UrlPadded(Buffer.concat([body, mac]));
  }

  /**
   * Decrypts a token (text, or the ASCII bytes of one as Zato stores them in SQLite BLOBs).
   * Throws CORRUPT for a malformed token, WRONG_KEY when the HMAC does not match (another key, or
   * a tampered token), INVALID_ARGUMENT when `ttlSec` is given and the token is older.
   */
  decrypt(token: string | Buffer, opts: { ttlSec?: number; now?: Date } = {}): Buffer {
    const data = parseToken(typeof token === 'string' ? token : token.toString('latin1'));
    const body = data.subarray(0, data.length - HMAC_LEN);
    const mac = createHmac('sha256', this.#signingKey).update(body).digest();
    if (!timingSafeEqual(mac, data.subarray(data.length - HMAC_LEN))) {
      throw fail('WRONG_KEY', 'This Fernet key does not decrypt the token (HMAC mismatch: another key, or the token was altered).');
    }
    if (opts.ttlSec !== undefined) checkAge(body.readBigUInt64BE(1), opts.ttlSec, opts.now ?? new Date());
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.#encryptionKey, body.subarray(9, HEADER));
      return Buffer.concat([decipher.update(body.subarray(HEADER)), decipher.final()]);
    } catch (e) {
      throw fail('CORRUPT', 'The Fernet token has a valid HMAC but bad padding.', e);
    }
  }
}

function parseToken(text: string): Buffer {
  const data = fromBase64Url(text.trim());
  const cipherLen = data ? data.length - HEADER - HMAC_LEN : -1;
  if (!data || cipherLen < BLOCK || cipherLen % BLOCK !== 0) {
    throw fail('CORRUPT', 'Not a Fernet token: expected url-safe base64 of version, timestamp, IV, whole AES blocks and an HMAC.');
  }
  if (data[0] !== VERSION) throw fail('CORRUPT', `Not a Fernet token: version byte 0x${(data[0] ?? 0).toString(16)}, expected 0x80.`);
  return data;
}

function checkAge(timestamp: bigint, ttlSec: number, now: Date): void {
  const nowSec = BigInt(Math.floor(now.getTime() / 1000));
  if (timestamp + BigInt(ttlSec) < nowSec) throw fail('INVALID_ARGUMENT', `The Fernet token is older than its ${ttlSec} s time to live.`);
  if (nowSec + BigInt(MAX_CLOCK_SKEW_SEC) < timestamp) throw fail('INVALID_ARGUMENT', 'The Fernet token is dated in the future.');
}
