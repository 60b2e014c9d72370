import type { Kysely } from 'kysely';
import type { PreparedQuery, QueryRunner } from '../../prepared.js';
import type { ReapArgs, ReapParams } from '../../statement-params.js';
import type { OocdDatabase } from '../../table.js';
import type { ReapWork } from '../parts/reaper-hooks.js';

/** A reap batch as it is: one statement (SQLite, PostgreSQL). */
export const plainReapBatch = (runner: QueryRunner, batch: PreparedQuery<ReapParams>, args: ReapArgs) => batch.execute(runner, args);

/** A whole reap on one connection of the pool (session state, such as the isolation level, stays put). */
export const connectionReapSession = (db: Kysely<OocdDatabase>, work: ReapWork) => db.connection().execute(work);

/** A whole reap on the database itself (SQLite: its one connection is taken per statement). */
export const databaseReapSession = (db: Kysely<OocdDatabase>, work: ReapWork) => work(db);

/** A reap that needs no session settings: `work` as is. */
export const asIs = (runner: QueryRunner, work: ReapWork) => work(runner);
