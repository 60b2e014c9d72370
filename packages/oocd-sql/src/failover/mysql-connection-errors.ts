import { anyCause, errorCode, SOCKET_ERROR_CODES } from './connection-errors.js';

/**
 * mysql2/MariaDB errors that mean the connection or the server is gone: lost connections,
 * server shutdown, connection killed, too many connections. Authentication and SQL errors are not
 * (trying the next host would only hide a configuration mistake).
 */
const MYSQL_CODES: ReadonlySet<string> = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_GONE_ERROR',
  'ER_SERVER_LOST',
  'ER_NET_READ_ERROR',
  'ER_NET_READ_INTERRUPTED',
  'ER_NET_ERROR_ON_WRITE',
  'ER_NET_WRITE_INTERRUPTED',
]);

const CLOSED_STATE = /connection is in closed state/i;

/**
 * True when a mysql2 error (or one of its causes) is connection-level.
 *
 * @example
 * ```ts
 * isMysqlConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })) // true
 * ```
 */
export function isMysqlConnectionError(error: unknown): boolean {
  return anyCause(error, (e) => {
    const code = errorCode(e);
    if (code && (SOCKET_ERROR_CODES.has(code) || MYSQL_CODES.has(code))) return true;
    return e instanceof Error && CLOSED_STATE.test(e.message);
  });
}
