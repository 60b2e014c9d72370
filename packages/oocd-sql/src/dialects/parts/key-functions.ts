import type { Expression, RawBuilder } from 'kysely';

/** The SQL string functions on keys the branch listing and the child walk are built from. */
export interface KeyFunctions {
  /** SQL: the 1-based position of the first `/` in `key` after its first `prefixLength` units, 0 if none. */
  slashAfter(key: Expression<unknown>, prefixLength: Expression<unknown>): RawBuilder<number>;
  /** SQL: `a || b` (string concatenation). */
  concat(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<unknown>;
  /** SQL: `substr(s, 1, n)`. */
  head(s: Expression<unknown>, n: Expression<unknown>): RawBuilder<unknown>;
  /** SQL: the expression compared as a key (PostgreSQL adds `COLLATE "C"`). */
  asKey(e: Expression<unknown>): RawBuilder<unknown>;
}
