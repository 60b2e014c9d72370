import type { Expression, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { DialectOps } from './dialects/index.js';
import type { BranchRange } from './key-range.js';
import { childName } from './key-range.js';
import type { QueryRunner } from './prepared.js';
import type { Statements, WalkParams } from './statements.js';

/** How a dialect finds the keys the child walk visits (see {@link childWalk}). */
export type ChildKeysStrategy = (ops: DialectOps, runner: QueryRunner, st: Statements, range: BranchRange, now: Date) => Promise<string[]>;

/** The walk as one recursive-CTE statement (SQLite, PostgreSQL: the seek uses the outer bound). */
export const cteChildKeys: ChildKeysStrategy = async (ops, runner, st, range, now) => {
  const { rows } = await st.childKeys.execute(runner, walkArgs(ops, range, now));
  return rows.map((r) => ops.readKey(r.entry_key));
};

/**
 * The walk as one indexed seek per step from the application (MariaDB: inside a recursive CTE
 * its range optimizer cannot use the bound computed from the previous row, so each step would
 * scan from the branch start). Same bounds as {@link childWalk}.
 */
export const seekLoopChildKeys: ChildKeysStrategy = async (ops, runner, st, range, now) => {
  const keys: string[] = [];
  const hi = ops.keyParam(range.hi);
  for (let from = range.lo; ; ) {
    const { rows } = await st.seek.execute(runner, { from: ops.keyParam(from), hi, now: now.getTime() });
    if (!rows[0]) return keys;
    const key = ops.readKey(rows[0].entry_key);
    keys.push(key);
    const name = childName(range.prefix, key);
    from = key.length > range.prefix.length + name.length ? `${range.prefix}${name}0` : `${key} `;
  }
};

/** The parameters of the walk and of the direct listing for a branch range. */
export function walkArgs(ops: DialectOps, range: BranchRange, now: Date): Record<WalkParams, unknown> {
  return { lo: ops.keyParam(range.lo), hi: ops.keyParam(range.hi), now: now.getTime(), plen: ops.prefixLength(range.prefix) };
}

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
  return sql<
    Record<string, unknown>
  >`WITH RECURSIVE walk(k) AS (SELECT ${seek(p('lo'))} UNION ALL SELECT ${seek(next)} FROM walk WHERE walk.k IS NOT NULL) ${select(walk)}`;
}
