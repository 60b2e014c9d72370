import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOocdService } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FsOocdDriver } from '../src/index.js';
import { cleanupDirs, freshDir } from './helpers.js';

afterAll(cleanupDirs);

const HOUR = { ttlMs: 3_600_000 };

async function open(dir: string) {
  const warnings: string[] = [];
  const oocd = createOocdService(await FsOocdDriver.open({ dir, warn: (m) => warnings.push(m) }), { reaperIntervalSec: 0 });
  return { oocd, warnings };
}

describe('unparseable files', () => {
  test.each([
    ['truncated', async (f: string) => truncate(f, (await readFile(f)).length - 3)],
    ['value edited without valueBytes', async (f: string) => writeFile(f, `${await readFile(f, 'utf8')}more`)],
    ['header mangled', async (f: string) => writeFile(f, (await readFile(f, 'utf8')).replace('expiresAt=', 'expiresAt=soon'))],
    ['empty', async (f: string) => writeFile(f, '')],
    ['key of another entry', async (f: string) => writeFile(f, (await readFile(f, 'utf8')).replace('key=/b/bad', 'key=/b/xxx'))],
  ])('%s: reported once naming the file, treated as absent, never breaks list, children or reap', async (_name, damage) => {
    const dir = await freshDir();
    const { oocd, warnings } = await open(dir);
    await oocd.set('/b/good', 'g', HOUR);
    await oocd.set('/b/bad', 'b', { ...HOUR, metadata: { m: '1' } });
    await oocd.set('/b/gone', 'x', { expiresAt: new Date(Date.now() - 1) });
    const file = join(dir, 'b', 'bad.entry');
    await damage(file);

    expect(await oocd.get('/b/bad')).toBeUndefined();
    expect((await oocd.list('/b')).map((e) => e.key)).toEqual(['/b/good']);
    expect((await oocd.list('/', { recursive: true })).map((e) => e.key)).toEqual(['/b/good']);
    expect(await oocd.children('/b')).toEqual(['good']);
    expect(await oocd.take('/b/bad')).toBeUndefined();
    expect(await oocd.reap()).toBe(1); // the expired one; the broken file is left for the operator
    expect(await oocd.reap(new Date(Date.now() + 7_200_000))).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    // create treats it as absent and replaces it with a good entry
    expect(await oocd.create('/b/bad', 'new', HOUR)).toBe(true);
    expect((await oocd.get('/b/bad'))?.value).toBe('new');
    await oocd.close();
  });

  test('the default warning goes through process.emitWarning', async () => {
    const dir = await freshDir();
    const oocd = createOocdService(await FsOocdDriver.open({ dir }), { reaperIntervalSec: 0 });
    await oocd.set('/k', 'v', HOUR);
    await writeFile(join(dir, 'k.entry'), 'garbage');
    const seen: string[] = [];
    const original = process.emitWarning;
    process.emitWarning = ((w: string | Error) => {
      seen.push(String(w));
    }) as typeof process.emitWarning;
    try {
      expect(await oocd.get('/k')).toBeUndefined();
      expect(await oocd.get('/k')).toBeUndefined();
    } finally {
      process.emitWarning = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(join(dir, 'k.entry'));
    await oocd.close();
  });

  test('a header longer than the first read (much metadata) is read whole by children and the reaper, without warnings', async () => {
    const dir = await freshDir();
    const { oocd, warnings } = await open(dir);
    const metadata = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`m${i}`, 'x'.repeat(100)]));
    await oocd.set('/big/live', 'v', { ...HOUR, metadata });
    await oocd.set('/big/dead', 'v', { expiresAt: new Date(Date.now() - 1), metadata });
    expect(await oocd.children('/big')).toEqual(['live']);
    expect(await oocd.reap()).toBe(1);
    expect((await oocd.get('/big/live'))?.metadata).toEqual(metadata);
    expect(warnings).toEqual([]);
    await oocd.close();
  });
});
