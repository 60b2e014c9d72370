import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { SqlOutput } from '../../src/backup/backup-output.js';
import { ByteSink } from '../../src/backup/bundle/byte-sink.js';
import { readCatalog } from '../../src/backup/catalog/catalog.js';
import { SqliteConn } from '../../src/backup/conn/sqlite-conn.js';
import { copyRows } from '../../src/backup/copy-rows.js';
import { dumpWriterFor } from '../../src/backup/dump/dump-writer-for.js';
import { BufferRelease, releaseBuffer } from '../../src/backup/read/release-buffer.js';
import type { FormattedBlock } from '../../src/backup/read/sqlite-blocks.js';
import type { TableInfo } from '../../src/backup/types.js';
import { TableChecksum } from '../../src/backup/values/canonical.js';
import { loadDriver } from '../../src/drivers.js';

// A block's Buffers are freed a few blocks after the output has taken them (not when V8 next
// collects young array buffers, after 32 MiB of them): that is what keeps a backup's peak RSS down.
let dir: string;

beforeAll(async () => {
  await loadDriver('sqlite');
  dir = await mkdtemp(join(tmpdir(), 'sso-release-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('releaseBuffer empties a Buffer that owns its memory, and leaves shared memory alone', () => {
  const own = Buffer.alloc(300_000, 1);
  releaseBuffer(own);
  expect(own.length).toBe(0);
  const pooled = Buffer.from('abc'); // a slice of Node's shared pool
  releaseBuffer(pooled);
  expect(pooled.toString()).toBe('abc');
  const whole = Buffer.alloc(1000, 2);
  const part = whole.subarray(10, 20);
  releaseBuffer(part);
  expect([part.length, whole.length, whole[999]]).toEqual([10, 1000, 2]);
  releaseBuffer(undefined);
});

test('BufferRelease holds the newest 4 buffers (freed memory below a live block is reused) until flushed', () => {
  const release = new BufferRelease();
  const bufs = Array.from({ length: 6 }, () => Buffer.alloc(100_000, 3));
  for (const b of bufs) release.add(b);
  expect(bufs.map((b) => b.length)).toEqual([0, 0, 100_000, 100_000, 100_000, 100_000]);
  release.flush();
  expect(bufs.every((b) => b.length === 0)).toBe(true);
});

test.each([
  ['sql', true],
  ['sql-only', false],
] as const)('%s: copyRows frees every block after the output took it; the dump is whole', async (_name, checksums) => {
  const file = join(dir, `zato-${checksums}.db`);
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file);
  db.exec('CREATE TABLE zato_sso_t (id INTEGER NOT NULL PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO zato_sso_t VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 300; i++) ins.run(i, `value ${i} ${'x'.repeat(2000)}`);
  })();
  db.close();
  const conn = new SqliteConn(file, { readonly: true });
  try {
    const schema = await readCatalog(conn);
    const table = schema.tables[0] as TableInfo;
    const sink = new ByteSink(join(dir, `out-${checksums}.sql`));
    const out = new SqlOutput(sink);
    const seen: FormattedBlock[] = [];
    const block = out.block.bind(out);
    out.block = async (t, b, sum) => {
      seen.push(b);
      await block(t, b, sum);
      expect(b.sql?.length).toBeGreaterThan(0); // still whole while the output has it
    };
    await out.start(schema, dumpWriterFor('sqlite'));
    await out.tableStart(table);
    const sum = new TableChecksum(['int', 'text'], checksums);
    for await (const _ of copyRows(conn, table, out, sum, 16));
    await out.tableEnd(table);
    await out.end(schema, []);
    await sink.commit();
    expect(seen).toHaveLength(Math.ceil(300 / 16));
    expect(seen.every((b) => b.sql?.length === 0 && (b.canonical?.length ?? 0) === 0)).toBe(true);
    expect(seen.every((b) => (b.canonical !== undefined) === checksums)).toBe(true);
    expect(sum.rows).toBe(300);
    const dump = await readFile(join(dir, `out-${checksums}.sql`), 'utf8');
    for (const i of [1, 17, 300]) expect(dump).toContain(`INSERT INTO zato_sso_t VALUES(${i},'value ${i} ${'x'.repeat(2000)}');\n`);
    expect(dump.split('\n').filter((l) => l.startsWith('INSERT INTO zato_sso_t VALUES(')).length).toBe(300);
  } finally {
    await conn.close();
  }
});
