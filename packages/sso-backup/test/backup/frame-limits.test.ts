import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { BundleOutput } from '../../src/backup/backup-output.js';
import { parseRows } from '../../src/backup/bundle/bundle-contents.js';
import { readFrames } from '../../src/backup/bundle/bundle-reader.js';
import { ByteSink } from '../../src/backup/bundle/byte-sink.js';
import { FrameType, MAX_FRAME_BYTES } from '../../src/backup/bundle/format.js';
import { readCatalog } from '../../src/backup/catalog/catalog.js';
import { SqliteConn } from '../../src/backup/conn/sqlite-conn.js';
import { backup } from '../../src/backup/index.js';
import { TableChecksum } from '../../src/backup/values/canonical.js';
import type { PortableValue } from '../../src/backup/values/portable.js';
import { loadDriver } from '../../src/drivers.js';
import { makeServer, type TestServer } from './servers.js';

// A bundle frame holds at most 16 MiB (a reader refuses more as corrupt): large rows must never
// make the writer produce a bundle that cannot be restored.
let dir: string;
let src: TestServer | undefined;
beforeAll(async () => {
  await loadDriver('sqlite');
  dir = await mkdtemp(join(tmpdir(), 'sso-frames-'));
});
afterAll(async () => {
  await src?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

test('a large batch of large rows (a server page) is spread over frames that stay within the limit', async () => {
  const file = join(dir, 'zato.db');
  const db = new Database(file);
  db.exec('CREATE TABLE zato_sso_big (id INTEGER NOT NULL, t TEXT, PRIMARY KEY (id))');
  db.close();
  const conn = new SqliteConn(file, { readonly: true });
  const schema = await readCatalog(conn);
  await conn.close();
  const table = schema.tables[0];
  if (!table) throw new Error('no table');
  // 2,000 rows of 12 KiB, one batch as a PostgreSQL COPY page hands it over: 24 MiB
  const batch: PortableValue[][] = Array.from({ length: 2000 }, (_, i) => [i + 1, `${i}`.padEnd(12 * 1024, 'x')]);
  const out = join(dir, 'big.bundle');
  const sink = new ByteSink(out);
  const output = new BundleOutput(sink, { toolVersion: 'test', createdAt: '2026-01-01T00:00:00.000Z', key: undefined }, null);
  await output.start(schema);
  await output.tableStart(table);
  const sum = new TableChecksum(['int', 'text']);
  await output.rows(table, batch, sum);
  await output.tableEnd();
  await output.end(schema, [{ name: table.name, rows: sum.rows, sha256: sum.digest() }]);
  await sink.commit();
  const rows: PortableValue[][] = [];
  let frames = 0;
  for await (const f of readFrames(out)) {
    if (f.type !== FrameType.rows && f.type !== FrameType.canonicalRows) continue;
    frames++;
    expect(f.payload.length).toBeLessThan(MAX_FRAME_BYTES);
    rows.push(...parseRows(f.payload));
  }
  expect(frames).toBeGreaterThan(10);
  expect(rows).toEqual(batch);
}, 600_000);

test('a row too large for any frame: the bundle backup is refused (nothing written), --format sql has it', async () => {
  src = await makeServer('sqlite', { users: 1, attrsPerUser: 1 });
  const db = new Database(join(src.dir, 'zato.db'));
  db.exec('CREATE TABLE zato_sso_zz_huge (id INTEGER NOT NULL, t TEXT, PRIMARY KEY (id))');
  db.prepare('INSERT INTO zato_sso_zz_huge VALUES (1, ?)').run('h'.repeat(MAX_FRAME_BYTES + 1));
  db.close();
  const out = join(dir, 'huge');
  await rm(out, { recursive: true, force: true });
  await mkdir(out);
  const err = await backup(src.dir, join(out, 'sso.bundle')).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'BACKEND' });
  expect((err as Error).message).toMatch(/at most 16777216 bytes .* No bundle was written\. Back up with --format sql/);
  expect(await readdir(out)).toEqual([]);
  await backup(src.dir, join(out, 'sso.sql'), { format: 'sql' });
  expect((await readFile(join(out, 'sso.sql'), 'utf8')).includes(`INSERT INTO zato_sso_zz_huge VALUES(1,'${'h'.repeat(1000)}`)).toBe(true);
}, 600_000);
