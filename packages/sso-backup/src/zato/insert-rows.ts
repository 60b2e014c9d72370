import { sql } from 'kysely';
import type { AnyKysely, ZatoValue } from './dialects/index.js';

/** A row to insert: column → value (every row of one batch must have the same columns). */
export type ZatoRow = Record<string, ZatoValue | undefined>;

/** Rows per INSERT: far under every engine's placeholder limit for the widest SSO table. */
const BATCH = 400;

/** Inserts rows in multi-row batches (undefined columns are left out, e.g. auto-increment ids). */
export async function insertRows(db: AnyKysely, table: string, rows: ZatoRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map(definedOnly);
    if (batch.length > 0) await db.insertInto(table).values(batch).execute();
  }
}

function definedOnly(row: ZatoRow): Record<string, ZatoValue> {
  const out: Record<string, ZatoValue> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out;
}

/** The largest `id` of a table (0 when empty). */
export async function maxId(db: AnyKysely, table: string): Promise<number> {
  const r = await sql<{ m: number | string | null }>`select max(id) as m from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}
