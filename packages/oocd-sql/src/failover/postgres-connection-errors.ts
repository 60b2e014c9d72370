import { anyCause, errorCode, SOCKET_ERROR_CODES } from './connection-errors.js';

/**
 * SQLSTATEs that mean the connection or the server is gone: class 08 (connection exception),
 * 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
 */
const PG_STATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a dropped socket with these messages and no code. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout expired$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
];

/**
 * True when a node-postgres error (or one of its causes) is connection-level.
 *
 * @example
 * ```ts
 * isPostgresConnectionError(Object.assign(new Error('terminating connection'), { code: '57P01' })) // true
 * ```
 */
export function isPostgresConnectionError(error: unknown): boolean {
  return anyCause(error, (e) => {
    const code = errorCode(e);
    if (code && (SOCKET_ERROR_CODES.has(code) || PG_STATES.has(code) || code.startsWith('08'))) return true;
    return e instanceof Error && !code && PG_MESSAGES.some((m) => m.test(e.message));
  });
}
