import { mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOocdService } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { COARSE_SETTLE_MS, type DirVersion, dirVersion, FINE_SETTLE_MS, isSettled } from '../src/dir-version.js';
import { FsOocdDriver } from '../src/index.js';
import { ListingCache } from '../src/listing-cache.js';
import { Pacer } from '../src/pacer.js';
import { cleanupDirs, freshDir, type Peer, settled, startPeer, until } from './helpers.js';

afterAll(cleanupDirs);

const HOUR = 3_600_000;
const STAMP = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
const ms = (n: number) => BigInt(n) * 1_000_000n;
const version = (ctimeNs: bigint): DirVersion => ({ dev: 1n, ino: 2n, size: 4096n, mtimeNs: ctimeNs, ctimeNs });

describe('isSettled (the racy-git rule)', () => {
  test('a listing is trusted only when the last change lies more than the slack before it began', () => {
    const at = 1_800_000_000_123;
    const fine = ms(at) - ms(FINE_SETTLE_MS) - 7_654_321n; // sub-10-ms digits: a fine-grained file system
    expect(isSettled(version(fine), at)).toBe(true);
    expect(isSettled(version(ms(at) - 3_210_987n), at)).toBe(false); // 3 ms before: the same tick is possible
    expect(isSettled(version(ms(at) + 1n), at)).toBe(false); // after it (a clock behind the file system's)
    // A ctime in whole 10 ms may come from a coarse (1 s, 2 s) clock: it needs the long slack.
    const coarse = ms(Math.floor((at - 1000) / 1000) * 1000);
    expect(isSettled(version(coarse), at)).toBe(false);
    expect(isSettled(version(coarse), at + COARSE_SETTLE_MS)).toBe(true);
  });
});

describe('ListingCache', () => {
  test('reuses a listing while the directory is unchanged and reads it again after any change', async () => {
    const dir = await freshDir();
    const cache = new ListingCache();
    await writeFile(join(dir, 'a.entry'), 'x');
    await mkdir(join(dir, 'sub'));
    await until(settled(dir), 'the directory settles');
    const first = await cache.listing(dir, new Pacer());
    expect(first.files.map((f) => f.segment)).toEqual(['a']);
    expect(first.branches.map((b) => b.name)).toEqual(['sub']);
    expect(await cache.listing(dir, new Pacer())).toBe(first);
    expect(cache.counts).toEqual({ read: 1, merged: 0, reused: 1 });

    const changes: [string, () => Promise<unknown>, string[]][] = [
      ['create', () => writeFile(join(dir, 'b.entry'), 'x'), ['a', 'b']],
      [
        'replace',
        async () => {
          await writeFile(join(dir, '.tmp-1'), 'y');
          await utimes(join(dir, '.tmp-1'), new Date(), new Date(STAMP)); // the new version's expiry
          await rename(join(dir, '.tmp-1'), join(dir, 'a.entry'));
        },
        ['a', 'b'],
      ],
      ['delete', () => rm(join(dir, 'b.entry')), ['a']],
    ];
    for (const [what, change, names] of changes) {
      const before = dirVersion(dir);
      await change();
      const reads = cache.counts.read;
      const l = await cache.listing(dir, new Pacer());
      expect([what, cache.counts.read]).toEqual([what, reads + 1]);
      expect(l.files.map((f) => f.segment).sort()).toEqual(names);
      expect(dirVersion(dir)).not.toEqual(before);
    }
    // The replaced file's stamp is the new version's, also once the listing is reused.
    await until(settled(dir), 'the directory settles');
    await cache.listing(dir, new Pacer());
    const reused = cache.counts.reused;
    expect((await cache.listing(dir, new Pacer())).files.find((f) => f.segment === 'a')?.stamp).toBe(STAMP);
    expect(cache.counts.reused).toBe(reused + 1);

    // A directory removed and made again is another inode: never confused with the old one.
    await rm(dir, { recursive: true });
    expect((await cache.listing(dir, new Pacer())).files).toEqual([]);
    await mkdir(dir);
    await writeFile(join(dir, 'c.entry'), 'x');
    expect((await cache.listing(dir, new Pacer())).files.map((f) => f.segment)).toEqual(['c']);
  });

  test('memory is bounded: least recently used directories go first, a too-large one is never kept', async () => {
    const root = await freshDir();
    const cache = new ListingCache(5);
    const dirs = ['d1', 'd2', 'd3', 'big'].map((d) => join(root, d));
    for (const [i, d] of dirs.entries()) {
      await mkdir(d);
      for (let n = 0; n < (i === 3 ? 6 : 2); n++) await writeFile(join(d, `e${n}.entry`), 'x');
    }
    for (const d of dirs) await until(settled(d), 'the directories settle');
    await cache.listing(dirs[0] as string, new Pacer());
    await cache.listing(dirs[1] as string, new Pacer());
    await cache.listing(dirs[0] as string, new Pacer()); // d1 is now the most recently used
    expect(cache.size).toEqual({ dirs: 2, names: 4 });
    await cache.listing(dirs[2] as string, new Pacer()); // 6 names > 5: d2 (least recent) goes
    expect(cache.size).toEqual({ dirs: 2, names: 4 });
    await cache.listing(dirs[3] as string, new Pacer()); // 6 names alone: not kept
    expect(cache.size).toEqual({ dirs: 2, names: 4 });
    const reads = cache.counts.read;
    await cache.listing(dirs[0] as string, new Pacer());
    await cache.listing(dirs[2] as string, new Pacer());
    expect(cache.counts.read).toBe(reads);
    await cache.listing(dirs[1] as string, new Pacer());
    expect(cache.counts.read).toBe(reads + 1);
  });
});

