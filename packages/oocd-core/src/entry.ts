import { errorFactory } from './errors.js';
import type { OocdEntry, SetOptions } from './types.js';

const fail = errorFactory('oocd-core');

/** Default largest value, in UTF-8 bytes (16 MiB, like nevisAuth's MEDIUMTEXT). */
export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;

/** Latest expiry accepted: the end of year 9999 UTC (every backend stores it). */
export const MAX_EXPIRY = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/** Turns `{expiresAt}` or `{ttlMs}` into an absolute instant, checking it. */
export function resolveExpiry(opts: SetOptions, now: Date): Date {
  if (opts === null || typeof opts !== 'object') {
    throw fail('INVALID_ARGUMENT', 'Options with `expiresAt` (a Date) or `ttlMs` (milliseconds) are required.');
  }
  let at: Date;
  if ('expiresAt' in opts && opts.expiresAt !== undefined) {
    if (!(opts.expiresAt instanceof Date) || Number.isNaN(opts.expiresAt.getTime())) {
      throw fail('INVALID_ARGUMENT', '`expiresAt` must be a valid Date.');
    }
    at = new Date(opts.expiresAt.getTime());
  } else if ('ttlMs' in opts && opts.ttlMs !== undefined) {
    if (typeof opts.ttlMs !== 'number' || !Number.isFinite(opts.ttlMs)) {
      throw fail('INVALID_ARGUMENT', '`ttlMs` must be a finite number of milliseconds.');
    }
    at = new Date(now.getTime() + Math.trunc(opts.ttlMs));
  } else {
    throw fail('INVALID_ARGUMENT', 'Give an expiry: `expiresAt` (a Date) or `ttlMs` (milliseconds).');
  }
  if (at.getTime() > MAX_EXPIRY.getTime()) {
    throw fail('INVALID_ARGUMENT', `Expiry ${at.toISOString()} is after ${MAX_EXPIRY.toISOString()}; choose an earlier one.`);
  }
  return at;
}

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

/** Checks metadata: a plain object of non-empty string keys to string values, no NUL. Returns a frozen copy. */
export function validateMetadata(metadata: unknown): Readonly<Record<string, string>> {
  if (metadata === undefined) return Object.freeze({});
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw fail('INVALID_ARGUMENT', 'Metadata must be an object of string keys to string values.');
  }
  const copy: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (k === '' || k.includes('\u0000'))
      throw fail('INVALID_ARGUMENT', `Metadata key ${JSON.stringify(k)} must be non-empty and free of NUL.`);
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
