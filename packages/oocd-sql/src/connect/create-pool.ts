// THE connection seam of oocd-sql: every MariaDB/PostgreSQL connection pool the backend uses (data
// user and schema user) is created by `createPool` below, and nowhere else.
//
// For the fail-over work (issue 5, src/failover/**): you may change the body of `createPool` —
// e.g. return your sequential fail-over pool when `url.hosts.length > 1` — and add fields to
// `PoolOptions` (the whole backend config is passed as `opts.config`, so `failoverTimeout` and
// `maxConnectionLifetime` are there). Keep the signature and the returned shapes (Kysely's
// `MysqlPool` / `PostgresPool`); callers must not care which pool they got.
import type { MysqlPool, PostgresPool } from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import pg from 'pg';
import { createMysqlFailoverPool, createPostgresFailoverPool, failoverOptionsFromConfig } from '../failover/index.js';
import type { ParsedSqlUrl, SqlHost } from '../url.js';
import type { PoolCredentials, PoolOptions } from './pool-options.js';

export type { PoolCredentials, PoolOptions };

/**
 * Creates the connection pool a Kysely `MysqlDialect` / `PostgresDialect` takes, to the first
 * host of the URL.
 *
 * @example
 * ```ts
 * const pool = createPool('postgres', parseSqlUrl('postgres://db1:5432/oocd'), { user: 'oocd', password }, { max: 10 });
 * const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
 * ```
 */
export function createPool(dialect: 'mysql', url: ParsedSqlUrl, credentials: PoolCredentials, opts?: PoolOptions): MysqlPool;
export function createPool(dialect: 'postgres', url: ParsedSqlUrl, credentials: PoolCredentials, opts?: PoolOptions): PostgresPool;
export function createPool(
  dialect: 'mysql' | 'postgres',
  url: ParsedSqlUrl,
  credentials: PoolCredentials,
  opts: PoolOptions = {},
): MysqlPool | PostgresPool {
  const host = url.hosts[0] as SqlHost;
  if (url.hosts.length > 1) {
    // Several hosts: sequential fail-over in priority order (src/failover/, issue 5).
    const failover = { ...failoverOptionsFromConfig(opts.config ?? {}), maxConnections: opts.max ?? 10 };
    return dialect === 'mysql'
      ? createMysqlFailoverPool(url.hosts, { ...mysqlConnectionOptions(host, url, credentials), enableKeepAlive: true }, failover)
      : createPostgresFailoverPool(url.hosts, postgresConnectionOptions(host, url, credentials), failover);
  }
  return dialect === 'mysql' ? mysqlPool(host, url, credentials, opts) : postgresPool(host, url, credentials, opts);
}

/** mysql2 pool settings every MariaDB connection needs (also for fail-over pools). */
export function mysqlConnectionOptions(host: SqlHost, url: ParsedSqlUrl, credentials: PoolCredentials) {
  return {
    host: host.host,
    port: host.port,
    database: url.database,
    user: credentials.user,
    password: credentials.password,
    charset: 'utf8mb4_general_ci',
    // Without FOUND_ROWS, INSERT … ON DUPLICATE KEY UPDATE reports 0 affected rows when the
    // row was left unchanged: that is how `create` tells "existed" from "created".
    flags: ['-FOUND_ROWS'],
    supportBigNumbers: true,
    timezone: 'Z' as const,
  };
}

/** pg client settings every PostgreSQL connection needs (also for fail-over pools). */
export function postgresConnectionOptions(host: SqlHost, url: ParsedSqlUrl, credentials: PoolCredentials) {
  return {
    host: host.host,
    port: host.port,
    database: url.database,
    user: credentials.user,
    password: credentials.password,
    application_name: 'authstate-oocd',
  };
}

function mysqlPool(host: SqlHost, url: ParsedSqlUrl, credentials: PoolCredentials, opts: PoolOptions): MysqlPool {
  return createMysqlPool({ ...mysqlConnectionOptions(host, url, credentials), connectionLimit: opts.max ?? 10, enableKeepAlive: true });
}

function postgresPool(host: SqlHost, url: ParsedSqlUrl, credentials: PoolCredentials, opts: PoolOptions): PostgresPool {
  const pool = new pg.Pool({ ...postgresConnectionOptions(host, url, credentials), max: opts.max ?? 10 });
  // An idle client losing its server emits 'error' on the pool; the next query reports it.
  pool.on('error', () => {});
  return pool;
}
