import { type BundleHeader, type EncryptionHeader, READABLE_VERSIONS } from './format.js';
import { describe, JsonObject, ShapeError } from './json-shape.js';

/**
 * The scrypt parameters a bundle may ask for, checked before anything is derived: N a power of two
 * from 2^14 to 2^20, r from 8 to 16, p from 1 to 4, and memory (128 · N · r bytes) at most 1 GiB.
 * The floor keeps a crafted header from making a weak key look normal; the ceiling keeps it from
 * making a restore allocate gigabytes (N = 2^22, r = 32 would need 16 GiB). This tool writes
 * N = 2^17, r = 8, p = 1 (128 MiB).
 */
export const SCRYPT_LIMITS = { minLogN: 14, maxLogN: 20, minR: 8, maxR: 16, minP: 1, maxP: 4, maxMemoryBytes: 2 ** 30 } as const;

/** Largest header accepted (a real one is about 300 bytes). */
export const MAX_HEADER_BYTES = 64 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks a parsed bundle header field by field and returns it typed. Throws {@link ShapeError}
 * saying which field was wrong (`null`, missing fields, `N: 3`, `N: "abc"`, an unknown cipher,
 * KDF parameters outside {@link SCRYPT_LIMITS}, salt or nonce of the wrong size…).
 *
 * @example
 * ```ts
 * const header = bundleHeaderOf(JSON.parse(text)); // header.encryption?.N === 131072
 * ```
 */
export function bundleHeaderOf(value: unknown): BundleHeader {
  const h = new JsonObject(value, 'header');
  const format = h.raw('format');
  if (format !== 'authstate-sso-bundle')
    throw new ShapeError(`its header names the format ${describe(format)}, not "authstate-sso-bundle"`);
  const version = h.raw('version');
  if (!READABLE_VERSIONS.includes(version as number)) {
    throw new ShapeError(
      `it is bundle format ${describe(version)}; this tool reads versions ${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS.at(-1)} (use a matching authstate version)`,
    );
  }
  const enc = h.raw('encryption');
  return { format, version: version as number, encryption: enc === null ? null : encryptionOf(enc) };
}

function encryptionOf(value: unknown): EncryptionHeader {
  const e = new JsonObject(value, 'header encryption');
  const cipher = e.oneOf('cipher', ['aes-256-gcm'] as const);
  const kdf = e.oneOf('kdf', ['scrypt'] as const);
  const L = SCRYPT_LIMITS;
  const N = e.integer('N', 2 ** L.minLogN, 2 ** L.maxLogN);
  if ((N & (N - 1)) !== 0) e.wrong('N', N, 'a power of two');
  const r = e.integer('r', L.minR, L.maxR);
  const p = e.integer('p', L.minP, L.maxP);
  if (128 * N * r > L.maxMemoryBytes)
    e.wrong('N', N, `with r = ${r} at most ${L.maxMemoryBytes / 128 / r} (scrypt memory 128·N·r ≤ 1 GiB)`);
  return {
    cipher,
    kdf,
    N,
    r,
    p,
    salt: base64Of(e, 'salt', 16, 64),
    noncePrefix: base64Of(e, 'noncePrefix', 8, 8),
    keyCheck: base64Of(e, 'keyCheck', 16, 16),
  };
}

/** A base64 field that decodes to `min`…`max` bytes. */
function base64Of(o: JsonObject, key: string, min: number, max: number): string {
  const v = o.string(key);
  const bytes = BASE64.test(v) && v.length % 4 === 0 ? Buffer.from(v, 'base64').length : -1;
  if (bytes < min || bytes > max) o.wrong(key, v, min === max ? `base64 of ${min} bytes` : `base64 of ${min} to ${max} bytes`);
  return v;
}
