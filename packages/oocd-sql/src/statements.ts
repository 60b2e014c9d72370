import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectOps } from './dialects/index.js';
import { prepare } from './prepared.js';
import { ENTRY_COLUMNS } from './row.js';
import type { SeekParams, WalkParams } from './statement-params.js';
import type { OocdDatabase } from './table.js';
import { childWalk } from './walk.js';

/** Every statement the driver runs, compiled once per table when it opens. */
export type Statements = ReturnType<typeof buildStatements>;

/**
 * Builds the driver's statements with Kysely: the shared ones here, the dialect-specific ones
 * (`set`, `create`, the reap batch, the walk's string functions) from `ops`.
 */
export function buildStatements(db: Kysely<OocdDatabase>, table: string, ops: DialectOps) {
  const raw = db;
  const { keys, functions, statements } = ops;
  // The key as reads return it, and the column to order by: qualified, because on MariaDB the
  // selected key is an expression aliased `entry_key`, and ORDER BY would otherwise sort by it.
  const keyColumn = sql.ref(`${table}.entry_key`);
  const key = keys.keyAsText ? keys.keyAsText(keyColumn).as('entry_key') : ('entry_key' as const);
  const columns = [key, ...ENTRY_COLUMNS.slice(1)] as unknown as typeof ENTRY_COLUMNS;
  const range = <P extends string>(p: (n: P | 'lo' | 'hi') => never) =>
    db.selectFrom(table).select(columns).where('entry_key', '>=', p('lo')).where('entry_key', '<', p('hi'));
  return {
    probe: prepare<never>(raw, () => db.selectFrom(table).select('entry_key').limit(0)),
    get: prepare<'key' | 'now'>(raw, (p) =>
      db.selectFrom(table).select(columns).where('entry_key', '=', p('key')).where('expires_at', '>', p('now')),
    ),
    set: statements.upsert(db, table),
    create: statements.createIfAbsent(db, table),
    take: prepare<'key'>(raw, (p) => db.deleteFrom(table).where('entry_key', '=', p('key')).returning(columns)),
    remove: prepare<'key'>(raw, (p) => db.deleteFrom(table).where('entry_key', '=', p('key'))),
    removeTree: prepare<'key' | 'lo' | 'hi'>(raw, (p) =>
      db
        .deleteFrom(table)
        .where((eb) => eb.or([eb('entry_key', '=', p('key')), eb.and([eb('entry_key', '>=', p('lo')), eb('entry_key', '<', p('hi'))])])),
    ),
    // Ordered by key (free on the key index): the core's sort then finds the work done.
    listTree: prepare<'lo' | 'hi' | 'now'>(raw, (p) =>
      range(p as never)
        .where('expires_at', '>', p('now'))
        .orderBy(keyColumn),
    ),
    // Direct entries: one range scan of the branch's key range, keeping keys without a further
    // '/' (a test on the key alone, so rows below sub-branches are not fetched).
    listDirect: prepare<WalkParams>(raw, (p) =>
      range(p as never)
        .where('expires_at', '>', p('now'))
        .where(sql<boolean>`${functions.slashAfter(sql.ref('entry_key'), p('plen'))} = 0`)
        .orderBy(keyColumn),
    ),
    // children(): the skip-scan walk in one statement (SQLite, PostgreSQL) …
    childKeys: prepare<WalkParams>(raw, (p) =>
      childWalk(functions, table, p, (walk) => sql`SELECT k AS entry_key FROM ${walk} WHERE k IS NOT NULL`),
    ),
    // … or one seek per step (MariaDB, whose recursive CTE cannot seek on the outer bound).
    seek: prepare<SeekParams>(raw, (p) =>
      db
        .selectFrom(table)
        .select(key as 'entry_key')
        .where('entry_key', '>=', p('from'))
        .where('entry_key', '<', p('hi'))
        .where('expires_at', '>', p('now'))
        .orderBy(keyColumn)
        .limit(1),
    ),
    reapBatch: statements.reapBatch(db, table),
  };
}
