// THE connection seam of oocd-sql: every MariaDB/PostgreSQL connection pool the backend uses (data
// user and schema user) is created by `createPool` below, and nowhere else: the driver's own pool
// for one host, the sequential fail-over pool of `src/failover/` for several. The driver package
// (mysql2, pg) is loaded here on first use (optional peers).
import type { MysqlPool, PostgresPool } from 'kysely';
import { createMysqlFailoverPool, createPostgresFailoverPool, failoverOptionsFromConfig } from '../failover/index.js';
import type { ParsedSqlUrl, SqlHost } from '../url.js';
import { loadMysql2, loadPg } from './drivers.js';
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
export function createPool(dialect: 'mysql', url: ParsedSqlUrl, credentials: PoolCredentials, opts?: PoolOptions): Promise<MysqlPool>;
export function createPool(dialect: 'postgres', url: ParsedSqlUrl, credentials: PoolCredentials, opts?: PoolOptions): Promise<PostgresPool>;
export async function createPool(
  dialect: 'mysql' | 'postgres',
  url: ParsedSqlUrl,
  credentials: PoolCredentials,
  opts: PoolOptions = {},
): Promise<MysqlPool | PostgresPool> {
  const host = url.hosts[0] as SqlHost;
  const max = opts.max ?? 10;
  if (dialect === 'mysql') {
    const mysql = await loadMysql2();
    const settings = { ...mysqlConnectionOptions(host, url, credentials), enableKeepAlive: true };
    // Several hosts: sequential fail-over in priority order (src/failover/).
    if (url.hosts.length > 1) return createMysqlFailoverPool(mysql, url.hosts, settings, failoverOptions(opts));
    return mysql.createPool({ ...settings, connectionLimit: max });
  }
  const pg = await loadPg();
  const settings = postgresConnectionOptions(host, url, credentials);
  if (url.hosts.length > 1) return createPostgresFailoverPool(pg, url.hosts, settings, failoverOptions(opts));
  const pool = new pg.Pool({ ...settings, max });
  // An idle client losing its server emits 'error' on the pool; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

const failoverOptions = (opts: PoolOptions) => ({ ...failoverOptionsFromConfig(opts.config ?? {}), maxConnections: opts.max ?? 10 });

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
