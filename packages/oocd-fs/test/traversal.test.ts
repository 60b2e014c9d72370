import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { BOOKKEEPING, cleanupDirs, freshDir, openFs, tree } from './helpers.js';

afterAll(cleanupDirs);

const HOUR = { ttlMs: 3_600_000 };

/** Legal keys that look like escapes, bookkeeping names or traversal. */
const HOSTILE = [
  '/%2e%2e/x',
  '/%2E%2E/%2E%2E/outside',
  '/..%2f..%2fx',
  '/a/..%2F..%2Fb',
  '/%2f/x',
  '/.lock',
  '/.tmp-abc',
  '/.tmp-abc/.lock',
  '/x.entry',
  '/x/.entry',
  '/...',
  '/..x',
  '/.x/.y',
  '/~/x',
  '/%00',
  `/${'.'.repeat(200)}`,
  `/${'%'.repeat(300)}`,
  `/${'../'.repeat(100)}x`.replaceAll('../', '..%2F'),
];

describe('path traversal and bookkeeping names', () => {
  test('keys that look like traversal or bookkeeping stay inside dir, round-trip, and leave the lock file alone', async () => {
    const outer = await freshDir();
    const dir = join(outer, 'data');
    const oocd = await openFs(dir);
    await writeFile(join(outer, 'x'), 'outside'); // what a traversal would hit
    for (const k of HOSTILE) expect(await oocd.get(k)).toBeUndefined();
    for (const [i, k] of HOSTILE.entries()) await oocd.set(k, `v${i}`, HOUR);
    for (const [i, k] of HOSTILE.entries()) expect((await oocd.get(k))?.value).toBe(`v${i}`);
    expect((await oocd.list('/', { recursive: true })).map((e) => e.key).sort()).toEqual([...HOSTILE].sort());

    // Nothing was created or changed outside dir.
    expect(await tree(outer)).toEqual(expect.arrayContaining(['data/', 'x']));
    expect((await tree(outer)).filter((f) => !f.startsWith('data/'))).toEqual(['x']);
    expect(await readFile(join(outer, 'x'), 'utf8')).toBe('outside');
    // Inside dir: only the bookkeeping files, entry files and directories; no other name starts with a dot.
    const files = await tree(dir);
    expect(files.filter((f) => f.split('/').some((p) => p.startsWith('.')))).toEqual(BOOKKEEPING);
    expect(files.filter((f) => !f.endsWith('/') && !BOOKKEEPING.includes(f) && !f.endsWith('.entry'))).toEqual([]);
    expect(await readFile(join(dir, '.lock'), 'utf8')).toBe('');

    // The lock still works: two instances still serialise creates (one winner).
    const other = await openFs(dir);
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? oocd : other).create('/.lock/race', `${i}`, HOUR)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await oocd.remove('/', { recursive: true }).catch((e) => e.code)).toBe('INVALID_KEY');
    await other.close();
    await oocd.close();
  });

  test('a symbolic link planted in dir is not followed by listing or the reaper', async () => {
    const outer = await freshDir();
    const dir = join(outer, 'data');
    const secret = join(outer, 'secret');
    await mkdir(secret);
    const oocd = await openFs(dir);
    const { symlink } = await import('node:fs/promises');
    await writeFile(join(secret, 'k.entry'), 'not ours');
    await symlink(secret, join(dir, 'link'));
    expect(await oocd.list('/', { recursive: true })).toEqual([]);
    expect(await oocd.children('/')).toEqual([]);
    await oocd.reap(new Date(Date.now() + 10 * 365 * 86_400_000));
    expect(await readFile(join(secret, 'k.entry'), 'utf8')).toBe('not ours');
    await oocd.close();
  });
});
