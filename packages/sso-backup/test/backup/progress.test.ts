import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { populateServer } from '../../bench/populate.js';
import { backup, type Progress, restore } from '../../src/backup/index.js';
import { initServer } from '../../src/zato/index.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** The last report of `phase` per table. */
function lastPerTable(events: Progress[], phase: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) if (e.phase === phase && e.table) out[e.table] = e.rows;
  return out;
}

// SQLite rows are read and loaded in small batches; progress is reported every 2000 rows or so,
// and always with each table's final count (what a progress bar ends on).
test('backup and restore progress end on every table’s row count, rising, not once per small batch', async () => {
  const work = await mkdtemp(join(tmpdir(), 'sso-progress-'));
  dirs.push(work);
  const src = join(work, 'src');
  await populateServer(src, 5_001);
  const file = join(work, 'sso.bundle');
  const backedUp: Progress[] = [];
  const b = await backup(src, file, { onProgress: (p) => backedUp.push(p) });
  const counts = Object.fromEntries(b.tables.map((t) => [t.name, t.rows]));
  expect(counts.zato_sso_attr).toBeGreaterThan(5_001);
  expect(lastPerTable(backedUp, 'rows')).toEqual(counts);

  const dst = join(work, 'dst');
  await initServer(dst, { rounds: 1000 });
  const restored: Progress[] = [];
  await restore(file, dst, { keyAction: 'write', force: true, onProgress: (p) => restored.push(p) });
  const loaded = lastPerTable(restored, 'load');
  expect(loaded).toEqual(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)));

  for (const [events, phase] of [
    [backedUp, 'rows'],
    [restored, 'load'],
  ] as const) {
    const attr = events.filter((e) => e.phase === phase && e.table === 'zato_sso_attr').map((e) => e.rows);
    expect(attr).toEqual([...attr].sort((x, y) => x - y));
    expect(attr.length).toBeLessThanOrEqual(Math.ceil((counts.zato_sso_attr ?? 0) / 2000) + 2);
  }
}, 600_000);

test('an encrypted restore derives its key once: one kdf phase for the check and the load pass', async () => {
  const work = await mkdtemp(join(tmpdir(), 'sso-progress-'));
  dirs.push(work);
  const src = join(work, 'src');
  await populateServer(src, 10);
  const file = join(work, 'sealed.bundle');
  await backup(src, file, { passphrase: 'correct horse' });
  const dst = join(work, 'dst');
  await initServer(dst, { rounds: 1000 });
  const phases: string[] = [];
  await restore(file, dst, { passphrase: 'correct horse', keyAction: 'write', force: true, onProgress: (p) => phases.push(p.phase) });
  expect(phases.filter((p) => p === 'kdf')).toEqual(['kdf']);
  expect(phases).toContain('check');
  expect(phases).toContain('load');
  await expect(restore(file, dst, { passphrase: 'wrong horse', force: true })).rejects.toMatchObject({ code: 'WRONG_KEY' });
}, 600_000);
