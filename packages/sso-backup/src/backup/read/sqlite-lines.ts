import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { SqliteConn } from '../conn/sqlite-conn.js';
import { fail } from '../errors.js';
import type { TableInfo, ValueKind } from '../types.js';
import { type PortableValue, type RowBatch, toPortableInPlace } from '../values/portable.js';
import { afterParams, type KeyBound, readSqlite, sqliteOrder, whereAfter } from './read-rows.js';
import { rowSql } from './sqlite-row-sql.js';

export { sqliteLinesPossible } from './sqlite-row-sql.js';

/**
 * What SQLite formats for each row: `sql` — the row's `--format sql` line (`INSERT …;`), a
 * newline, then its canonical JSON line; `rows` — the canonical JSON line alone (a bundle's
 * portable line for a canonical row).
 */
export type LineMode = 'sql' | 'rows';

/** First character of a row SQLite could not format, with its values (see {@link decodeFallback}). */
export const FALLBACK_MARK = 70; // 'F'

/**
 * The whole line of a row holding a REAL: SQLite prints no exact text for every double (`quote()`
 * and `printf('%!.17g')` miss ~10 % of random doubles), so the rest of the table is read value
 * by value from there.
 */
const REAL_MARK = 'R';

/** Rows per batch (small, for the same young-generation reason as readRows' SQLite batches). */
const BATCH_ROWS = 32;

/**
 * The SELECT expression of one row: the formatted line(s) when the guard holds, else `F` and a
 * JSON array of (type, exact text) pairs from which {@link decodeFallback} rebuilds the values
 * better-sqlite3 would have returned.
 */
export function lineExpression(table: TableInfo, mode: LineMode): string {
  const q = table.columns.map((c) => quoteIdent(c.name));
  const row = rowSql(table);
  const exact = (c: string) =>
    `typeof(${c}), CASE typeof(${c}) WHEN 'blob' THEN hex(${c}) WHEN 'integer' THEN CAST(${c} AS TEXT) ELSE ${c} END`;
  const anyReal = q.map((c) => `typeof(${c}) = 'real'`).join(' OR ');
  const fallback = `CASE WHEN ${anyReal} THEN '${REAL_MARK}' ELSE 'F' || json_array(${q.map(exact).join(', ')}) END`;
  return `CASE WHEN ${row.guard} THEN ${mode === 'sql' ? `${row.insert} || ` : ''}${row.json} ELSE ${fallback} END`;
}

/** A batch of lines SQLite formatted, or (after a row holding a REAL) of rows read value by value. */
export type LineBatch = { lines: string[]; rows?: undefined } | { lines?: undefined; rows: RowBatch };

/**
 * Streams `table`'s rows in primary-key order as strings SQLite formatted ({@link LineMode}), so
 * better-sqlite3 hands over one string per row instead of one value per column — what the
 * `sqlite3` shell's `.dump` does in C. Rows the guard rejects come as `F…` strings
 * ({@link decodeFallback}); from a row holding a REAL on, the rest of the table comes as values
 * (the same ORDER BY, in the same transaction: the same snapshot and order).
 */
export async function* readSqliteLines(conn: SqliteConn, table: TableInfo, mode: LineMode, after?: KeyBound): AsyncGenerator<LineBatch> {
  const stmt = conn.handle
    .prepare(
      `SELECT ${lineExpression(table, mode)} FROM ${quoteIdent(table.name)}${whereAfter(table, after !== undefined)} ORDER BY ${sqliteOrder(table)}`,
    )
    .pluck(true);
  let batch: string[] = [];
  let done = 0;
  let real = false;
  for (const line of stmt.iterate(...afterParams(after)) as Iterable<string>) {
    if (line === REAL_MARK) {
      real = true;
      break; // closes the statement: the connection is free for the value reader
    }
    batch.push(line);
    if (batch.length >= BATCH_ROWS) {
      done += batch.length;
      yield { lines: batch };
      batch = [];
    }
  }
  if (batch.length > 0) {
    done += batch.length;
    yield { lines: batch };
  }
  if (real) for await (const rows of readSqlite(conn, table, done, after)) yield { rows };
}

/** A value as better-sqlite3 returns it, from its (type, exact text) pair. */
function exactValue(type: unknown, text: unknown): unknown {
  switch (type) {
    case 'null':
      return null;
    case 'integer': {
      // Beyond 2^53 a Number would round: such integers stay exact as BigInt (→ `{"i": digits}`).
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(String(text));
    }
    case 'blob':
      return Buffer.from(String(text), 'hex');
    case 'text':
      return String(text);
    default:
      throw fail('BACKEND', `SQLite returned a value of unknown type ${JSON.stringify(type)}. Report this as a bug.`);
  }
}

/** The portable values of an `F…` row (what readRows would have produced for it). */
export function decodeFallback(line: string, kinds: readonly ValueKind[]): PortableValue[] {
  const pairs = JSON.parse(line.slice(1)) as unknown[];
  const row = new Array<unknown>(kinds.length);
  for (let i = 0; i < kinds.length; i++) row[i] = exactValue(pairs[2 * i], pairs[2 * i + 1]);
  return toPortableInPlace(row, kinds);
}
