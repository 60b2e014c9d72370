import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createOocdService, type OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FsOocdDriver, JOURNAL_FILE } from '../src/index.js';
import { ChangeJournal } from '../src/journal.js';
import {
  DONE,
  encodeRecord,
  HEADER_BYTES,
  hash32,
  JOURNAL_BYTES,
  newJournalBytes,
  PENDING,
  RingImage,
  SLOTS,
  slotOffset,
} from '../src/journal-ring.js';
import { ListingCache } from '../src/listing-cache.js';
import { Pacer } from '../src/pacer.js';
import { cleanupDirs, freshDir, type Peer, settled, startFixture, startPeer, until } from './helpers.js';

afterAll(cleanupDirs);

const HOUR = 3_600_000;
const MINUTE = 60_000;
const GEN = Buffer.alloc(16, 7);

/** A journal file's bytes with records `seqs` (kind DONE unless given) written into its ring. */
function ring(records: [seq: number, kind?: number][]): Buffer {
  const b = newJournalBytes(GEN);
  for (const [seq, kind] of records) encodeRecord(seq, kind ?? DONE, 1, 2).copy(b, slotOffset(seq));
  return b;
}

describe('journal format', () => {
  test('records round-trip; an empty ring is intact at 0; a changed byte makes a record missing and the ring not intact', () => {
    const empty = RingImage.parse(newJournalBytes(GEN));
    expect([empty?.newest, empty?.intact, empty?.generation]).toEqual([0, true, GEN.toString('hex')]);
    const full = RingImage.parse(ring(Array.from({ length: SLOTS + 10 }, (_, i) => [i + 1] as [number])));
    expect([full?.newest, full?.intact]).toEqual([SLOTS + 10, true]);
    expect(full?.record(SLOTS + 10)).toEqual({ seq: SLOTS + 10, kind: DONE, dirHash: 1, nameHash: 2 });
    expect(full?.record(10)).toBeUndefined(); // overwritten by SLOTS + 10
    const torn = ring(Array.from({ length: 20 }, (_, i) => [i + 1] as [number]));
    torn.writeUInt8(torn.readUInt8(slotOffset(12) + 13) ^ 1, slotOffset(12) + 13);
    const image = RingImage.parse(torn);
    expect([image?.newest, image?.intact, image?.record(12), image?.record(13)?.seq]).toEqual([20, false, undefined, 13]);
    // A gap (a record missing in the middle, its slot blank) is not intact either.
    const gap = ring([[1], [2], [4]]);
    expect(RingImage.parse(gap)?.intact).toBe(false);
    // Not a journal at all: wrong size or magic.
    expect(RingImage.parse(Buffer.alloc(JOURNAL_BYTES))).toBeUndefined();
    expect(RingImage.parse(newJournalBytes(GEN).subarray(0, JOURNAL_BYTES - 1))).toBeUndefined();
  });
});

/** Entry dir, names, stamps as a reader cache lists them. */
const stamps = async (cache: ListingCache, dir: string, journal: ChangeJournal) =>
  Object.fromEntries((await cache.listing(dir, new Pacer(), journal.snapshot())).files.map((f) => [f.base, f.stamp]));

/** `driver`'s children of `branch` now are `names`, and the listing took the path `how` (see `ListingCache`). */
async function expectListing(driver: FsOocdDriver, branch: string, names: string[], how: 'read' | 'merged' | 'reused') {
  const before = driver.listingCacheStats[how];
  expect((await driver.children(branch, new Date())).sort()).toEqual(names);
  expect(driver.listingCacheStats[how]).toBe(before + 1);
}

