import type { Dialect, Expression, Kysely, QueryResult, RawBuilder } from 'kysely';
import type { PoolCredentials, PoolOptions } from '../connect/create-pool.js';
import type { DirectRunner } from '../connect/direct-runner.js';
import type { PreparedQuery, QueryRunner } from '../prepared.js';
import type { OocdDatabase } from '../table.js';
import type { ParsedSqlUrl, SqlDialectName } from '../url.js';
import type { ChildKeysStrategy } from '../walk.js';

/** The parameters of a statement that writes a whole row. */
export type RowParams = 'key' | 'value' | 'metadata' | 'expiresAt';

/** What {@link DialectOps.connect} returns. */
export interface Connected {
  dialect: Dialect;
  /** Runs compiled statements on the dialect's pool without Kysely's executor (absent: use Kysely). */
  runner?: DirectRunner;
}

/** Options the dialects take when connecting. */
export interface ConnectOptions extends PoolOptions {
  /** SQLite: how long to wait for the write lock, in ms. */
  busyTimeoutMs?: number;
}

/**
 * Everything that differs between SQLite, MariaDB and PostgreSQL. One small implementation per
 * dialect (`sqlite.ts`, `mysql.ts`, `postgres.ts`); the driver never branches on the dialect.
 */
export interface DialectOps {
  readonly name: SqlDialectName;

  /**
   * The Kysely dialect for a URL and user (MariaDB/PostgreSQL through `createPool`), and for the
   * servers a runner that executes compiled statements straight on the same pool (the driver's
   * per-call path; see `connect/direct-runner.ts`).
   */
  connect(url: ParsedSqlUrl, credentials: PoolCredentials, opts: ConnectOptions): Connected;

  /** `CREATE TABLE IF NOT EXISTS` and the expiry index, one statement per element. */
  ddl(table: string): string[];

  /** A key as a statement parameter (MariaDB binds bytes to its VARBINARY key). */
  keyParam(key: string): unknown;
  /** A key as read from the key column (or from {@link DialectOps.keyAsText}). */
  readKey(raw: unknown): string;
  /**
   * SQL: the key column as reads return it, when the column's own type would make the client
   * library hand over something slower to turn into a string (MariaDB: VARBINARY arrives as a
   * Buffer; `CAST(… AS CHAR CHARACTER SET utf8mb4)` makes the server send text the client decodes
   * on its fast path). Absent: the column as is.
   */
  keyAsText?(key: Expression<unknown>): RawBuilder<string>;
  /** A key prefix's length in the units the dialect's `substr` counts (characters or bytes). */
  prefixLength(prefix: string): number;

  /** SQL: the 1-based position of the first `/` in `key` after its first `prefixLength` units, 0 if none. */
  slashAfter(key: Expression<unknown>, prefixLength: Expression<unknown>): RawBuilder<number>;
  /** SQL: `a || b` (string concatenation). */
  concat(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<unknown>;
  /** SQL: `substr(s, 1, n)`. */
  head(s: Expression<unknown>, n: Expression<unknown>): RawBuilder<unknown>;
  /** SQL: the expression compared as a key (PostgreSQL adds `COLLATE "C"`). */
  asKey(e: Expression<unknown>): RawBuilder<unknown>;

  /** How `children()` walks a branch: one recursive CTE, or one seek per step. */
  childKeys: ChildKeysStrategy;

  /** `set`: insert or replace the whole row. */
  upsert(db: Kysely<OocdDatabase>, table: string): PreparedQuery<RowParams>;
  /** `create`: insert, or replace a row expired at `now`; {@link created} reads the outcome. */
  createIfAbsent(db: Kysely<OocdDatabase>, table: string): PreparedQuery<RowParams | 'now'>;
  /** Whether a {@link createIfAbsent} result wrote the row. */
  created(result: { numAffectedRows?: bigint; rows: unknown[] }): boolean;
  /** Deletes at most `limit` rows expired at `now`; a deleted row already gone is no error. */
  reapBatch(db: Kysely<OocdDatabase>, table: string): PreparedQuery<'now' | 'limit'>;
  /** Runs one {@link reapBatch} on `runner` (MariaDB: falls back to REPEATABLE READ if the binlog needs it). */
  runReapBatch(
    runner: QueryRunner,
    batch: PreparedQuery<'now' | 'limit'>,
    args: { now: number; limit: number },
  ): Promise<QueryResult<unknown>>;
  /**
   * Runs `fn` with the runner a whole reap uses when no cluster lock is taken: one connection
   * where the batches need session state (MariaDB), else the database itself (SQLite's single
   * connection must not be held across batches: every other call of the driver would wait).
   */
  withReapSession(db: Kysely<OocdDatabase>, fn: (runner: QueryRunner) => Promise<number>): Promise<number>;
  /** Runs a whole reap on `runner` with the session settings reaping needs (MariaDB: READ COMMITTED), restoring them after. */
  reapIsolated(runner: QueryRunner, fn: (runner: QueryRunner) => Promise<number>): Promise<number>;

  /**
   * Runs `fn` while holding the cluster-wide reaper lock named `name`, on one connection (session
   * locks belong to a connection). Returns `undefined` without running `fn` when another process
   * holds it.
   */
  withReapLock(db: Kysely<OocdDatabase>, name: string, fn: (runner: QueryRunner) => Promise<number>): Promise<number | undefined>;

  /** The error says the table does not exist. */
  isMissingTable(e: unknown): boolean;
  /** The error says the user lacks a privilege. */
  isPermissionDenied(e: unknown): boolean;
  /** The statement was rolled back by the server and may simply be run again (deadlock, busy). */
  isRetryable(e: unknown): boolean;
}
