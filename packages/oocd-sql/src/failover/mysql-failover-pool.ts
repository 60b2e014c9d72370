import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult, MysqlStream, MysqlStreamOptions } from 'kysely';
import type { MysqlConnectionLike, MysqlModule, MysqlQueryLike, MysqlConnectionSettings as MysqlSettings } from '../driver-shapes.js';
import { FailoverPool, type PooledConnection, type RawConnector } from './failover-pool.js';
import { isMysqlConnectionError } from './mysql-connection-errors.js';
import type { FailoverOptions, HostAddress } from './types.js';

/** mysql2 connection options without the address (user, password, database, timezone, …). */
export type MysqlConnectionSettings = MysqlSettings;

type QueryCallback = (error: unknown, result: MysqlQueryResult) => void;

const mysqlConnector = (driver: MysqlModule, settings: MysqlConnectionSettings): RawConnector<MysqlConnectionLike> => ({
  open: (address, connectTimeoutMs, broken) =>
    new Promise((resolve, reject) => {
      const raw = driver.createConnection({ ...settings, host: address.host, port: address.port, connectTimeout: connectTimeoutMs });
      raw.on('error', broken);
      raw.on('end', () => broken(new Error('connection ended')));
      raw.connect((error) => {
        if (!error) return resolve(raw);
        raw.destroy();
        reject(error);
      });
    }),
  close: (raw) => raw.end(() => {}),
  destroy: (raw) => raw.destroy(),
  isConnectionError: isMysqlConnectionError,
});

/** What Kysely sees of one pooled connection: every query, plain or streamed, reports its errors to the pool. */
class MysqlFailoverConnection implements MysqlPoolConnection {
  readonly #pool: FailoverPool<MysqlConnectionLike>;
  readonly #conn: PooledConnection<MysqlConnectionLike>;

  constructor(pool: FailoverPool<MysqlConnectionLike>, conn: PooledConnection<MysqlConnectionLike>) {
    this.#pool = pool;
    this.#conn = conn;
  }

  query(sql: string, parameters: Array<unknown>): { stream: <T>(options: MysqlStreamOptions) => MysqlStream<T> };
  query(sql: string, parameters: Array<unknown>, callback: QueryCallback): void;
  query(sql: string, parameters: Array<unknown>, callback?: QueryCallback) {
    const raw = this.#conn.raw;
    if (!callback) return this.#streamed(raw.query(sql, parameters));
    raw.query(sql, parameters, (error, result) => {
      if (error) this.#pool.queryFailed(this.#conn, error);
      callback(error, result as unknown as MysqlQueryResult);
    });
  }

  release(): void {
    this.#pool.release(this.#conn);
  }

  /**
   * A streamed query (Kysely's `stream()`). mysql2 hands a lost connection's error only to a
   * query with a callback: a streamed one would wait forever, and the pool would never hear of it.
   * So the connection's error is passed to the query (its stream then fails), and the query's
   * errors reach the pool like a plain query's.
   */
  #streamed(query: MysqlQueryLike) {
    const raw = this.#conn.raw;
    const lost = (error: unknown) => query.emit('error', error);
    raw.once('error', lost);
    const done = () => raw.off('error', lost);
    query.once('end', done);
    query.once('error', (error: unknown) => {
      done();
      this.#pool.queryFailed(this.#conn, error);
    });
    return query as unknown as { stream: <T>(o: MysqlStreamOptions) => MysqlStream<T> };
  }
}

/** A Kysely `MysqlPool` that fails over across hosts; `failover` gives its state and counters. */
export interface MysqlFailoverPool extends MysqlPool {
  readonly failover: FailoverPool<MysqlConnectionLike>;
}

/**
 * A pool for Kysely's `MysqlDialect` over an ordered MariaDB/MySQL host list (sequential
 * fail-over, as MariaDB Connector/J's `jdbc:mariadb:sequential//h1,h2/db`), on the mysql2
 * module `driver` (loaded by the caller: mysql2 is an optional peer).
 *
 * @example
 * ```ts
 * const pool = createMysqlFailoverPool(
 *   (await import('mysql2')).default,
 *   [{ host: 'db1', port: 3306 }, { host: 'db2', port: 3306 }],
 *   { user: 'oocddatauser', password, database: 'OOCD', timezone: 'Z' },
 *   { failoverTimeout: 30, maxConnectionLifetime: 1800 },
 * );
 * const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
 * ```
 */
export function createMysqlFailoverPool(
  driver: MysqlModule,
  hosts: readonly HostAddress[],
  settings: MysqlConnectionSettings,
  options?: FailoverOptions,
): MysqlFailoverPool {
  const pool = new FailoverPool(hosts, mysqlConnector(driver, settings), options);
  const wrappers = new WeakMap<PooledConnection<MysqlConnectionLike>, MysqlFailoverConnection>();
  return {
    failover: pool,
    getConnection(callback) {
      pool.acquire().then(
        (conn) => {
          let wrapper = wrappers.get(conn);
          if (!wrapper) {
            wrapper = new MysqlFailoverConnection(pool, conn);
            wrappers.set(conn, wrapper);
          }
          callback(null, wrapper);
        },
        (error: unknown) => callback(error, undefined as unknown as MysqlPoolConnection),
      );
    },
    end(callback) {
      pool.end().then(() => callback(null), callback);
    },
  };
}
