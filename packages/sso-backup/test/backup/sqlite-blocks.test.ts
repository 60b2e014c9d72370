import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { parseRows } from '../../src/backup/bundle/bundle-contents.js';
import { readFrames } from '../../src/backup/bundle/bundle-reader.js';
import { FRAME_TARGET_BYTES, FrameType } from '../../src/backup/bundle/format.js';
import { readCatalog } from '../../src/backup/catalog/catalog.js';
import { SqliteConn } from '../../src/backup/conn/sqlite-conn.js';
import { blockKey, readSqliteBlocks } from '../../src/backup/read/sqlite-blocks.js';
import type { SchemaInfo, TableInfo } from '../../src/backup/types.js';
import type { PortableValue } from '../../src/backup/values/portable.js';
import { loadDriver } from '../../src/drivers.js';
import { writeThrough } from './write-through.js';

// Blocks of rows SQLite formats in one step (string_agg) must give the very bytes the value path
// gives — across block boundaries, with keys beyond 2^53, NULL keys, NUL characters and rows the
// guard rejects part-way through a table — and never lose or repeat a row.
let dir: string;
let conn: SqliteConn;
let schema: SchemaInfo;
const BLOCK = 7;
const BIG = 2n ** 53n;

const clean = (i: number): unknown[] => [
  i,
  `2026-01-02 03:04:${String(i % 60).padStart(2, '0')}.123456`,
  i % 3 === 0 ? null : i % 2,
  i % 5 === 0 ? null : `it's "row" ${i} ☃\n\\ ${'x'.repeat(i % 11)}`,
];

beforeAll(async () => {
  await loadDriver('sqlite');
  dir = await mkdtemp(join(tmpdir(), 'sso-blocks-'));
  const file = join(dir, 'zato.db');
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file);
  const cols = 'd DATETIME, b BOOLEAN, t TEXT';
  db.exec(`CREATE TABLE zato_sso_plain (id INTEGER NOT NULL, ${cols}, PRIMARY KEY (id))`);
  db.exec(`CREATE TABLE zato_sso_late (id INTEGER NOT NULL, ${cols}, n INTEGER, PRIMARY KEY (id))`);
  db.exec(`CREATE TABLE zato_sso_bigkey (id BIGINT NOT NULL PRIMARY KEY, ${cols})`);
  db.exec(`CREATE TABLE zato_sso_nullkey (id INT PRIMARY KEY, ${cols})`);
  db.exec(`CREATE TABLE zato_sso_nul (id INTEGER NOT NULL, ${cols}, PRIMARY KEY (id))`);
  db.exec(`CREATE TABLE zato_sso_nuldate (id INTEGER NOT NULL, ${cols}, PRIMARY KEY (id))`);
  db.exec(`CREATE TABLE zato_sso_blob (id INTEGER NOT NULL, ${cols}, PRIMARY KEY (id))`);
  db.exec(`CREATE TABLE zato_sso_huge (id INTEGER NOT NULL, ${cols}, PRIMARY KEY (id))`);
  const insert = (table: string, n = 4) => db.prepare(`INSERT INTO ${table} VALUES (${Array(n).fill('?').join(', ')})`);
  db.transaction(() => {
    const plain = insert('zato_sso_plain');
    for (let i = 1; i <= 500; i++) plain.run(...clean(i));
    const late = insert('zato_sso_late', 5);
    for (let i = 1; i <= 60; i++) late.run(...clean(i), i === 45 ? 1.5 : i === 50 ? 'text in int' : i);
    const big = insert('zato_sso_bigkey');
    // keys at the edge of 2^53 (read back as BigInts: exact), then one beyond it, which SQLite may
    // not format (the guard): from its block on, row by row
    for (let i = 1; i <= 40; i++) big.run(BIG - BigInt(i), ...clean(i).slice(1));
    for (let i = 1; i <= 4; i++) big.run(-BIG + BigInt(i), ...clean(i).slice(1));
    big.run(BIG + 1n, ...clean(0).slice(1));
    const nullKey = insert('zato_sso_nullkey');
    for (let i = 0; i < 3; i++) nullKey.run(null, ...clean(i).slice(1));
    for (let i = 1; i <= 30; i++) nullKey.run(...clean(i));
    const nul = insert('zato_sso_nul');
    for (let i = 1; i <= 30; i++) nul.run(i, clean(i)[1], 1, i === 17 ? 'a\u0000b' : `t${i}`);
    // a NUL after a date's 26 characters, which its GLOB passes (row 10)
    const nulDate = insert('zato_sso_nuldate');
    for (let i = 1; i <= 30; i++) nulDate.run(i, i === 10 ? `${clean(i)[1]}\u0000x` : clean(i)[1], 1, `t${i}`);
    const blob = insert('zato_sso_blob');
    // a BLOB in a TEXT column (json_array() would take it for JSONB), a T in a date
    for (let i = 1; i <= 30; i++) blob.run(i, clean(i)[1], 1, i === 20 ? Buffer.from([0x27, 0, 0xff]) : `t${i}`);
    blob.run(31, '2026-01-02T03:04:05.123456', 0, 'iso date');
    const huge = insert('zato_sso_huge');
    for (let i = 1; i <= 6; i++) huge.run(i, clean(i)[1], 0, `${i}`.repeat(400_000));
  })();
  db.close();
  conn = new SqliteConn(file, { readonly: true });
  schema = await readCatalog(conn);
});

