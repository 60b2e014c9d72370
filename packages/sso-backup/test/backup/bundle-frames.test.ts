import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { parseRows } from '../../src/backup/bundle/bundle-contents.js';
import { readFrames } from '../../src/backup/bundle/bundle-reader.js';
import { FORMAT_VERSION, FrameType } from '../../src/backup/bundle/format.js';
import { backup, readBundleManifest } from '../../src/backup/index.js';
import type { SchemaInfo } from '../../src/backup/types.js';
import { canonicalLine } from '../../src/backup/values/canonical.js';
import { makeServer, type TestServer } from './servers.js';

let src: TestServer | undefined;
afterAll(async () => {
  await src?.cleanup();
});

// Format 2: rows whose portable line is their canonical line travel in C frames, which a restore's
// check pass hashes as bytes; the writer must only ever put canonical lines there.
test('C frames hold only canonical lines (booleans as true/false), R frames the rest (blobs)', async () => {
  src = await makeServer('sqlite', { fixtures: true, users: 2, attrsPerUser: 3 });
  const file = join(src.dir, '..', 'frames.bundle');
  await backup(src.dir, file);
  expect((await readBundleManifest(file)).formatVersion).toBe(FORMAT_VERSION);
  let schema: SchemaInfo | undefined;
  let table = '';
  const seen = new Map<string, Set<number>>();
  for await (const f of readFrames(file)) {
    if (f.type === FrameType.schema) schema = JSON.parse(f.payload.toString('utf8')) as SchemaInfo;
    if (f.type === FrameType.table) table = (JSON.parse(f.payload.toString('utf8')) as { name: string }).name;
    if (f.type !== FrameType.rows && f.type !== FrameType.canonicalRows) continue;
    seen.set(table, (seen.get(table) ?? new Set()).add(f.type));
    if (f.type !== FrameType.canonicalRows) continue;
    const kinds = schema?.tables.find((t) => t.name === table)?.columns.map((c) => c.kind) ?? [];
    const lines = f.payload.toString('utf8').split('\n').slice(0, -1);
    const rows = parseRows(f.payload);
    rows.forEach((row, i) => {
      expect(lines[i]).toBe(canonicalLine(row, kinds));
    });
    if (table === 'zato_sso_attr') expect(rows.every((r) => typeof r[kinds.indexOf('bool')] === 'boolean')).toBe(true);
  }
  expect(seen.get('zato_sso_attr')).toEqual(new Set([FrameType.canonicalRows]));
  // Zato on SQLite stores the Fernet columns of users as BLOBs: not canonical (canonical is text).
  expect(seen.get('zato_sso_user')).toEqual(new Set([FrameType.rows]));
});
