import type { Kysely } from 'kysely';
import type { BranchRange } from '../../key-range.js';
import type { PreparedQuery, QueryRunner } from '../../prepared.js';
import type { ReapParams, RowParams, SeekParams, WalkParams } from '../../statement-params.js';
import type { OocdDatabase } from '../../table.js';
import type { KeyCodec } from './key-codec.js';

/** The prepared statements a child-keys strategy may run. */
export interface WalkStatements {
  /** The whole walk as one recursive CTE. */
  childKeys: PreparedQuery<WalkParams>;
  /** One step of the walk: the first live key in `[from, hi)`. */
  seek: PreparedQuery<SeekParams>;
}

/** How a dialect finds the keys `children()` visits (one per child; see `walk.ts`). */
export type ChildKeysStrategy = (
  keys: KeyCodec,
  runner: QueryRunner,
  st: WalkStatements,
  range: BranchRange,
  now: Date,
) => Promise<string[]>;

/** The statements whose SQL differs between dialects (the shared ones are in `statements.ts`). */
export interface DialectStatements {
  /** `set`: insert or replace the whole row. */
  upsert(db: Kysely<OocdDatabase>, table: string): PreparedQuery<RowParams>;
  /** `create`: insert, or replace a row expired at `now`; a row was written iff rows were affected. */
  createIfAbsent(db: Kysely<OocdDatabase>, table: string): PreparedQuery<RowParams | 'now'>;
  /** Deletes at most `limit` rows expired at `now`; a deleted row already gone is no error. */
  reapBatch(db: Kysely<OocdDatabase>, table: string): PreparedQuery<ReapParams>;
  /** How `children()` walks a branch: one recursive CTE, or one seek per step. */
  childKeys: ChildKeysStrategy;
}
