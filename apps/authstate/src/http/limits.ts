import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('http');

/**
 * What one client may cost the data service: how big a body, how long a request, its headers
 * and an idle keep-alive connection may take, and how long a shutdown waits for requests still
 * in flight before it closes their connections.
 */
export interface ServerLimits {
  /** Largest request body in bytes; larger ones get 413. */
  bodyLimit: number;
  /** The whole request (headers and body) must arrive within this; else 408 and the connection closes. */
  requestTimeoutMs: number;
  /** The headers must arrive within this (a client sending half its headers is cut off). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** On close (SIGTERM), requests in flight get this long; then every connection still open is closed. */
  shutdownTimeoutMs: number;
}

/** Default largest request body: a 16 MiB value plus room for JSON escaping and metadata. */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024 + 64 * 1024;

/** The defaults of {@link ServerLimits}. */
export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  bodyLimit: DEFAULT_BODY_LIMIT,
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  shutdownTimeoutMs: 10_000,
});

const MAX_BODY_LIMIT = 1024 * 1024 * 1024;
const MAX_TIMEOUT_MS = 24 * 3_600_000;

// [field, CLI option, upper bound, unit]
const RULES: [keyof ServerLimits, string, number, string][] = [
  ['bodyLimit', '--body-limit', MAX_BODY_LIMIT, 'bytes'],
  ['requestTimeoutMs', '--request-timeout', MAX_TIMEOUT_MS, 'ms'],
  ['headersTimeoutMs', '--headers-timeout', MAX_TIMEOUT_MS, 'ms'],
  ['keepAliveTimeoutMs', '--keep-alive-timeout', MAX_TIMEOUT_MS, 'ms'],
  ['shutdownTimeoutMs', '--shutdown-timeout', MAX_TIMEOUT_MS, 'ms'],
];

/**
 * The limits with defaults filled in, each checked: a whole number from 1 up to 1 GiB (body) or
 * one day (timeouts), and the headers timeout no longer than the request timeout. Zero is refused
 * rather than read as "the default" or "no limit".
 *
 * @example
 * ```ts
 * resolveLimits({ bodyLimit: 64 * 1024 }).requestTimeoutMs; // 60000
 * ```
 * @throws AuthstateError `INVALID_ARGUMENT` naming the option.
 */
export function resolveLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [field, option, max, unit] of RULES) {
    const v = given[field];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 1 || v > max) {
      throw fail('INVALID_ARGUMENT', `${option} (${field}) must be a whole number from 1 to ${max} ${unit}, got ${v}.`);
    }
    limits[field] = v;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw fail(
      'INVALID_ARGUMENT',
      `--headers-timeout (${limits.headersTimeoutMs} ms) must not be longer than --request-timeout (${limits.requestTimeoutMs} ms).`,
    );
  }
  return limits;
}
