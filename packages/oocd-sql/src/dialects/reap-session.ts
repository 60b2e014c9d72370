import type { Kysely } from 'kysely';
import type { PreparedQuery, QueryRunner } from '../prepared.js';
import type { OocdDatabase } from '../table.js';

/** A reap batch as it is: one statement (SQLite, PostgreSQL). */
export const plainReapBatch = (runner: QueryRunner, batch: PreparedQuery<'now' | 'limit'>, args: { now: number; limit: number }) =>
  batch.execute(runner, args);

/** A whole reap on one connection of the pool (session state, such as the isolation level, stays put). */
export const connectionReapSession = (db: Kysely<OocdDatabase>, fn: (runner: QueryRunner) => Promise<number>) =>
  db.connection().execute(fn);

/** A whole reap on the database itself (SQLite: its one connection is taken per statement). */
export const databaseReapSession = (db: Kysely<OocdDatabase>, fn: (runner: QueryRunner) => Promise<number>) => fn(db);

/** A reap that needs no session settings: `fn` as is. */
export const asIs = (runner: QueryRunner, fn: (runner: QueryRunner) => Promise<number>) => fn(runner);
