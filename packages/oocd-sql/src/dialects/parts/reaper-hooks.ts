import type { Kysely, QueryResult } from 'kysely';
import type { PreparedQuery, QueryRunner } from '../../prepared.js';
import type { ReapArgs, ReapParams } from '../../statement-params.js';
import type { OocdDatabase } from '../../table.js';

/** A whole reap, run on the runner it is given; returns the rows deleted. */
export type ReapWork = (runner: QueryRunner) => Promise<number>;

/** Where and how a dialect runs the reaper's batches. */
export interface ReaperHooks {
  /** Runs one batch on `runner` (MariaDB: falls back to REPEATABLE READ if the binlog needs it). */
  runBatch(runner: QueryRunner, batch: PreparedQuery<ReapParams>, args: ReapArgs): Promise<QueryResult<unknown>>;
  /**
   * Runs `work` with the runner a whole reap uses when no cluster lock is taken: one connection
   * where the batches need session state (MariaDB), else the database itself (SQLite's single
   * connection must not be held across batches: every other call of the driver would wait).
   */
  session(db: Kysely<OocdDatabase>, work: ReapWork): Promise<number>;
  /** Runs `work` on `runner` with the session settings reaping needs (MariaDB: READ COMMITTED), restoring them after. */
  isolated(runner: QueryRunner, work: ReapWork): Promise<number>;
  /**
   * Runs `work` while holding the cluster-wide reaper lock named `name`, on one connection
   * (session locks belong to a connection). Returns `undefined` without running `work` when
   * another process holds it.
   */
  withLock(db: Kysely<OocdDatabase>, name: string, work: ReapWork): Promise<number | undefined>;
}