describe('children() with the change journal, several processes', () => {
  async function setUp(peerCount = 2) {
    const dir = await freshDir();
    const driver = await FsOocdDriver.open({ dir });
    const oocd = createOocdService(driver, { reaperIntervalSec: 0 });
    const peers = Array.from({ length: peerCount }, () => startPeer(dir));
    await Promise.all(peers.map((p) => p.fixture.waitFor('ready')));
    const stop = async () => {
      for (const p of peers) p.fixture.child.stdin?.end();
      await Promise.all(peers.map((p) => p.fixture.exited));
      await oocd.close();
    };
    return { dir, driver, oocd, peers: peers as [Peer, Peer, ...Peer[]], stop };
  }

  /** `names` live for an hour in `branch`, the branch settled, and `driver`'s listing of it cached. */
  async function warm(dir: string, driver: FsOocdDriver, oocd: OutOfContextDataService, branch: string, names: string[]) {
    for (const n of names) await oocd.set(`${branch}/${n}`, 'v', { ttlMs: HOUR });
    await until(settled(join(dir, branch.slice(1))), 'the branch settles');
    expect((await driver.children(branch, new Date())).sort()).toEqual([...names].sort());
  }

  test('a replace by another process that shortens the expiry of a cached entry hides it once expired, without a full re-list', async () => {
    const { dir, driver, oocd, peers, stop } = await setUp();
    try {
      await warm(dir, driver, oocd, '/s', ['x', 'y', 'z']);
      for (let round = 0; round < 12; round++) {
        const { read, merged } = driver.listingCacheStats;
        const expiresAt = Date.now() + (12 - round) * MINUTE; // shorter every round, still live now
        await (peers[round % 2] as Peer).run({ op: 'set', key: '/s/x', expiresAt });
        expect([round, (await driver.children('/s', new Date(expiresAt - 1))).sort()]).toEqual([round, ['x', 'y', 'z']]);
        expect([round, (await driver.children('/s', new Date(expiresAt))).sort()]).toEqual([round, ['y', 'z']]);
        // The journal named x: the listing was merged (one readdir, one lstat), never read in full.
        expect(driver.listingCacheStats.read).toBe(read);
        expect(driver.listingCacheStats.merged).toBeGreaterThan(merged);
      }
      // An already expired replace is hidden at once, also in the other process's cache.
      expect((await peers[1].run({ op: 'children', branch: '/s' })).children).toEqual(['x', 'y', 'z']);
      await peers[0].run({ op: 'set', key: '/s/y', expiresAt: Date.now() - 1 });
      expect((await oocd.children('/s')).sort()).toEqual(['x', 'z']);
      expect((await peers[1].run({ op: 'children', branch: '/s' })).children).toEqual(['x', 'z']);
    } finally {
      await stop();
    }
  }, 300_000);

  test('two processes write (create, shorter or expired replace, take, remove, branch removal) while two others list; after every round each process lists exactly what was written', async () => {
    const { driver, oocd, peers, stop } = await setUp(3);
    const [w0, w1, lister] = peers as [Peer, Peer, Peer];
    const BRANCHES = ['/m/a', '/m/b'];
    const model = new Map<string, number>(); // key → expiresAt
    let seed = 20261202;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 1;
      return seed % n;
    };
    const start = Date.now();
    const LATER = start + 40 * MINUTE; // between the shortened expiries and the hour-long ones
    const live = (at: number, branch: string) =>
      [...model]
        .filter(([k, e]) => k.startsWith(`${branch}/`) && e > at)
        .map(([k]) => k.slice(branch.length + 1))
        .sort();
    /** Three writes by `peer` on its own names, one after another. */
    const writes = async (peer: Peer, who: string, round: number) => {
      for (let k = 0; k < 3; k++) {
        const branch = BRANCHES[rnd(2)] as string;
        const mine = [...model.keys()].filter((key) => key.startsWith(`${branch}/${who}`));
        const key = mine.length === 0 || rnd(3) === 0 ? `${branch}/${who}${round}-${k}` : (mine[rnd(mine.length)] as string);
        const op = model.has(key) ? rnd(5) : 0;
        if (op === 0) {
          const expiresAt = Date.now() + HOUR;
          await peer.run({ op: model.has(key) ? 'set' : 'create', key, expiresAt });
          model.set(key, expiresAt);
        } else if (op === 1 || op === 2) {
          const expiresAt = op === 1 ? start + (5 + rnd(25)) * MINUTE : Date.now() - 1; // shorter, or expired
          await peer.run({ op: 'set', key, expiresAt });
          model.set(key, expiresAt);
        } else {
          await peer.run({ op: op === 3 ? 'take' : 'remove', key });
          model.delete(key);
        }
      }
    };
    try {
      for (let round = 0; round < 24; round++) {
        let writing = true;
        const listAll = async (list: (branch: string) => Promise<unknown>) => {
          while (writing) for (const b of [...BRANCHES, '/m']) await list(b);
        };
        const listers = [listAll((b) => oocd.children(b)), listAll((b) => lister.run({ op: 'children', branch: b }))];
        if (round % 8 === 7) {
          await w0.run({ op: 'remove', key: '/m/b', recursive: true });
          for (const k of [...model.keys()]) if (k.startsWith('/m/b/')) model.delete(k);
        } else {
          await Promise.all([writes(w0, 'p', round), writes(w1, 'q', round)]);
        }
        writing = false;
        await Promise.all(listers);
        // Every write has returned: every process, this one included, lists exactly the model.
        const now = Date.now();
        const want = (b: string) => (b === '/m' ? ['a', 'b'].filter((n) => live(now, `/m/${n}`).length > 0) : live(now, b));
        for (const b of [...BRANCHES, '/m']) {
          expect([round, b, (await oocd.children(b)).sort()]).toEqual([round, b, want(b)]);
          for (const p of peers) expect([round, b, (await p.run({ op: 'children', branch: b })).children]).toEqual([round, b, want(b)]);
        }
        // The stamps are the last writes' too: at LATER only the hour-long entries are left.
        for (const b of BRANCHES)
          expect([round, b, (await driver.children(b, new Date(LATER))).sort()]).toEqual([round, b, live(LATER, b)]);
      }
      expect(driver.listingCacheStats.merged).toBeGreaterThan(0);
    } finally {
      await stop();
    }
  }, 600_000);

  test('by hand: a file created or deleted is seen (directory version + one readdir); a same-name replace is not (documented)', async () => {
    const { dir, driver, oocd, stop } = await setUp(0);
    try {
      await warm(dir, driver, oocd, '/s', ['x', 'y']);
      const byHand = (name: string, expiresAt: number) => {
        const tmp = join(dir, 's', 'hand-made');
        writeFileSync(tmp, 'v');
        utimesSync(tmp, new Date(), new Date(expiresAt));
        renameSync(tmp, join(dir, 's', `${name}.entry`));
      };
      byHand('h', Date.now() + HOUR);
      await expectListing(driver, '/s', ['h', 'x', 'y'], 'merged');
      rmSync(join(dir, 's', 'y.entry'));
      await expectListing(driver, '/s', ['h', 'x'], 'merged');
      // A replace by hand writes no journal record: a cache holding x keeps x's stamp.
      byHand('x', Date.now() - 1);
      await expectListing(driver, '/s', ['h', 'x'], 'merged');
      // The same replace through the package is seen.
      await oocd.set('/s/h', 'v', { expiresAt: new Date(Date.now() - 1) });
      await expectListing(driver, '/s', ['x'], 'merged');
    } finally {
      await stop();
    }
  }, 300_000);

  test('ring overrun: more writes since a listing than the ring holds → one full re-list, still exact', async () => {
    const { dir, driver, oocd, peers, stop } = await setUp(1);
    try {
      await warm(dir, driver, oocd, '/s', ['x', 'y']);
      await peers[0].run({ op: 'set', key: '/s/x', expiresAt: Date.now() - 1 });
      for (let i = 0; i < SLOTS / 2 + 5; i++) await peers[0].run({ op: 'set', key: `/other/k${i}`, expiresAt: Date.now() + HOUR });
      await expectListing(driver, '/s', ['y'], 'read');
    } finally {
      await stop();
    }
  }, 300_000);

  test('a torn record or a garbage ring → full re-list; the next writer starts a new generation; garbage in the header → no journal', async () => {
    const { dir, driver, oocd, peers, stop } = await setUp(1);
    const path = join(dir, JOURNAL_FILE);
    const pwrite = (bytes: Buffer, at: number) => {
      const fd = openSync(path, 'r+');
      writeSync(fd, bytes, 0, bytes.length, at);
      closeSync(fd);
    };
    try {
      await warm(dir, driver, oocd, '/s', ['x', 'y', 'z']);
      // One torn record: x's PENDING (the one before the newest) has one byte changed. (A torn
      // newest record just looks like a write in flight: the PENDING before it names the same entry.)
      await peers[0].run({ op: 'set', key: '/s/x', expiresAt: Date.now() - 1 });
      const pending = (RingImage.parse(readFileSync(path))?.newest as number) - 1;
      const slot = readFileSync(path).subarray(slotOffset(pending), slotOffset(pending) + 32);
      slot[5] = (slot[5] as number) ^ 0x40;
      pwrite(slot, slotOffset(pending));
      await expectListing(driver, '/s', ['y', 'z'], 'read');

      // Garbage over the whole ring.
      await peers[0].run({ op: 'set', key: '/s/y', expiresAt: Date.now() - 1 });
      const generation = RingImage.parse(readFileSync(path))?.generation;
      const inode = statSync(path).ino;
      pwrite(Buffer.from(Array.from({ length: SLOTS * 32 }, (_, i) => (i * 131 + 7) & 0xff)), HEADER_BYTES);
      await expectListing(driver, '/s', ['z'], 'read');
      // The next write replaces the journal (a new file, a new generation)...
      await peers[0].run({ op: 'set', key: '/s/w', expiresAt: Date.now() + HOUR });
      const fresh = RingImage.parse(readFileSync(path));
      expect([fresh?.intact, fresh?.generation === generation, statSync(path).ino === inode]).toEqual([true, false, false]);
      await expectListing(driver, '/s', ['w', 'z'], 'read'); // another generation: read in full once
      // ... after which merges work again.
      await peers[0].run({ op: 'set', key: '/s/z', expiresAt: Date.now() - 1 });
      await expectListing(driver, '/s', ['w'], 'merged');

      // Garbage in the header: not a journal. Readers fall back to the directory version (every
      // change → a full re-list); the next writer replaces the file.
      pwrite(Buffer.from('not a journal at all, sorry....'), 0);
      await peers[0].run({ op: 'set', key: '/s/w', expiresAt: Date.now() - 1 });
      await peers[0].run({ op: 'set', key: '/s/v', expiresAt: Date.now() + HOUR });
      pwrite(Buffer.from('not a journal at all, sorry....'), 0);
      await expectListing(driver, '/s', ['v'], 'read');
    } finally {
      await stop();
    }
  }, 300_000);

  test('a journal deleted (and made again by the next writer) → full re-list, never a stale stamp', async () => {
    const { dir, driver, oocd, peers, stop } = await setUp(1);
    const path = join(dir, JOURNAL_FILE);
    try {
      await warm(dir, driver, oocd, '/s', ['x', 'y', 'z']);
      const names = ['x', 'y', 'z'];
      for (const name of ['x', 'y']) {
        rmSync(path);
        // Without a journal an unchanged, settled directory is still reused...
        await expectListing(driver, '/s', names, 'reused');
        // ... and a replace by another process (which makes a new journal) is seen.
        await peers[0].run({ op: 'set', key: `/s/${name}`, expiresAt: Date.now() - 1 });
        expect(readFileSync(path).length).toBe(JOURNAL_BYTES);
        names.shift();
        await expectListing(driver, '/s', names, 'read');
        await until(settled(join(dir, 's')), 'the branch settles');
        await driver.children('/s', new Date()); // cached again, now settled
      }
    } finally {
      await stop();
    }
  }, 300_000);
});

