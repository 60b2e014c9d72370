import { quoteMysql } from '../catalog/mysql-catalog.js';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Conn, Row } from '../conn/conn.js';
import { PostgresConn } from '../conn/postgres-conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import { fail } from '../errors.js';
import type { ColumnInfo, Engine, TableInfo } from '../types.js';
import { parseCopyLine } from '../values/copy-text.js';
import { type PortableValue, type RowBatch, toPortable, toPortableInPlace } from '../values/portable.js';

/** Rows per batch handed to the writers. */
export const DEFAULT_PAGE_ROWS = 2000;

/**
 * Rows per batch read from SQLite: small, so the batch being filled (what survives each young
 * generation GC) stays small and V8 does not grow its young generation to the maximum. Measured
 * on 1,000,000 rows (peak RSS, `--format sql` / bundle): 2000 rows 113 / 107 MiB, 128 rows
 * 106 / 107 MiB, 32 rows 90 / 90 MiB. A batch costs one async step, nothing more.
 */
const SQLITE_BATCH_ROWS = 32;

/** Rows per keyset page on MySQL/MariaDB (fewer round trips; still a fixed amount of memory). */
const KEYSET_PAGE_ROWS = 5000;

/**
 * Streams a table's rows in primary-key order as batches of portable values (column order of
 * `table.columns`): SQLite through one iterating statement, PostgreSQL through one
 * `COPY (SELECT … ORDER BY pk) TO STDOUT` stream, MySQL by keyset pagination
 * (`WHERE pk > last ORDER BY pk LIMIT n`), so memory stays flat on any table size.
 */
export function readRows(conn: Conn, table: TableInfo, pageRows = DEFAULT_PAGE_ROWS): AsyncGenerator<RowBatch> {
  if (conn instanceof SqliteConn) return readSqlite(conn, table);
  if (conn instanceof PostgresConn) return readPostgresCopy(conn, table, pageRows);
  return readKeyset(conn, table, Math.max(pageRows, KEYSET_PAGE_ROWS));
}

/**
 * SQLite: the rows of one iterating statement in primary-key order (rowid without one), in
 * batches of {@link SQLITE_BATCH_ROWS}; the first `skip` rows are passed over (`readSqliteLines`
 * hands over to this at a row it cannot format exactly, in the same transaction); with `after`,
 * only the rows whose one-column order key is greater.
 */
