import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { SqliteConn } from '../conn/sqlite-conn.js';
import type { TableInfo } from '../types.js';
import { afterParams, type KeyBound, whereAfter } from './read-rows.js';
import { type LineBatch, type LineMode, readSqliteLines } from './sqlite-lines.js';
import { blockGuard, nulGuard, rowSql, sqliteLinesPossible } from './sqlite-row-sql.js';

/**
 * Bytes of lines a block aims at: the rows per block follow the size of the rows just read (first
 * block: {@link FIRST_BLOCK_ROWS}), between {@link MIN_BLOCK_ROWS} and {@link MAX_BLOCK_ROWS}.
 * Measured on 1M Zato attribute rows (the statement alone, one run each): 128 rows per step took
 * 1.20×, 2048 rows 1.07× the time of 8192 rows — and memory grows with the block.
 */
const TARGET_BLOCK_BYTES = 256 * 1024;
const FIRST_BLOCK_ROWS = 64;
const MIN_BLOCK_ROWS = 1;
const MAX_BLOCK_ROWS = 4096;

/**
 * What a block holds: `rows` the canonical lines (a bundle), `sql` the INSERT lines and the
 * canonical lines (a `--format sql` dump with checksums), `sql-only` the INSERT lines alone (a dump
 * without checksums: SQLite formats each row once).
 */
export type BlockMode = LineMode | 'sql-only';

/** A block of consecutive rows, formatted by SQLite in one step. */
export interface FormattedBlock {
  rows: number;
  /** Modes `rows` and `sql`: the rows' canonical JSON lines, `\n`-separated, without a newline after the last. */
  canonical?: Buffer;
  /** Modes `sql` and `sql-only`: the rows' `INSERT …;\n` lines. */
  sql?: Buffer;
}

/** A batch from {@link readSqliteBlocks}: a formatted block, or what the row-by-row reader yields. */
export type BlockBatch = { block: FormattedBlock; lines?: undefined; rows?: undefined } | (LineBatch & { block?: undefined });

/** Names of the inner SELECT's own columns (a table with such a column takes the row-by-row path). */
const KEY = 'authstate block key';
const LINE = 'authstate block line';
const INSERT = 'authstate block insert';

/**
 * The order column `table`'s blocks resume after: its primary key when that is one integer column
 * (unique, and compared the same by `>`, `max()` and ORDER BY), else none — composite, text and
 * absent keys take the row-by-row path.
 */
export function blockKey(table: TableInfo): string | undefined {
  if (!sqliteLinesPossible(table) || table.primaryKey.length !== 1) return undefined;
  if (table.columns.some((c) => [KEY, LINE, INSERT].includes(c.name))) return undefined;
  const key = table.columns.find((c) => c.name === table.primaryKey[0]);
  return key?.kind === 'int' ? quoteIdent(key.name) : undefined;
}

/**
 * Streams `table`'s rows in primary-key order as blocks SQLite formatted: one statement step
 * returns a block of rows' canonical lines (and, for `sql`, their INSERT lines) as one
 * string aggregated in SQLite, so neither better-sqlite3 nor JavaScript touches a row — what
 * `sqlite3 .dump` does in C. Blocks follow each other by keyset (`key > last`, the last key read
 * exactly as a BigInt), all in the caller's transaction (one snapshot).
 *
 * A block holding a row the guard rejects ({@link blockGuard}: a cheaper form of the row guard),
 * a NULL key (which sorts first, so only the first block
 * can hold one), or — in `sql` mode — a NUL character (printf's `%Q` stops at it) is not used: from
 * the row after the last good block on, the table is read row by row ({@link readSqliteLines}),
 * which formats each such row exactly. In `sql-only` mode no canonical line shows a NUL: each text
 * value is searched for one instead ({@link nulGuard}), and the row reader takes mode `sql`.
 */
export async function* readSqliteBlocks(
  conn: SqliteConn,
  table: TableInfo,
  mode: BlockMode,
  fixedRows?: number,
): AsyncGenerator<BlockBatch> {
  const lineMode: LineMode = mode === 'rows' ? 'rows' : 'sql';
  const key = blockKey(table);
  if (!key) {
    yield* readSqliteLines(conn, table, lineMode);
    return;
  }
  const row = rowSql(table);
  const guard = mode === 'sql-only' ? `${blockGuard(table)} AND ${nulGuard(table)}` : blockGuard(table);
  // One SELECT formats each row (the guard in each CASE: cheap comparisons, see blockGuard); the
  // outer one aggregates the block. A NULL line marks a row the guard rejected; `good` counts the
  // rows of the first line column (the canonical one, or the INSERT in sql-only mode).
  const lines: [name: string, expression: string, separator: string][] = [];
  if (mode !== 'sql-only') lines.push([LINE, row.json, 'char(10)']);
  if (mode !== 'rows') lines.push([INSERT, row.insert, "''"]);
  const formatted = lines.map(([name, e]) => `, CASE WHEN ${guard} THEN ${e} END AS "${name}"`).join('');
  const inner = (where: string) => `SELECT ${key} AS "${KEY}"${formatted} FROM ${quoteIdent(table.name)}${where} ORDER BY ${key} LIMIT ?`;
  const aggregates = [`count("${lines[0]?.[0]}")`, ...lines.map(([name, , sep]) => `CAST(string_agg("${name}", ${sep}) AS BLOB)`)];
  const outer = (where: string) => `SELECT count(*), count("${KEY}"), max("${KEY}"), ${aggregates.join(', ')} FROM (${inner(where)})`;
  const first = conn.handle.prepare(outer('')).raw(true).safeIntegers(true);
  const next = conn.handle
    .prepare(outer(whereAfter(table, true)))
    .raw(true)
    .safeIntegers(true);
  let after: KeyBound | undefined;
  let blockRows = fixedRows ?? FIRST_BLOCK_ROWS;
  for (;;) {
    let got: unknown[];
    try {
      got = (after === undefined ? first : next).get(...afterParams(after), blockRows) as unknown[];
    } catch (e) {
      // A block beyond SQLite's longest string (rows of hundreds of MB): from here on, row by row.
      if ((e as { code?: unknown }).code !== 'SQLITE_TOOBIG') throw e;
      yield* readSqliteLines(conn, table, lineMode, after);
      return;
    }
    const [n, keyed, last, good, one, two] = got as [bigint, bigint, bigint | null, bigint, Buffer | null, Buffer | null | undefined];
    const rows = Number(n);
    if (rows === 0) return;
    const canonical = mode === 'sql-only' ? undefined : (one ?? undefined);
    const sql = mode === 'sql-only' ? (one ?? undefined) : (two ?? undefined);
    // In sql mode a NUL shows in the canonical lines (JSON escapes it); sql-only's guard has checked.
    const exact = keyed === n && good === n && one && (mode !== 'sql' || !canonical?.includes('\\u0000'));
    if (!exact || last === null) {
      yield* readSqliteLines(conn, table, lineMode, after);
      return;
    }
    yield { block: { rows, ...(canonical ? { canonical } : {}), ...(sql ? { sql } : {}) } };
    if (rows < blockRows) return;
    after = last;
    const bytesPerRow = ((canonical?.length ?? 0) + (sql?.length ?? 0)) / rows;
    blockRows = fixedRows ?? Math.min(MAX_BLOCK_ROWS, Math.max(MIN_BLOCK_ROWS, Math.floor(TARGET_BLOCK_BYTES / bytesPerRow)));
  }
}