describe('children() with listing caches in several processes', () => {
  const BRANCH = '/shared';

  async function setUp() {
    const dir = await freshDir();
    const driver = await FsOocdDriver.open({ dir });
    const oocd = createOocdService(driver, { reaperIntervalSec: 0 });
    const peers = [startPeer(dir), startPeer(dir), startPeer(dir)];
    await Promise.all(peers.map((p) => p.fixture.waitFor('ready')));
    // name → live?  (live entries expire in an hour, dead ones expired an hour ago)
    const model = new Map<string, boolean>();
    const expected = () =>
      [...model]
        .filter(([, live]) => live)
        .map(([n]) => n)
        .sort();
    /** Every process, this one included, lists exactly the live names. */
    const allSee = async (when: string) => {
      const want = [when, expected()];
      expect([when, (await oocd.children(BRANCH)).sort()]).toEqual(want);
      for (const p of peers) expect([when, (await p.run({ op: 'children', branch: BRANCH })).children]).toEqual(want);
    };
    /** One change by `peer`, cycling through create, replace with an expired entry, revive, delete. */
    const change = async (peer: Peer, round: number) => {
      const live = [...model].filter(([, l]) => l).map(([n]) => n);
      const dead = [...model].filter(([, l]) => !l).map(([n]) => n);
      const kind = round % 4;
      if (kind === 0 || (kind === 1 && live.length === 0) || (kind === 2 && dead.length === 0) || (kind === 3 && live.length === 0)) {
        const name = `n${round}`;
        await peer.run({ op: 'create', key: `${BRANCH}/${name}`, expiresAt: Date.now() + HOUR });
        model.set(name, true);
      } else if (kind === 1) {
        const name = live[round % live.length] as string;
        await peer.run({ op: 'set', key: `${BRANCH}/${name}`, expiresAt: Date.now() - HOUR }); // a rename over it
        model.set(name, false);
      } else if (kind === 2) {
        const name = dead[round % dead.length] as string;
        await peer.run({ op: 'set', key: `${BRANCH}/${name}`, expiresAt: Date.now() + HOUR });
        model.set(name, true);
      } else {
        const name = live[round % live.length] as string;
        await peer.run({ op: 'remove', key: `${BRANCH}/${name}` });
        model.delete(name);
      }
    };
    const stop = async () => {
      for (const p of peers) p.fixture.child.stdin?.end();
      await Promise.all(peers.map((p) => p.fixture.exited));
      await oocd.close();
    };
    return { dir, driver, oocd, peers, model, expected, allSee, change, stop };
  }

  test('a warm cache in every process sees the creates, replaces and deletes of the others at the next call', async () => {
    const { dir, driver, oocd, peers, model, allSee, change, stop } = await setUp();
    try {
      await oocd.set(`${BRANCH}/seed`, 'v', { ttlMs: HOUR });
      model.set('seed', true);
      const branchDir = join(dir, 'shared');
      for (let round = 0; round < 16; round++) {
        await until(settled(branchDir), 'the branch settles');
        await allSee(`round ${round}, before`); // fills every process's cache
        const { reused } = driver.listingCacheStats;
        await allSee(`round ${round}, warm`);
        expect(driver.listingCacheStats.reused).toBe(reused + 1); // this process's listing came from its cache
        const { read, merged } = driver.listingCacheStats;
        await change(peers[round % peers.length] as Peer, round);
        await allSee(`round ${round}, after a change by another process`);
        // ... which made it merge one readdir (and the journal's names) into its listing
        expect(driver.listingCacheStats).toMatchObject({ read, merged: merged + 1 });
      }
      // Expired entries are hidden at the instant of their expiry, also by a warm cache.
      await until(settled(branchDir), 'the branch settles');
      const names = (await oocd.children(BRANCH)).sort();
      expect(names.length).toBeGreaterThan(0);
      const reused = driver.listingCacheStats.reused;
      expect(await driver.children(BRANCH, new Date(Date.now() + 2 * HOUR))).toEqual([]);
      expect((await driver.children(BRANCH, new Date())).sort()).toEqual(names);
      expect(driver.listingCacheStats.reused).toBe(reused + 2);
    } finally {
      await stop();
    }
  }, 600_000);

  test('racy case: a change made right after a listing (the same clock tick) is seen by the next one', async () => {
    const { dir, oocd, peers, expected, allSee, change, stop } = await setUp();
    try {
      // No waiting anywhere: change, list at once, change again at once, list at once.
      for (let round = 0; round < 40; round++) {
        await change(peers[round % peers.length] as Peer, round);
        expect([round, (await oocd.children(BRANCH)).sort()]).toEqual([round, expected()]);
        await change(peers[(round + 1) % peers.length] as Peer, round + 1000);
        await allSee(`round ${round}`);
      }
      // A branch emptied by another process's reaper (directory removed, then made again).
      const reaper = peers[0] as Peer;
      for (const name of (await oocd.children(BRANCH)).sort()) await reaper.run({ op: 'remove', key: `${BRANCH}/${name}` });
      await reaper.run({ op: 'reap' });
      await until(settled(dir), 'the root settles');
      expect(await oocd.children('/')).toEqual([]);
      await peers[1]?.run({ op: 'create', key: `${BRANCH}/again`, expiresAt: Date.now() + HOUR });
      expect(await oocd.children(BRANCH)).toEqual(['again']);
      expect(await oocd.children('/')).toEqual(['shared']);
    } finally {
      await stop();
    }
  }, 600_000);
});
