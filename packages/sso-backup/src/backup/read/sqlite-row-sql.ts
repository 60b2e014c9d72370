import { quoteIdent } from '../catalog/sqlite-catalog.js';
import { sqliteName } from '../dump/sqlite-dump.js';
import type { ColumnInfo, TableInfo, ValueKind } from '../types.js';

/**
 * The SQL expressions with which SQLite formats a row itself — its `--format sql` line and its
 * canonical JSON line — and the guard that says when that is exact. Both readers of formatted rows
 * (`sqlite-lines.ts`, a string per row; `sqlite-blocks.ts`, a block of rows per step) build their
 * SELECTs from these, so the bytes cannot differ between them.
 */

const MAX_SAFE = '9007199254740991';

/** The column kinds SQLite can format exactly (a REAL or a BLOB column never is). */
export type LineKind = 'int' | 'bool' | 'datetime' | 'text';

/**
 * The values SQLite may format itself: values whose printf `%Q`/`%s` text is exactly this package's
 * SQLite literal and whose `json_array()` element is exactly `JSON.stringify` of the canonical
 * value (checked: every UTF-16 code unit escapes alike). Anything else — a REAL, a BLOB, an integer
 * beyond 2^53, a non-0/1 boolean, a date not in Zato's 26-character form, a type its column's kind
 * does not expect — fails the guard and is read value by value instead.
 */
const GUARD: Record<LineKind, (c: string) => string> = {
  int: (c) => `(${c} IS NULL OR (typeof(${c}) = 'integer' AND ${c} BETWEEN -${MAX_SAFE} AND ${MAX_SAFE}))`,
  bool: (c) => `(${c} IS NULL OR (typeof(${c}) = 'integer' AND ${c} IN (0, 1)))`,
  datetime: (c) => `(${c} IS NULL OR (typeof(${c}) = 'text' AND length(${c}) = 26 AND substr(${c}, 11, 1) = ' '))`,
  text: (c) => `typeof(${c}) IN ('text', 'null')`,
};

/** A column's canonical JSON element (booleans of 0/1 as `true`/`false`). */
const CANONICAL: Record<LineKind, (c: string) => string> = {
  int: (c) => c,
  bool: (c) => `CASE ${c} WHEN 1 THEN json('true') WHEN 0 THEN json('false') END`,
  datetime: (c) => c,
  text: (c) => c,
};

/**
 * A column's printf conversion and argument in the INSERT line: text as `%Q` (quoted, `''` for a
 * quote, `NULL` for null — what `quote()` writes), integers as `%s` of the value or `NULL`. One
 * printf per row took 15–22 % less time than `quote()` per column joined with `||` (1M rows, 4 runs).
 */
const INSERT_ARG: Record<LineKind, (c: string) => [string, string]> = {
  int: (c) => ['%s', `ifnull(${c}, 'NULL')`],
  bool: (c) => ['%s', `ifnull(${c}, 'NULL')`],
  datetime: (c) => ['%Q', c],
  text: (c) => ['%Q', c],
};

/** SQLite's affinity of a declared column type (the rules of "Datatypes In SQLite", §3.1). */
export function sqliteAffinity(declared: string): 'integer' | 'text' | 'blob' | 'real' | 'numeric' {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB') || t === '') return 'blob';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  return 'numeric';
}

/**
 * The same guard for a block of rows, cheaper where the column's affinity already narrows what
 * SQLite can store: a TEXT-affinity column holds only text, NULL or a BLOB (numbers are stored as
 * text), so comparing it with the empty BLOB (every text sorts before every BLOB) tells text from
 * a BLOB without a function call — a BLOB must be caught: `json_array()` takes it for JSONB
 * (SQLite ≥ 3.45) instead of refusing it. An INTEGER/NUMERIC-affinity
 * boolean stores an integral REAL as an integer, so 0/1 are integers. A date must look like
 * Zato's `YYYY-MM-DD HH:MM:SS.ffffff` (one GLOB instead of typeof + length + substr: a stricter
 * test, so at most more rows take the value path). Measured on 1M Zato attribute rows (user CPU
 * of the statement alone, before the text comparisons were added): 1.9 s with this guard, 2.5 s
 * with the row guard, 1.4–1.5 s with none.
 */
export function blockGuard(table: TableInfo): string {
  const checks = (table.columns as (ColumnInfo & { kind: LineKind })[]).map((c) => {
    const q = quoteIdent(c.name);
    const affinity = sqliteAffinity(c.sqlType);
    const numeric = affinity === 'integer' || affinity === 'numeric';
    if (c.kind === 'text' && affinity === 'text') return `(${q} IS NULL OR ${q} < x'')`;
    if (c.kind === 'bool' && numeric) return `(${q} IS NULL OR ${q} IN (0, 1))`;
    if (c.kind === 'datetime') return `(${q} IS NULL OR ${q} GLOB '????-??-?? ??:??:??.??????')`;
    return GUARD[c.kind](q);
  });
  return checks.join(' AND ');
}

/**
 * True for a row none of whose `%Q` values (text, dates) holds a NUL character, at which printf
 * stops. Needed only where no canonical line is made alongside (JSON escapes a NUL, and a block
 * whose canonical lines show one is not used): `--format sql` without checksums. Measured on 1M
 * Zato attribute rows (the statement alone, four runs each): INSERT lines 1.35–1.45 s, with this
 * check 1.61–1.71 s, with the canonical lines instead 2.30–2.42 s.
 */
export function nulGuard(table: TableInfo): string {
  const checks = (table.columns as (ColumnInfo & { kind: LineKind })[])
    .filter((c) => INSERT_ARG[c.kind](c.name)[0] === '%Q')
    .map((c) => `(${quoteIdent(c.name)} IS NULL OR instr(${quoteIdent(c.name)}, char(0)) = 0)`);
  return checks.length === 0 ? '1' : checks.join(' AND ');
}

const isLineKind = (k: ValueKind): k is LineKind => k in GUARD;

/** True when SQLite can format `table`'s rows (no REAL or BLOB columns, which always take the value path). */
export function sqliteLinesPossible(table: TableInfo): boolean {
  return table.columns.every((c) => isLineKind(c.kind));
}

/** A SQL string literal. */
export const sqlLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The expressions of one table's row, over the given (already quoted) column references. */
export interface RowSql {
  /** True when SQLite's formatting of the row is exact (see {@link GUARD}). */
  guard: string;
  /** The canonical JSON line (no newline). */
  json: string;
  /** The `--format sql` line, `INSERT INTO t VALUES(…);` and a newline. */
  insert: string;
}

/** The row expressions of `table` (which must pass {@link sqliteLinesPossible}), columns by name. */
export function rowSql(table: TableInfo): RowSql {
  const cols = table.columns as (ColumnInfo & { kind: LineKind })[];
  const q = cols.map((c) => quoteIdent(c.name));
  const args = cols.map((c, i) => INSERT_ARG[c.kind](q[i] as string));
  // The table name goes into printf's format: a `%` in it must be doubled.
  const format = `INSERT INTO ${sqliteName(table.name).replaceAll('%', '%%')} VALUES(${args.map((a) => a[0]).join(',')});`;
  return {
    guard: cols.map((c, i) => GUARD[c.kind](q[i] as string)).join(' AND '),
    json: `json_array(${cols.map((c, i) => CANONICAL[c.kind](q[i] as string)).join(', ')})`,
    insert: `printf(${sqlLiteral(`${format}\n`)}, ${args.map((a) => a[1]).join(', ')})`,
  };
}
