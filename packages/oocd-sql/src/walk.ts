import type { Expression, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { ChildKeysStrategy } from './dialects/parts/dialect-statements.js';
import type { KeyCodec } from './dialects/parts/key-codec.js';
import type { KeyFunctions } from './dialects/parts/key-functions.js';
import type { BranchRange } from './key-range.js';
import { childName } from './key-range.js';
import type { WalkParams } from './statement-params.js';

/** The walk as one recursive-CTE statement (SQLite, PostgreSQL: the seek uses the outer bound). */
export const cteChildKeys: ChildKeysStrategy = async (keys, runner, st, range, now) => {
  const { rows } = await st.childKeys.execute(runner, walkArgs(keys, range, now));
  return rows.map((r) => keys.readKey(r.entry_key));
};

/**
 * The walk as one indexed seek per step from the application (MariaDB: inside a recursive CTE
 * its range optimizer cannot use the bound computed from the previous row, so each step would
 * scan from the branch start). Same bounds as {@link childWalk}.
 */
export const seekLoopChildKeys: ChildKeysStrategy = async (codec, runner, st, range, now) => {
  const keys: string[] = [];
  const hi = codec.keyParam(range.hi);
  for (let from = range.lo; ; ) {
    const { rows } = await st.seek.execute(runner, { from: codec.keyParam(from), hi, now: now.getTime() });
    if (!rows[0]) return keys;
    const key = codec.readKey(rows[0].entry_key);
    keys.push(key);
    const name = childName(range.prefix, key);
    from = key.length > range.prefix.length + name.length ? `${range.prefix}${name}0` : `${key} `;
  }
};

/** The parameters of the walk and of the direct listing for a branch range. */
export function walkArgs(keys: KeyCodec, range: BranchRange, now: Date): Record<WalkParams, unknown> {
  return { lo: keys.keyParam(range.lo), hi: keys.keyParam(range.hi), now: now.getTime(), plen: keys.prefixLength(range.prefix) };
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
  fn: KeyFunctions,
  table: string,
  p: (n: WalkParams) => Expression<never>,
  select: (walk: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<Record<string, unknown>> {
  const key = sql.ref('entry_key');
  const seek = (from: Expression<unknown>) =>
    sql`(SELECT ${key} FROM ${sql.table(table)} WHERE ${key} >= ${fn.asKey(from)} AND ${key} < ${fn.asKey(p('hi'))} AND ${sql.ref('expires_at')} > ${p('now')} ORDER BY ${key} LIMIT 1)`;
  const k = sql.ref('walk.k');
  const slash = fn.slashAfter(k, p('plen'));
  const next = sql`CASE WHEN ${slash} > 0 THEN ${fn.concat(fn.head(k, sql`${p('plen')} + ${slash} - 1`), sql.lit('0'))} ELSE ${fn.concat(k, sql.lit(' '))} END`;
  const walk = sql.raw('walk');
  return sql<
    Record<string, unknown>
  >`WITH RECURSIVE walk(k) AS (SELECT ${seek(p('lo'))} UNION ALL SELECT ${seek(next)} FROM walk WHERE walk.k IS NOT NULL) ${select(walk)}`;
}
