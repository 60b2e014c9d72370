import { errorFactory } from './errors.js';
import type { OocdEntry } from './types.js';

const fail = errorFactory('oocd-core');

/** Default largest value, in UTF-8 bytes (16 MiB, like nevisAuth's MEDIUMTEXT). */
export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;

// In unicode mode this class matches only unpaired surrogates (which have no UTF-8 form).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Checks a value: UTF-8 text of at most `maxBytes` bytes, without NUL (which PostgreSQL text
 * cannot hold) and without unpaired surrogates (which UTF-8 cannot encode). Encode binary data
 * (base64) before storing it.
 */
export function validateValue(value: unknown, maxBytes: number): string {
  if (typeof value !== 'string') throw fail('INVALID_ARGUMENT', `Value must be a string, got ${typeof value}.`);
  if (value.includes('\u0000')) throw fail('INVALID_ARGUMENT', 'Value contains a NUL character; encode binary data (e.g. base64) first.');
  if (LONE_SURROGATE.test(value)) throw fail('INVALID_ARGUMENT', 'Value contains an unpaired surrogate, which has no UTF-8 form.');
  if (value.length > maxBytes || Buffer.byteLength(value, 'utf8') > maxBytes) {
    throw fail('INVALID_ARGUMENT', `Value is larger than ${maxBytes} UTF-8 bytes; store less or raise maxValueBytes.`);
  }
  return value;
}

/**
 * Names a metadata key may not have: they reach JavaScript object internals (`copy[k] = v` with
 * `__proto__` changes the prototype instead of storing anything), so they are refused rather than
 * silently dropped.
 */
export const RESERVED_METADATA_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks one metadata name: non-empty, no NUL, not one of {@link RESERVED_METADATA_NAMES}.
 *
 * @throws AuthstateError `INVALID_ARGUMENT`
 */
export function validateMetadataName(name: string): string {
  if (name === '' || name.includes('\u0000')) {
    throw fail('INVALID_ARGUMENT', `Metadata name ${JSON.stringify(name)} must be non-empty and free of NUL.`);
  }
  if (RESERVED_METADATA_NAMES.has(name)) {
    throw fail(
      'INVALID_ARGUMENT',
      `Metadata name ${JSON.stringify(name)} is reserved (__proto__, constructor, prototype); choose another.`,
    );
  }
  return name;
}

/**
 * Checks metadata: a plain object of valid names ({@link validateMetadataName}) to string values,
 * no NUL, no unpaired surrogates. Returns a frozen copy.
 */
export function validateMetadata(metadata: unknown): Readonly<Record<string, string>> {
  if (metadata === undefined) return Object.freeze({});
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw fail('INVALID_ARGUMENT', 'Metadata must be an object of string keys to string values.');
  }
  const copy: Record<string, string> = {};
  // Own enumerable properties: a JSON body's own `__proto__` is one, and validateMetadataName refuses it.
  for (const [k, v] of Object.entries(metadata)) {
    validateMetadataName(k);
    if (typeof v !== 'string') throw fail('INVALID_ARGUMENT', `Metadata value of ${JSON.stringify(k)} must be a string, got ${typeof v}.`);
    if (v.includes('\u0000')) throw fail('INVALID_ARGUMENT', `Metadata value of ${JSON.stringify(k)} contains NUL.`);
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) {
      throw fail('INVALID_ARGUMENT', `Metadata entry ${JSON.stringify(k)} contains an unpaired surrogate.`);
    }
    copy[k] = v;
  }
  return Object.freeze(copy);
}

/** True when the entry is expired at `now` (expiry is exclusive: at `expiresAt` it is gone). */
export function isExpired(entry: Pick<OocdEntry, 'expiresAt'>, now: Date): boolean {
  return entry.expiresAt.getTime() <= now.getTime();
}