describe('interleavings of a writer and a reader, constructed', () => {
  const STAMP_OLD = Date.UTC(2031, 0, 1);
  const STAMP_NEW = Date.UTC(2032, 0, 1);

  async function branch() {
    const root = await freshDir();
    const oocd = createOocdService(await FsOocdDriver.open({ dir: root }), { reaperIntervalSec: 0 });
    await oocd.set('/b/x', 'v', { expiresAt: new Date(STAMP_OLD) });
    await oocd.set('/b/y', 'v', { expiresAt: new Date(STAMP_OLD) });
    await oocd.close();
    const dir = join(root, 'b');
    /** A prepared next version of x, stamped STAMP_NEW, ready to be renamed onto x.entry. */
    const prepared = join(dir, '.tmp-next');
    writeFileSync(prepared, 'next');
    utimesSync(prepared, new Date(), new Date(STAMP_NEW));
    return { root, dir, prepared, reader: new ChangeJournal(root), cache: new ListingCache() };
  }

  test('a write recorded after the reader read the journal is merged at the next call (the listing keeps the older position)', async () => {
    const { root, dir, reader, cache } = await branch();
    const writer = createOocdService(await FsOocdDriver.open({ dir: root }), { reaperIntervalSec: 0 });
    try {
      await until(settled(dir), 'the branch settles');
      expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_OLD, y: STAMP_OLD });
      const before = reader.snapshot(); // the reader reads the journal ...
      await writer.set('/b/x', 'v', { expiresAt: new Date(STAMP_NEW) }); // ... a write lands ...
      await cache.listing(dir, new Pacer(), before); // ... then it lists: x may show either version
      expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_NEW, y: STAMP_OLD });
      expect(cache.counts.read).toBe(1);
    } finally {
      await writer.close();
    }
  });

  test('a reader between PENDING and the rename, and a writer killed between the rename and DONE: the reader still sees the rename', async () => {
    const { root, dir, prepared, reader, cache } = await branch();
    await until(settled(dir), 'the branch settles');
    expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_OLD, y: STAMP_OLD });
    const w = startFixture('journal-writer', [root, dir, 'x', prepared]);
    await w.waitFor('pending');
    // The reader lists now: x is still the old file, and PENDING is the newest record.
    expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_OLD, y: STAMP_OLD });
    w.child.stdin?.write('rename\n');
    await w.waitFor('renamed');
    w.child.stdin?.write('die\n');
    await w.exited;
    expect(w.child.signalCode).toBe('SIGKILL');
    // No DONE record will ever come from it; the reader stayed positioned before the PENDING one.
    await until(settled(dir), 'the branch settles');
    for (let i = 0; i < 3; i++) expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_NEW, y: STAMP_OLD });
    const pending = RingImage.parse(readFileSync(join(root, JOURNAL_FILE)));
    expect(pending?.record(pending.newest)).toMatchObject({ kind: PENDING, nameHash: hash32('x') });
    // The next writer completes the dead one's record before its own.
    const writer = createOocdService(await FsOocdDriver.open({ dir: root }), { reaperIntervalSec: 0 });
    await writer.set('/b/y', 'v', { expiresAt: new Date(STAMP_NEW) });
    await writer.close();
    const after = RingImage.parse(readFileSync(join(root, JOURNAL_FILE)));
    expect(after?.record((pending?.newest as number) + 1)).toMatchObject({ kind: DONE, nameHash: hash32('x') });
    expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_NEW, y: STAMP_NEW });
    expect(cache.counts.read).toBe(1);
  });

  test('a writer killed after PENDING, before its rename: nothing changes, listings stay exact', async () => {
    const { root, dir, prepared, reader, cache } = await branch();
    await until(settled(dir), 'the branch settles');
    expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_OLD, y: STAMP_OLD });
    const w = startFixture('journal-writer', [root, dir, 'x', prepared]);
    await w.waitFor('pending');
    w.child.stdin?.write('die\n');
    await w.exited;
    expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_OLD, y: STAMP_OLD });
    const writer = createOocdService(await FsOocdDriver.open({ dir: root }), { reaperIntervalSec: 0 });
    await writer.set('/b/x', 'v', { expiresAt: new Date(STAMP_NEW) });
    await writer.close();
    expect(await stamps(cache, dir, reader)).toEqual({ x: STAMP_NEW, y: STAMP_OLD });
  });
});
