import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readCatalog } from '../../src/backup/catalog/catalog.js';
import { SqliteConn } from '../../src/backup/conn/sqlite-conn.js';
import { FALLBACK_MARK, readSqliteLines, sqliteLinesPossible } from '../../src/backup/read/sqlite-lines.js';
import type { SchemaInfo } from '../../src/backup/types.js';
import { loadDriver } from '../../src/drivers.js';
import { writeThrough } from './write-through.js';

// Rows SQLite formats itself (quote(), json_array()) must give the very bytes the value-by-value
// path gives, for the SQL dump, the bundle and the checksums — hostile values included.
let dir: string;
let conn: SqliteConn;
let schema: SchemaInfo;

const HOSTILE: unknown[][] = [
  [1, 7, 1, '2026-01-02 03:04:05.123456', 'plain', 'v'],
  [2, null, 0, null, null, null],
  [3, 8, 1, '2026-01-02 03:04:05.123456', 'it\'s "quoted" \\ back\nnew\rline\ttab', 'ünï 😀'],
  [4, 2n ** 60n + 1n, 2, '2026-01-02T03:04:05', 'a\u0000b', 'x'],
  [5, -(2 ** 53) + 1, 1, '2026-01-02 03:04:05', Buffer.from([0, 0xff, 0x41]), 'y'],
  [6, 'text in int', 'true', 20260102, '\\u0000 literal', '\u2028\u007f\u0001'],
  [7, 2 ** 53 - 1, 0, '2026-01-02 03:04:05.1234567', '[not json', '0.1'],
  [8, 3, 0, '2026-01-02 03:04:05.123456', 'nul\u0000inside', 'w'],
  [9, -4, null, null, '\\u0000 literal', 'F'],
  [10, 1.5, 1, '2026-01-02 03:04:05.123456', 'F not a marker', 'z'],
  [11, 1e300, 1, '2026-01-02 03:04:05.123456', 'a', 'b'],
  [12, Number.POSITIVE_INFINITY, null, 'x'.repeat(26), "''", ''],
  [13, 5, 1, '2026-01-02 03:04:05.123456', 'after the reals', 'c'],
  [14, 2n ** 53n + 1n, 1, '2026-01-02 03:04:05.123456', 'a big integer after the reals', 'd'],
];

beforeAll(async () => {
  await loadDriver('sqlite');
  dir = await mkdtemp(join(tmpdir(), 'sso-lines-'));
  const file = join(dir, 'zato.db');
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file);
  db.exec(
    `CREATE TABLE zato_sso_hostile (id INTEGER NOT NULL, n INTEGER, b BOOLEAN, d DATETIME, t TEXT, "we""ird" VARCHAR(10), PRIMARY KEY (id))`,
  );
  db.exec(`CREATE TABLE "zato_sso_it's" (k VARCHAR(20) NOT NULL PRIMARY KEY, v TEXT)`);
  const ins = db.prepare('INSERT INTO zato_sso_hostile VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of HOSTILE)
    ins.run(
      ...r.map((v) => (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v) : v)),
    );
  for (let i = 0; i < 100; i++)
    db.prepare(`INSERT INTO "zato_sso_it's" VALUES (?, ?)`).run(`k${String(i).padStart(3, '0')}`, i % 7 === 0 ? null : `v'${i}`);
  db.close();
  conn = new SqliteConn(file, { readonly: true });
  schema = await readCatalog(conn);
});

afterAll(async () => {
  await conn?.close();
  if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
});

/** Writes the whole schema, rows via SQLite's lines or value by value. */
const write = (kind: 'sql' | 'bundle', via: 'lines' | 'values') =>
  writeThrough(conn, schema, join(dir, `${kind}-${via}`), kind, via === 'lines' ? 'sqlite' : 'values');

test('both tables take the SQLite-formatted path; hostile rows fall back to values, plain ones do not', async () => {
  expect(schema.tables.map((t) => t.name).sort()).toEqual(['zato_sso_hostile', "zato_sso_it's"]);
  expect(schema.tables.every(sqliteLinesPossible)).toBe(true);
  const hostile = schema.tables.find((t) => t.name === 'zato_sso_hostile');
  if (!hostile) throw new Error('no table');
  const kinds: string[] = [];
  for await (const b of readSqliteLines(conn, hostile, 'sql')) {
    if (b.lines) kinds.push(...b.lines.map((l) => (l.charCodeAt(0) === FALLBACK_MARK ? 'values' : 'sqlite')));
    else kinds.push(...b.rows.map(() => 'value reader'));
  }
  // 4 has an integer beyond 2^53, 5 a blob, 6 text in an int column, 7 a 7-digit fraction date;
  // 8 (a NUL in text) is formatted by SQLite and its SQL rewritten from its values (quote() stops
  // at the NUL), 9 has the escape as text; from 10, the first REAL, the value reader takes over
  // (14: an integer beyond 2^53 read by it, exact)
  expect(kinds).toEqual([
    ...['sqlite', 'sqlite', 'sqlite', 'values', 'values', 'values', 'values', 'sqlite', 'sqlite'],
    ...['value reader', 'value reader', 'value reader', 'value reader', 'value reader'],
  ]);
});

test.each(['sql', 'bundle'] as const)('%s: SQLite-formatted rows give the same bytes and checksums as the value path', async (kind) => {
  const values = await write(kind, 'values');
  const lines = await write(kind, 'lines');
  expect(lines.sums).toEqual(values.sums);
  expect(Object.fromEntries(lines.sums.map((s) => [s.name, s.rows]))).toEqual({ zato_sso_hostile: HOSTILE.length, "zato_sso_it's": 100 });
  expect(lines.bytes.equals(values.bytes)).toBe(true);
  if (kind === 'sql') {
    const text = values.bytes.toString('utf8');
    expect(text).toContain("INSERT INTO zato_sso_hostile VALUES(3,8,1,'2026-01-02 03:04:05.123456','it''s");
    expect(text).toContain('VALUES(4,1152921504606846977,');
    expect(text).toContain('VALUES(14,9007199254740993,');
    expect(text).toContain("X'00FF41'");
    // text in an INTEGER column stays a quoted string (it was once written bare: SQL injection)
    expect(text).toContain("VALUES(6,'text in int','true',20260102,");
    expect(text).toContain('VALUES(12,1e999,NULL,');
    expect(text).toContain('VALUES(10,1.5,1,');
    expect(text).toContain("VALUES(8,3,0,'2026-01-02 03:04:05.123456','nul\u0000inside','w');");
    expect(text).toContain(`INSERT INTO "zato_sso_it's" VALUES('k000',NULL);`);
  }
});
