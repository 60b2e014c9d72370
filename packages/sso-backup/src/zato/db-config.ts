import { isAbsolute, resolve } from 'node:path';
import { normalizeEngine, type ZatoEngine } from './engine.js';
import { fail } from './errors.js';

/** Where a Zato database is: an absolute SQLite path, or a server's host, port, database and user. */
export interface ZatoDbConfig {
  engine: ZatoEngine;
  /** Absolute path of the SQLite file (engine `sqlite`). */
  sqlitePath?: string;
  host?: string;
  port?: number;
  dbName?: string;
  username?: string;
  /** The decrypted password; never logged, never part of {@link describeDbConfig}. */
  password?: string;
}

/** A server directory (its server.conf says where the database is) or an explicit URL. */
export type DbConfigInput = { serverDir: string } | { url: string };

const DEFAULT_PORTS: Record<ZatoEngine, number | undefined> = { sqlite: undefined, postgresql: 5432, mysql: 3306 };

/**
 * Parses a database URL: `sqlite:/path/zato.db` (also `sqlite:///path`, or a path relative to
 * `base`), `postgres[ql][+driver]://u:p@h:port/db`, `mysql[+driver]://…`, `mariadb://…`.
 *
 * @example
 * ```ts
 * parseDatabaseUrl('postgres://zato:pw@127.0.0.1:5433/zato'); // { engine: 'postgresql', host: '127.0.0.1', … }
 * ```
 */
export function parseDatabaseUrl(url: string, base = process.cwd()): ZatoDbConfig {
  const colon = url.indexOf(':');
  if (colon <= 0)
    throw fail('INVALID_ARGUMENT', `"${redactUrl(url)}" is not a database URL: use sqlite:/path/zato.db, postgres://… or mysql://….`);
  const engine = normalizeEngine(url.slice(0, colon));
  if (engine === 'sqlite') {
    let path = decodeURIComponent(url.slice(colon + 1));
    if (path.startsWith('//')) path = path.slice(2);
    if (!path) throw fail('INVALID_ARGUMENT', 'The sqlite: URL names no file. Use sqlite:/path/to/zato.db.');
    return { engine, sqlitePath: isAbsolute(path) ? path : resolve(base, path) };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    throw fail('INVALID_ARGUMENT', `"${redactUrl(url)}" is not a valid database URL.`, e);
  }
  const dbName = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname || !dbName)
    throw fail('INVALID_ARGUMENT', `"${redactUrl(url)}" needs a host and a database name: ${engine}://user:password@host:port/database.`);
  return {
    engine,
    host: u.hostname,
    port: u.port ? Number(u.port) : DEFAULT_PORTS[engine],
    dbName,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

/** A one-line description of a database without its password, for messages and progress. */
export function describeDbConfig(c: ZatoDbConfig): string {
  if (c.engine === 'sqlite') return `sqlite:${c.sqlitePath ?? '?'}`;
  return `${c.engine}://${c.username ? `${c.username}@` : ''}${c.host ?? '?'}:${c.port ?? '?'}/${c.dbName ?? '?'}`;
}

/** A URL with any password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
