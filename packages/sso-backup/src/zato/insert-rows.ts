import type { AnyKysely, ZatoValue } from './dialects/index.js';
import { loadKysely } from './kysely.js';

/** A row to insert: column → value (every row of one batch must have the same columns). */
export type ZatoRow = Record<string, ZatoValue | undefined>;

/** Parameters per INSERT: under SQLite's 32766 and PostgreSQL's/MySQL's 65535 placeholder limits. */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 1000;

/**
 * Inserts rows in multi-row batches (undefined columns are left out, e.g. auto-increment ids).
 * Plain values go through one compiled statement per batch (fast enough for a million rows);
 * rows holding SQL expressions (`nextval(…)`) go through the query builder.
 */
export async function insertRows(db: AnyKysely, table: string, rows: ZatoRow[]): Promise<void> {
  const { CompiledQuery, isExpression } = await loadKysely();
  const width = Math.max(1, Object.keys(rows[0] ?? {}).length);
  const step = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / width)));
  for (let i = 0; i < rows.length; i += step) {
    const batch = rows.slice(i, i + step).map(definedOnly);
    if (batch.length === 0) continue;
    if (batch.some((r) => Object.values(r).some((v) => isExpression(v)))) await db.insertInto(table).values(batch).execute();
    else await db.executeQuery(CompiledQuery.raw(...compileInsert(db, table, batch)));
  }
}

/** One multi-row INSERT (text, parameters) with the engine's own placeholders (taken from Kysely's compiler). */
function compileInsert(db: AnyKysely, table: string, batch: Record<string, ZatoValue>[]): [string, unknown[]] {
  const columns = Object.keys(batch[0] ?? {});
  const one = db
    .insertInto(table)
    .values(Object.fromEntries(columns.map((c) => [c, null])))
    .compile().sql;
  const head = one.slice(0, one.toLowerCase().lastIndexOf(' values ') + 8);
  const positional = one.includes('$1');
  const params: unknown[] = [];
  const tuples = batch.map((row) => {
    const marks = columns.map((c) => {
      params.push(row[c] ?? null);
      return positional ? `$${params.length}` : '?';
    });
    return `(${marks.join(', ')})`;
  });
  return [`${head}${tuples.join(', ')}`, params];
}

function definedOnly(row: ZatoRow): Record<string, ZatoValue> {
  const out: Record<string, ZatoValue> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out;
}

/** The largest `id` of a table (0 when empty). */
export async function maxId(db: AnyKysely, table: string): Promise<number> {
  const { sql } = await loadKysely();
  const r = await sql<{ m: number | string | null }>`select max(id) as m from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}
