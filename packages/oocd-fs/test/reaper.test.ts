import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createOocdService, type OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FsOocdDriver } from '../src/index.js';
import { BOOKKEEPING, cleanupDirs, freshDir, openFs, sleep, startFixture, tree } from './helpers.js';

afterAll(cleanupDirs);

const HOUR = { ttlMs: 3_600_000 };
const PAST = { expiresAt: new Date(Date.now() - 1000) };

async function seed(oocd: OutOfContextDataService) {
  await oocd.set('/a/dead', 'd', PAST);
  await oocd.set('/a/b/c/dead', 'd', PAST);
  await oocd.set('/a/b/c/d/e/dead', 'd', PAST);
  await oocd.set('/a/live', 'l', HOUR);
  await oocd.set('/z/y/dead', 'd', PAST);
}

describe.each([true, false])('reaper with lockGloballyWhenReaping=%s', (lockGloballyWhenReaping) => {
  test('deletes expired entries and the empty directories they leave, keeps live ones', async () => {
    const dir = await freshDir();
    const oocd = await openFs(dir, { lockGloballyWhenReaping });
    await seed(oocd);
    expect(await oocd.reap()).toBe(4);
    expect(await tree(dir)).toEqual([...BOOKKEEPING, 'a/', 'a/live.entry']);
    await oocd.close();
  });

  test(`while another process holds the global lock, the reaper ${lockGloballyWhenReaping ? 'waits' : 'goes on'}`, async () => {
    const dir = await freshDir();
    const oocd = await openFs(dir, { lockGloballyWhenReaping });
    await seed(oocd);
    const holder = startFixture('hold-lock', [dir]);
    await holder.waitFor('locked');
    let reaped: number | undefined;
    const run = oocd.reap().then((n) => {
      reaped = n;
    });
    if (lockGloballyWhenReaping) {
      await sleep(1000); // a slower machine only makes "not yet" more likely
      expect(reaped).toBeUndefined();
    } else {
      await run; // finishes while the other process still holds the global lock
      expect(reaped).toBe(4);
    }
    // Readers never wait for the lock.
    expect((await oocd.get('/a/live'))?.value).toBe('l');
    holder.child.kill('SIGKILL');
    await run;
    expect(reaped).toBe(4);
    await oocd.close();
  }, 600_000);

  test('listings while the reaper runs return exactly the entries live at their instant, and never fail', async () => {
    // A clock the test advances step by step (the reaper reads the same one, so it never runs
    // ahead of a listing): the expected result of every listing is known exactly, however fast or
    // slow the machine is, while the reaper deletes concurrently in real time.
    const dir = await freshDir();
    const t0 = Date.now();
    let clock = t0;
    const now = () => new Date(clock);
    const open = async () => createOocdService(await FsOocdDriver.open({ dir, lockGloballyWhenReaping }), { reaperIntervalSec: 0, now });
    const oocd = await open();
    const reaper = await open();
    const COUNT = 150;
    const expiry = (i: number) => t0 + 300 + i * 10;
    await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        oocd.set(`/exp/${i % 3}/k${i}`, `v${i}`, { expiresAt: new Date(expiry(i)), metadata: { i: String(i) } }),
      ),
    );
    let stop = false;
    const reaping = (async () => {
      let n = 0;
      while (!stop) n += await reaper.reap();
      return n;
    })();
    for (let step = 0; step <= COUNT + 40; step++) {
      clock = t0 + 295 + step * 10; // between two expiries
      const live = Array.from({ length: COUNT }, (_, i) => i).filter((i) => expiry(i) > clock);
      const entries = await oocd.list('/exp', { recursive: true });
      expect(entries.map((e) => Number(e.metadata.i)).sort((a, b) => a - b)).toEqual(live);
      for (const e of entries) expect(e.value).toBe(`v${e.metadata.i}`);
      expect(await oocd.children('/exp')).toEqual([...new Set(live.map((i) => String(i % 3)))].sort());
    }
    stop = true;
    const reaped = await reaping;
    expect(reaped + (await reaper.reap())).toBe(COUNT);
    expect(await readdir(dir)).toEqual(BOOKKEEPING);
    await reaper.close();
    await oocd.close();
  }, 600_000);

  test('the reaper sweeps leftover temp files but not one a live writer holds', async () => {
    const dir = await freshDir();
    const oocd = await openFs(dir, { lockGloballyWhenReaping });
    await oocd.set('/t/k', 'v', HOUR);
    const { open } = await import('node:fs/promises');
    const fsx = (await import('fs-native-extensions')).default;
    await (await open(join(dir, 't', '.tmp-dead'), 'w')).close();
    const live = await open(join(dir, 't', '.tmp-live'), 'w');
    expect(fsx.tryLock(live.fd)).toBe(true);
    // A lock taken by another descriptor of this process conflicts like another process's would.
    expect(await oocd.reap()).toBe(0);
    expect((await tree(dir)).filter((f) => f.includes('.tmp-'))).toEqual(['t/.tmp-live']);
    await live.close();
    await oocd.reap();
    expect((await tree(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await oocd.close();
  });
});
