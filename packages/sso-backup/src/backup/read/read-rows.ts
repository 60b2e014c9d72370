import { quoteMysql } from '../catalog/mysql-catalog.js';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Conn } from '../conn/conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import type { ColumnInfo, Engine, TableInfo } from '../types.js';
import { type PortableValue, toPortable, toPortableInPlace } from '../values/portable.js';

/** Rows per batch handed to the writers (and per keyset page on the servers). */
export const DEFAULT_PAGE_ROWS = 2000;

/**
 * Streams a table's rows in primary-key order as batches of portable values (column order of
 * `table.columns`): SQLite through one iterating statement, the servers by keyset pagination
 * (`WHERE pk > last ORDER BY pk LIMIT n`), so memory stays flat on any table size.
 */
export function readRows(conn: Conn, table: TableInfo, pageRows = DEFAULT_PAGE_ROWS): AsyncGenerator<PortableValue[][]> {
  return conn instanceof SqliteConn ? readSqlite(conn, table, pageRows) : readKeyset(conn, table, pageRows);
}

async function* readSqlite(conn: SqliteConn, table: TableInfo, pageRows: number): AsyncGenerator<PortableValue[][]> {
  const order = table.primaryKey.length > 0 ? table.primaryKey.map(quoteIdent).join(', ') : 'rowid';
  const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  const stmt = conn.handle.prepare(`SELECT ${cols} FROM ${quoteIdent(table.name)} ORDER BY ${order}`).raw(true);
  const kinds = table.columns.map((c) => c.kind);
  let batch: PortableValue[][] = [];
  for (const raw of stmt.iterate() as Iterable<unknown[]>) {
    batch.push(toPortableInPlace(raw, kinds));
    if (batch.length >= pageRows) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
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
  let last: unknown[] | undefined;
  for (;;) {
    const where = last ? ` WHERE ${keyset}` : '';
    const limit = pk.length > 0 ? ` LIMIT ${pageRows}` : '';
    const rows = await conn.query(`SELECT ${select} FROM ${q(table.name)}${where}${order}${limit}`, last ?? []);
    if (rows.length === 0) return;
    const batch = rows.map((r) => {
      const row = new Array<PortableValue>(kinds.length);
      for (let i = 0; i < kinds.length; i++) row[i] = toPortable(r[`c${i}`], kinds[i] ?? 'text');
      return row;
    });
    yield batch;
    if (pk.length === 0 || rows.length < pageRows) return;
    const lastRow = rows[rows.length - 1] as Record<string, unknown>;
    last = pkIdx.map((i) => lastRow[`c${i}`]);
  }
}