afterAll(async () => {
  await conn?.close();
  await rm(dir, { recursive: true, force: true });
});

const table = (name: string): TableInfo => {
  const t = schema.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};

/** Writes the whole schema: rows in blocks of `blockRows`, or value by value. */
const write = (kind: 'sql' | 'sql-only' | 'bundle', via: 'blocks' | 'values', blockRows = BLOCK) =>
  writeThrough(conn, schema, join(dir, `${kind}-${via}-${blockRows}`), kind, via === 'blocks' ? 'sqlite' : 'values', blockRows);

/** Per table, the rows of a bundle's R/C frames, and the largest frame. */
async function bundleRows(file: string) {
  const rows: Record<string, PortableValue[][]> = {};
  let current = '';
  let largest = 0;
  for await (const f of readFrames(file)) {
    if (f.type === FrameType.table) current = (JSON.parse(f.payload.toString('utf8')) as { name: string }).name;
    if (f.type !== FrameType.rows && f.type !== FrameType.canonicalRows) continue;
    largest = Math.max(largest, f.payload.length);
    rows[current] = [...(rows[current] ?? []), ...parseRows(f.payload)];
  }
  return { rows, largest };
}

test('which tables take blocks: one integer key column only', () => {
  expect(blockKey(table('zato_sso_plain'))).toBe('"id"');
  expect(blockKey(table('zato_sso_bigkey'))).toBe('"id"');
  expect(schema.tables.map((t) => t.name).sort()).toHaveLength(8);
});

