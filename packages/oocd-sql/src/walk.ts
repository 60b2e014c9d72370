import type { Expression, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { DialectOps } from './dialects/index.js';
import type { WalkParams } from './statements.js';

/**
 * The child walk: a recursive CTE that visits one key per child of a branch (two when a child is
 * both an entry and a sub-branch), jumping over each sub-branch's subtree with one index seek,
 * so `children()` and the direct `list()` never read a whole subtree.
 *
 * From a visited key K with child name c (K = prefix + c, or prefix + c + '/…'):
 * - K is deeper than c: every key up to prefix + c + '0' lies in c's subtree ('/' + 1 = '0'),
 *   so the next seek starts at prefix + c + '0';
 * - K is the entry prefix + c: the next seek starts at K + ' ', the smallest possible key after
 *   K (keys have no character below ' ').
 *
 * Each seek is `SELECT entry_key … WHERE entry_key >= :from AND entry_key < :hi AND live ORDER BY
 * entry_key LIMIT 1`, a range scan on the primary key.
 */
export function childWalk(
  ops: DialectOps,
  table: string,
  p: (n: WalkParams) => Expression<never>,
  select: (walk: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<Record<string, unknown>> {
  const key = sql.ref('entry_key');
  const seek = (from: Expression<unknown>) =>
    sql`(SELECT ${key} FROM ${sql.table(table)} WHERE ${key} >= ${ops.asKey(from)} AND ${key} < ${ops.asKey(p('hi'))} AND ${sql.ref('expires_at')} > ${p('now')} ORDER BY ${key} LIMIT 1)`;
  const k = sql.ref('walk.k');
  const slash = ops.slashAfter(k, p('plen'));
  const next = sql`CASE WHEN ${slash} > 0 THEN ${ops.concat(ops.head(k, sql`${p('plen')} + ${slash} - 1`), sql.lit('0'))} ELSE ${ops.concat(k, sql.lit(' '))} END`;
  const walk = sql.raw('walk');
  return sql<Record<string, unknown>>`WITH RECURSIVE walk(k) AS (SELECT ${seek(p('lo'))} UNION ALL SELECT ${seek(next)} FROM walk WHERE walk.k IS NOT NULL) ${select(walk)}`;
}
