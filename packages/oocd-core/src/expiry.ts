import { errorFactory } from './errors.js';
import type { SetOptions } from './types.js';

const fail = errorFactory('oocd-core');

/** Latest expiry accepted: the end of year 9999 UTC (every backend stores it). */
export const MAX_EXPIRY = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/** Earliest expiry accepted: the Unix epoch. An instant in the past is allowed (the entry is expired at once). */
export const MIN_EXPIRY = new Date(0);

/**
 * Checks an absolute expiry: a valid `Date` between {@link MIN_EXPIRY} and {@link MAX_EXPIRY}.
 * Returns a copy.
 *
 * @throws AuthstateError `INVALID_ARGUMENT` naming the bound broken.
 */
export function checkExpiry(at: unknown, what = '`expiresAt`'): Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw fail('INVALID_ARGUMENT', `${what} must be a valid Date.`);
  const ms = at.getTime();
  if (ms > MAX_EXPIRY.getTime()) {
    throw fail('INVALID_ARGUMENT', `Expiry ${at.toISOString()} is after ${MAX_EXPIRY.toISOString()}; choose an earlier one.`);
  }
  if (ms < MIN_EXPIRY.getTime()) {
    throw fail('INVALID_ARGUMENT', `Expiry ${at.toISOString()} is before ${MIN_EXPIRY.toISOString()}; choose a later one.`);
  }
  return new Date(ms);
}

/**
 * Checks a time to live: a finite number of milliseconds, at least 1 (fractions are dropped).
 * `1e300`, `NaN`, `Infinity`, `0` and negative numbers are refused.
 *
 * @throws AuthstateError `INVALID_ARGUMENT`
 */
export function checkTtl(ttlMs: unknown): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs)) {
    throw fail('INVALID_ARGUMENT', `\`ttlMs\` must be a finite number of milliseconds, got ${describe(ttlMs)}.`);
  }
  const ms = Math.trunc(ttlMs);
  if (ms < 1) {
    throw fail('INVALID_ARGUMENT', `\`ttlMs\` must be at least 1 millisecond, got ${ttlMs}; for an absolute instant use \`expiresAt\`.`);
  }
  if (ms > MAX_EXPIRY.getTime()) {
    throw fail('INVALID_ARGUMENT', `\`ttlMs\` ${ttlMs} reaches beyond ${MAX_EXPIRY.toISOString()}; choose a shorter one.`);
  }
  return ms;
}

/**
 * Turns `{expiresAt}` or `{ttlMs}` into an absolute instant, checked once here for every caller
 * (library, CLI, HTTP): see {@link checkExpiry} and {@link checkTtl}.
 *
 * @example
 * ```ts
 * resolveExpiry({ ttlMs: 60_000 }, new Date()); // a minute from now
 * resolveExpiry({ ttlMs: 1e300 }, new Date());  // throws INVALID_ARGUMENT
 * ```
 */
export function resolveExpiry(opts: SetOptions, now: Date): Date {
  if (opts === null || typeof opts !== 'object') {
    throw fail('INVALID_ARGUMENT', 'Options with `expiresAt` (a Date) or `ttlMs` (milliseconds) are required.');
  }
  const o = opts as { expiresAt?: unknown; ttlMs?: unknown };
  if (o.expiresAt !== undefined && o.ttlMs !== undefined) throw fail('INVALID_ARGUMENT', 'Give either `expiresAt` or `ttlMs`, not both.');
  if (o.expiresAt !== undefined) return checkExpiry(o.expiresAt);
  if (o.ttlMs !== undefined) return checkExpiry(new Date(now.getTime() + checkTtl(o.ttlMs)), 'now + `ttlMs`');
  throw fail('INVALID_ARGUMENT', 'Give an expiry: `expiresAt` (a Date) or `ttlMs` (milliseconds).');
}

function describe(v: unknown): string {
  return typeof v === 'number' ? String(v) : typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : typeof v;
}