test('blocks follow the table; a block the guard rejects hands the rest of the table to the row reader', async () => {
  const shapes = async (name: string, mode: 'sql' | 'sql-only' | 'rows') => {
    const seen: string[] = [];
    let rows = 0;
    for await (const b of readSqliteBlocks(conn, table(name), mode, BLOCK)) {
      const n = b.block ? b.block.rows : b.lines ? b.lines.length : b.rows.length;
      rows += n;
      seen.push(`${b.block ? 'block' : b.lines ? 'lines' : 'values'}:${n}`);
    }
    return { seen: [...new Set(seen.map((s) => s.split(':')[0]))], blocks: seen.filter((s) => s.startsWith('block')).length, rows };
  };
  expect(await shapes('zato_sso_plain', 'rows')).toEqual({ seen: ['block'], blocks: Math.ceil(500 / BLOCK), rows: 500 });
  // row 45 holds a REAL: blocks 1–6 (rows 1–42) are SQLite's, the block of 43–49 is re-read row by row
  expect(await shapes('zato_sso_late', 'sql')).toEqual({ seen: ['block', 'lines', 'values'], blocks: 6, rows: 60 });
  expect(await shapes('zato_sso_bigkey', 'rows')).toEqual({ seen: ['block', 'lines'], blocks: Math.floor(45 / BLOCK), rows: 45 });
  // NULL keys sort first: the first block has them, so the whole table goes row by row
  expect(await shapes('zato_sso_nullkey', 'rows')).toEqual({ seen: ['lines'], blocks: 0, rows: 33 });
  // printf's %Q stops at a NUL: from the block holding row 17 on, row by row (the bundle is not affected)
  expect(await shapes('zato_sso_nul', 'sql')).toEqual({ seen: ['block', 'lines'], blocks: 2, rows: 30 });
  // without canonical lines, the guard's own search for a NUL finds it
  expect(await shapes('zato_sso_nul', 'sql-only')).toEqual({ seen: ['block', 'lines'], blocks: 2, rows: 30 });
  for (const mode of ['sql', 'sql-only'] as const)
    expect(await shapes('zato_sso_nuldate', mode)).toEqual({ seen: ['block', 'lines'], blocks: 1, rows: 30 });
  expect(await shapes('zato_sso_nuldate', 'rows')).toEqual({ seen: ['block'], blocks: Math.ceil(30 / BLOCK), rows: 30 });
  expect(await shapes('zato_sso_nul', 'rows')).toEqual({ seen: ['block'], blocks: Math.ceil(30 / BLOCK), rows: 30 });
  // the block holding the BLOB (rows 15–21) fails the guard: from there on, row by row
  for (const mode of ['sql', 'sql-only', 'rows'] as const)
    expect(await shapes('zato_sso_blob', mode)).toEqual({ seen: ['block', 'lines'], blocks: 2, rows: 31 });
});

test.each(['sql', 'sql-only', 'bundle'] as const)(
  '%s: blocks give the same rows and checksums as the value path, any block size',
  async (kind) => {
    const values = await write(kind, 'values');
    for (const rowsPerBlock of [1, BLOCK, 64, 4096]) {
      const blocks = await write(kind, 'blocks', rowsPerBlock);
      expect(blocks.sums).toEqual(values.sums);
      if (kind !== 'bundle') expect(blocks.bytes.equals(values.bytes)).toBe(true);
      else {
        const [a, b] = [await bundleRows(blocks.file), await bundleRows(values.file)];
        expect(a.rows).toEqual(b.rows);
        // frames hold whole lines and stay near their target even when one block is 2.4 MB
        expect(a.largest).toBeLessThan(FRAME_TARGET_BYTES + 500_000);
      }
    }
    expect(Object.fromEntries(values.sums.map((s) => [s.name, s.rows]))).toEqual({
      zato_sso_plain: 500,
      zato_sso_late: 60,
      zato_sso_bigkey: 45,
      zato_sso_nullkey: 33,
      zato_sso_nul: 30,
      zato_sso_nuldate: 30,
      zato_sso_blob: 31,
      zato_sso_huge: 6,
    });
    if (kind === 'sql-only') expect(values.sums.every((s) => s.sha256 === undefined)).toBe(true);
    else expect(values.sums.every((s) => /^[0-9a-f]{64}$/.test(s.sha256 ?? ''))).toBe(true);
    if (kind !== 'bundle') {
      const text = values.bytes.toString('utf8');
      expect(text).toContain('INSERT INTO zato_sso_bigkey VALUES(9007199254740991,');
      expect(text).toContain('INSERT INTO zato_sso_bigkey VALUES(9007199254740993,');
      expect(text).toContain("INSERT INTO zato_sso_blob VALUES(20,'2026-01-02 03:04:20.123456',1,X'2700FF');");
      expect(text).toContain("INSERT INTO zato_sso_blob VALUES(31,'2026-01-02T03:04:05.123456',0,'iso date');");
      expect(text).toContain("INSERT INTO zato_sso_nul VALUES(17,'2026-01-02 03:04:17.123456',1,'a\u0000b');");
      expect(text).toContain("INSERT INTO zato_sso_nuldate VALUES(10,'2026-01-02 03:04:10.123456\u0000x',1,'t10');");
      // the same dump, with or without checksums
      expect(text).toBe((await write(kind === 'sql' ? 'sql-only' : 'sql', 'values')).bytes.toString('utf8'));
    }
  },
);
