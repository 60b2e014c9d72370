import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { PgClientLike, PgClientSettings, PgModule } from '../driver-shapes.js';
import { FailoverPool, type PooledConnection, type RawConnector } from './failover-pool.js';
import { isPostgresConnectionError } from './postgres-connection-errors.js';
import type { FailoverOptions, HostAddress } from './types.js';

/** node-postgres client settings without the address (user, password, database, types, …). */
export type PostgresConnectionSettings = PgClientSettings;

const postgresConnector = (driver: PgModule, settings: PostgresConnectionSettings): RawConnector<PgClientLike> => ({
  open: async (address, connectTimeoutMs, broken) => {
    const raw = new driver.Client({ ...settings, host: address.host, port: address.port, connectionTimeoutMillis: connectTimeoutMs });
    raw.on('error', broken);
    raw.on('end', () => broken(new Error('Connection terminated')));
    await raw.connect();
    return raw;
  },
  close: (raw) => {
    raw.end().catch(() => {});
  },
  destroy: (raw) => {
    raw.end().catch(() => {});
  },
  isConnectionError: isPostgresConnectionError,
});

/** What Kysely sees of one pooled client: every query, plain or through a cursor, reports its errors to the pool. */
class PostgresFailoverClient implements PostgresPoolClient {
  readonly #pool: FailoverPool<PgClientLike>;
  readonly #conn: PooledConnection<PgClientLike>;

  constructor(pool: FailoverPool<PgClientLike>, conn: PooledConnection<PgClientLike>) {
    this.#pool = pool;
    this.#conn = conn;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>) {
    const raw = this.#conn.raw as unknown as {
      query(sql: string, parameters: unknown[]): Promise<PostgresQueryResult<R>>;
      query(cursor: PostgresCursor<R>): PostgresCursor<R>;
    };
    if (typeof sqlOrCursor !== 'string') return this.#reporting(raw.query(sqlOrCursor));
    return raw.query(sqlOrCursor, [...(parameters ?? [])]).catch((error: unknown) => {
      this.#pool.queryFailed(this.#conn, error);
      throw error;
    });
  }

  release(): void {
    this.#pool.release(this.#conn);
  }

  /** A cursor (Kysely's `stream()`) whose read errors reach the pool like a plain query's. */
  #reporting<R>(cursor: PostgresCursor<R>): PostgresCursor<R> {
    const read = cursor.read.bind(cursor);
    cursor.read = (rows) =>
      read(rows).catch((error: unknown) => {
        this.#pool.queryFailed(this.#conn, error);
        throw error;
      });
    return cursor;
  }
}

/** A Kysely `PostgresPool` that fails over across hosts; `failover` gives its state and counters. */
export interface PostgresFailoverPool extends PostgresPool {
  readonly failover: FailoverPool<PgClientLike>;
}

/**
 * A pool for Kysely's `PostgresDialect` over an ordered PostgreSQL host list (the same
 * sequential fail-over as for MariaDB; the servers' replication is up to the operator).
 *
 * @example
 * ```ts
 * const pool = createPostgresFailoverPool(
 *   (await import('pg')).default,
 *   [{ host: 'pg1', port: 5432 }, { host: 'pg2', port: 5432 }],
 *   { user: 'oocddatauser', password, database: 'oocd' },
 * );
 * const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
 * ```
 */
export function createPostgresFailoverPool(
  driver: PgModule,
  hosts: readonly HostAddress[],
  settings: PostgresConnectionSettings,
  options?: FailoverOptions,
): PostgresFailoverPool {
  const pool = new FailoverPool(hosts, postgresConnector(driver, settings), options);
  const wrappers = new WeakMap<PooledConnection<PgClientLike>, PostgresFailoverClient>();
  return {
    failover: pool,
    async connect() {
      const conn = await pool.acquire();
      let wrapper = wrappers.get(conn);
      if (!wrapper) {
        wrapper = new PostgresFailoverClient(pool, conn);
        wrappers.set(conn, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
