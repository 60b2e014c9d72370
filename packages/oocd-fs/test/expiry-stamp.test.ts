import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOocdService } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { encodeSegment, FsOocdDriver, STAMPED_MARKER } from '../src/index.js';
import { cleanupDirs, freshDir } from './helpers.js';

afterAll(cleanupDirs);

const T0 = Date.UTC(2030, 0, 1);

/** A service on `dir` with a clock the test sets, and the warnings it reported. */
async function openAt(dir: string) {
  const clock = { ms: T0 };
  const warnings: string[] = [];
  const driver = await FsOocdDriver.open({ dir, warn: (m) => warnings.push(m) });
  const oocd = createOocdService(driver, { reaperIntervalSec: 0, now: () => new Date(clock.ms) });
  return { oocd, clock, warnings };
}

const mtimeOf = async (file: string) => Math.round((await lstat(file)).mtimeMs);

describe('expiry stamped as the mtime of entry files', () => {
  test('every write stamps the file with its expiry; children() judges by it, without opening files', async () => {
    const dir = await freshDir();
    const { oocd, clock, warnings } = await openAt(dir);
    await oocd.set('/b/one', 'v1', { expiresAt: new Date(T0 + 1000) });
    await oocd.create('/b/two', 'v2', { expiresAt: new Date(T0 + 2000) });
    expect(await mtimeOf(join(dir, 'b', 'one.entry'))).toBe(T0 + 1000);
    expect(await mtimeOf(join(dir, 'b', 'two.entry'))).toBe(T0 + 2000);

    // Content replaced by garbage, stamp kept: children() still lists it (it read no file), get()
    // checks the header and treats it as absent.
    const two = join(dir, 'b', 'two.entry');
    await writeFile(two, 'garbage');
    await utimes(two, new Date(), new Date(T0 + 2000));
    expect(await oocd.children('/b')).toEqual(['one', 'two']);
    expect(await oocd.get('/b/two')).toBeUndefined();
    expect(warnings).toHaveLength(1);

    // Expired entries vanish from children() at the instant of their expiry.
    clock.ms = T0 + 999;
    expect(await oocd.children('/b')).toEqual(['one', 'two']);
    clock.ms = T0 + 1000;
    expect(await oocd.children('/b')).toEqual(['two']);
    expect(await oocd.children('/')).toEqual(['b']);
    clock.ms = T0 + 2000;
    expect(await oocd.children('/b')).toEqual([]);
    expect(await oocd.children('/')).toEqual([]);
    await oocd.close();
  });

  test('an mtime changed by someone else: the header decides for get, list and the reaper', async () => {
    const dir = await freshDir();
    const { oocd } = await openAt(dir);
    await oocd.set('/t/k', 'v', { expiresAt: new Date(T0 + 60_000) });
    const file = join(dir, 't', 'k.entry');
    await utimes(file, new Date(), new Date(T0 - 1)); // e.g. `touch -d` to the past
    expect(await oocd.children('/t')).toEqual([]); // children() trusts the stamp ...
    expect((await oocd.get('/t/k'))?.value).toBe('v'); // ... get() and list() the header
    expect((await oocd.list('/t')).map((e) => e.key)).toEqual(['/t/k']);
    expect(await oocd.reap()).toBe(0); // the reaper re-checks the header: the entry stays
    expect(existsSync(file)).toBe(true);
    await oocd.set('/t/k', 'v2', { expiresAt: new Date(T0 + 60_000) }); // the next write stamps it again
    expect(await oocd.children('/t')).toEqual(['k']);
    await oocd.close();
  });

  test('an expiry the file system cannot store as mtime is marked unstamped and judged by the header', async () => {
    const dir = await freshDir();
    const { oocd, clock } = await openAt(dir);
    const far = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)); // beyond ext4's timestamps (2446)
    await oocd.set('/far/k', 'v', { expiresAt: far });
    const stamp = await mtimeOf(join(dir, 'far', 'k.entry'));
    expect(stamp === far.getTime() || stamp === 0).toBe(true); // exact (tmpfs, xfs…) or the "read the header" mark
    expect(await oocd.children('/far')).toEqual(['k']);
    expect(await oocd.reap()).toBe(0);
    clock.ms = far.getTime();
    expect(await oocd.children('/far')).toEqual([]);
    expect(await oocd.reap()).toBe(1);
    await oocd.close();
  });

  test('children() of nested branches: a sub-branch counts only while an entry below it is live', async () => {
    const dir = await freshDir();
    const { oocd, clock } = await openAt(dir);
    await oocd.set('/n/deep/a/b/c', 'v', { expiresAt: new Date(T0 + 1000) });
    await oocd.set('/n/deep/a/x', 'v', { expiresAt: new Date(T0 + 3000) });
    await oocd.set('/n/dead/a/b', 'v', { expiresAt: new Date(T0 + 500) });
    await oocd.set('/n/both', 'v', { expiresAt: new Date(T0 + 500) });
    await oocd.set('/n/both/k', 'v', { expiresAt: new Date(T0 + 2000) });
    const long = 'L'.repeat(300); // a hashed file name: judged by its header
    await oocd.set(`/n/${long}`, 'v', { expiresAt: new Date(T0 + 1500) });
    await oocd.set(`/n/${long}x/k`, 'v', { expiresAt: new Date(T0 + 1500) });
    expect(encodeSegment(long)).not.toBe(long);

    expect(await oocd.children('/n')).toEqual([long, `${long}x`, 'both', 'dead', 'deep'].sort());
    clock.ms = T0 + 500;
    expect(await oocd.children('/n')).toEqual([long, `${long}x`, 'both', 'deep'].sort());
    clock.ms = T0 + 1500;
    expect(await oocd.children('/n')).toEqual(['both', 'deep']);
    expect(await oocd.children('/n/deep/a')).toEqual(['x']);
    clock.ms = T0 + 2000;
    expect(await oocd.children('/n')).toEqual(['deep']);
    clock.ms = T0 + 3000;
    expect(await oocd.children('/n')).toEqual([]);
    await oocd.close();
  });

  test('a directory written before stamps existed is stamped from the headers when opened', async () => {
    const dir = await freshDir();
    const first = await openAt(dir);
    await first.oocd.set('/old/a', 'v', { expiresAt: new Date(T0 + 1000) });
    await first.oocd.set('/old/b/c', 'v', { expiresAt: new Date(T0 + 2000) });
    await first.oocd.close();
    // What an older version left: no marker, mtimes = write times.
    await rm(join(dir, STAMPED_MARKER));
    for (const f of ['old/a.entry', 'old/b/c.entry']) await utimes(join(dir, f), new Date(), new Date(T0 - 86_400_000));

    const { oocd } = await openAt(dir);
    expect(existsSync(join(dir, STAMPED_MARKER))).toBe(true);
    expect(await mtimeOf(join(dir, 'old', 'a.entry'))).toBe(T0 + 1000);
    expect(await mtimeOf(join(dir, 'old', 'b', 'c.entry'))).toBe(T0 + 2000);
    expect(await oocd.children('/old')).toEqual(['a', 'b']);
    await oocd.close();
  });

  test('a symbolic link or a FIFO in place of an entry file is reported and treated as absent (no hang)', async () => {
    const dir = await freshDir();
    const { oocd, warnings } = await openAt(dir);
    await oocd.set('/s/real', 'secret', { expiresAt: new Date(T0 + 1000) });
    await symlink(join(dir, 's', 'real.entry'), join(dir, 's', 'link.entry'));
    execFileSync('mkfifo', [join(dir, 's', 'fifo.entry')]);
    expect(await oocd.get('/s/link')).toBeUndefined();
    expect(await oocd.get('/s/fifo')).toBeUndefined();
    expect(await oocd.children('/s')).toEqual(['real']);
    expect((await oocd.list('/s')).map((e) => e.key)).toEqual(['/s/real']);
    expect(warnings.map((w) => w.replace(/.*\/s\//, ''))).toEqual([
      'link.entry: a symbolic link where an entry file belongs. Fix or delete the file; until then the entry counts as absent.',
      'fifo.entry: not a regular file. Fix or delete the file; until then the entry counts as absent.',
    ]);
    expect(await readFile(join(dir, 's', 'real.entry'), 'utf8')).toContain('secret');
    await oocd.close();
  });
});

describe('FsOocdDriver.close()', () => {
  test('closing one instance twice leaves the shared lock of another instance on the same directory working', async () => {
    const dir = await freshDir();
    const a = await FsOocdDriver.open({ dir });
    const b = await FsOocdDriver.open({ dir });
    const entry = (key: string) => ({ key, value: 'v', expiresAt: new Date(Date.now() + 60_000), metadata: {} });
    await a.set(entry('/c/a'));
    await Promise.all([a.close(), a.close()]);
    await a.close();
    // b still holds a reference: its writes (which take the OFD lock on the shared descriptor) work.
    await b.set(entry('/c/b'));
    expect(await b.create(entry('/c/b'), new Date())).toBe(false);
    expect(await b.create(entry('/c/new'), new Date())).toBe(true);
    expect((await b.take('/c/a', new Date()))?.key).toBe('/c/a');
    await b.close();
    await b.close();
  });
});
