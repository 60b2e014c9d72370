import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { EncryptionHeader } from './format.js';

/**
 * scrypt parameters: N = 2^17, r = 8 → 128 MiB of memory per derivation (memory-hard; OWASP's
 * recommended minimum is 2^17), p = 1.
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;

/** Keys derived from a passphrase: AES-256 key and a check key. */
export interface BundleKeys {
  enc: Buffer;
  check: Buffer;
}

const CHECK_LABEL = 'authstate-sso-bundle key check v1';

/** Derives the bundle keys from a passphrase with scrypt. */
export function deriveKeys(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<BundleKeys> {
  const maxmem = 256 * params.N * params.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 64, { ...params, maxmem }, (err, out) => {
      if (err) reject(err);
      else resolve({ enc: out.subarray(0, 32), check: out.subarray(32) });
    });
  });
}

/** The key check value stored in the header. */
export function keyCheckOf(keys: BundleKeys): Buffer {
  return createHmac('sha256', keys.check).update(CHECK_LABEL).digest().subarray(0, 16);
}

/** True when `keys` are the ones the header was written with. */
export function keyCheckMatches(keys: BundleKeys, header: EncryptionHeader): boolean {
  const stored = Buffer.from(header.keyCheck, 'base64');
  const mine = keyCheckOf(keys);
  return stored.length === mine.length && timingSafeEqual(stored, mine);
}

/** A fresh encryption header and its keys for a new bundle. */
export async function newEncryption(passphrase: string, params = SCRYPT_DEFAULTS): Promise<{ header: EncryptionHeader; keys: BundleKeys }> {
  const salt = randomBytes(16);
  const keys = await deriveKeys(passphrase, salt, params);
  return {
    keys,
    header: {
      cipher: 'aes-256-gcm',
      kdf: 'scrypt',
      ...params,
      salt: salt.toString('base64'),
      noncePrefix: randomBytes(8).toString('base64'),
      keyCheck: keyCheckOf(keys).toString('base64'),
    },
  };
}

/** The GCM nonce of frame `index`: the 8-byte prefix then the index (u32be). */
export function frameNonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 8);
  n.writeUInt32BE(index, 8);
  return n;
}

/** The GCM additional data of a frame: header hash, type, index. */
export function frameAad(headerHash: Buffer, type: number, index: number): Buffer {
  const a = Buffer.alloc(37);
  headerHash.copy(a, 0);
  a[32] = type;
  a.writeUInt32BE(index, 33);
  return a;
}