export async function* readSqlite(conn: SqliteConn, table: TableInfo, skip = 0, after?: KeyBound): AsyncGenerator<PortableValue[][]> {
  const pageRows = SQLITE_BATCH_ROWS;
  const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  const stmt = conn.handle
    .prepare(`SELECT ${cols} FROM ${quoteIdent(table.name)}${whereAfter(table, after !== undefined)} ORDER BY ${sqliteOrder(table)}`)
    .raw(true)
    .safeIntegers(true); // integers beyond 2^53 stay exact (BigInt → `{"i": digits}`)
  const kinds = table.columns.map((c) => c.kind);
  let batch: PortableValue[][] = [];
  let skipped = 0;
  for (const raw of stmt.iterate(...afterParams(after)) as Iterable<unknown[]>) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    batch.push(toPortableInPlace(raw, kinds));
    if (batch.length >= pageRows) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Where a SQLite read resumes: after the row whose one-column order key ({@link sqliteOrder}) is
 * this value (a BigInt: exact beyond 2^53).
 */
export type KeyBound = bigint;

/** The WHERE clause of a read of `table` (one order column) that resumes after a key (bound as the only parameter). */
export function whereAfter(table: TableInfo, resumes: boolean): string {
  return resumes ? ` WHERE ${sqliteOrder(table)} > ?` : '';
}

/** The parameters of a read that resumes after `after` (none when it starts at the beginning). */
export const afterParams = (after: KeyBound | undefined): KeyBound[] => (after === undefined ? [] : [after]);

/** The ORDER BY of a SQLite table's rows: its primary key, else its rowid. */
export function sqliteOrder(table: TableInfo): string {
  return table.primaryKey.length > 0 ? table.primaryKey.map(quoteIdent).join(', ') : 'rowid';
}

/** How a server engine selects a column so the driver returns Zato's text form for dates. */
const SELECT_EXPR: Record<Exclude<Engine, 'sqlite'>, (c: ColumnInfo) => string> = {
  postgresql: (c) => (c.kind === 'datetime' ? `to_char(${quoteIdent(c.name)}, 'YYYY-MM-DD HH24:MI:SS.US')` : quoteIdent(c.name)),
  mysql: (c) => (c.kind === 'datetime' ? `DATE_FORMAT(${quoteMysql(c.name)}, '%Y-%m-%d %H:%i:%s.%f')` : quoteMysql(c.name)),
};

async function* readKeyset(conn: Conn, table: TableInfo, pageRows: number): AsyncGenerator<PortableValue[][]> {
  const engine = conn.engine === 'postgresql' ? 'postgresql' : 'mysql';
  const q = engine === 'postgresql' ? quoteIdent : quoteMysql;
  const ph = (i: number) => (engine === 'postgresql' ? `$${i + 1}` : '?');
  const select = table.columns.map((c, i) => `${SELECT_EXPR[engine](c)} AS c${i}`).join(', ');
  const pk = table.primaryKey;
  const pkIdx = pk.map((p) => table.columns.findIndex((c) => c.name === p));
  const kinds = table.columns.map((c) => c.kind);
  const order = pk.length > 0 ? ` ORDER BY ${pk.map(q).join(', ')}` : '';
  const keyset = `(${pk.map(q).join(', ')}) > (${pk.map((_, i) => ph(i)).join(', ')})`;
  const fetch = (after?: unknown[]) =>
    conn.query(
      `SELECT ${select} FROM ${q(table.name)}${after ? ` WHERE ${keyset}` : ''}${order}${pk.length > 0 ? ` LIMIT ${pageRows}` : ''}`,
      after ?? [],
    );
  let pending: Promise<Row[]> | undefined = fetch();
  while (pending) {
    const rows: Row[] = await pending;
    pending = undefined;
    if (rows.length === 0) return;
    if (pk.length > 0 && rows.length === pageRows) {
      // The next page is asked for before this one is handed out: the server works while we encode.
      const lastRow = rows[rows.length - 1] as Row;
      pending = fetch(pkIdx.map((i) => lastRow[`c${i}`]));
      pending.catch(() => {}); // awaited above on the next turn; no unhandled rejection if the reader stops early
    }
    const batch = rows.map((r) => {
      const row = new Array<PortableValue>(kinds.length);
      for (let i = 0; i < kinds.length; i++) row[i] = toPortable(r[`c${i}`], kinds[i] ?? 'text');
      return row;
    });
    yield batch;
  }
}

/**
 * PostgreSQL: the rows of one `COPY (SELECT …) TO STDOUT` in the transaction's snapshot, split
 * into lines across chunks (a newline byte never occurs inside a UTF-8 character) and parsed.
 */
async function* readPostgresCopy(conn: PostgresConn, table: TableInfo, pageRows: number): AsyncGenerator<RowBatch> {
  const select = table.columns
    .map((c) => (c.kind === 'blob' ? `encode(${quoteIdent(c.name)}, 'hex')` : SELECT_EXPR.postgresql(c)))
    .join(', ');
  const order = table.primaryKey.length > 0 ? ` ORDER BY ${table.primaryKey.map(quoteIdent).join(', ')}` : '';
  const kinds = table.columns.map((c) => c.kind);
  // The COPY text loads back as it is unless a bytea was selected as plain hex.
  const keepText = !kinds.includes('blob');
  let rest: Buffer | undefined;
  let batch: RowBatch = [];
  let text = '';
  for await (const chunk of conn.copyOut(`COPY (SELECT ${select} FROM ${quoteIdent(table.name)}${order}) TO STDOUT`)) {
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    const end = buf.lastIndexOf(10);
    if (end < 0) {
      rest = buf;
      continue;
    }
    rest = end + 1 < buf.length ? Buffer.from(buf.subarray(end + 1)) : undefined;
    const lines = buf.toString('utf8', 0, end + 1);
    if (keepText) text += lines;
    for (let from = 0; from < lines.length; ) {
      const nl = lines.indexOf('\n', from);
      batch.push(parseCopyLine(lines.slice(from, nl), kinds));
      from = nl + 1;
    }
    if (batch.length >= pageRows) {
      if (keepText) batch.copyText = text;
      yield batch;
      batch = [];
      text = '';
    }
  }
  if (rest) throw fail('BACKEND', `COPY of ${table.name} ended in the middle of a row. Try the backup again.`);
  if (keepText) batch.copyText = text;
  if (batch.length > 0) yield batch;
}
