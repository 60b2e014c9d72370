import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cleanupDirs, freshDir, openFs, sleep, startFixture, tree } from './helpers.js';

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
    expect(await tree(dir)).toEqual(['.lock', 'a/', 'a/live.entry']);
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
    await sleep(1000);
    // Readers never wait for the lock.
    expect((await oocd.get('/a/live'))?.value).toBe('l');
    expect(reaped).toBe(lockGloballyWhenReaping ? undefined : 4);
    holder.child.kill('SIGKILL');
    await run;
    expect(reaped).toBe(4);
    await oocd.close();
  }, 30_000);

  test('entries expiring during listings are never returned expired, and listing never fails while the reaper runs', async () => {
    const dir = await freshDir();
    const oocd = await openFs(dir, { lockGloballyWhenReaping });
    const reaper = await openFs(dir, { lockGloballyWhenReaping });
    const start = Date.now();
    await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        oocd.set(`/exp/${i % 3}/k${i}`, `v${i}`, { expiresAt: new Date(start + 300 + i * 10), metadata: { i: String(i) } }),
      ),
    );
    let stop = false;
    const reaping = (async () => {
      let n = 0;
      while (!stop) n += await reaper.reap();
      return n;
    })();
    let listings = 0;
    while (Date.now() < start + 2200) {
      const before = Date.now();
      const entries = await oocd.list('/exp', { recursive: true });
      const names = await oocd.children('/exp');
      listings++;
      for (const e of entries) {
        expect(e.expiresAt.getTime()).toBeGreaterThan(before);
        expect(e.value).toBe(`v${e.metadata.i}`);
      }
      expect(names.every((n) => ['0', '1', '2'].includes(n))).toBe(true);
    }
    stop = true;
    const reaped = await reaping;
    expect(listings).toBeGreaterThan(5);
    expect(await oocd.list('/exp', { recursive: true })).toEqual([]);
    expect(await oocd.children('/exp')).toEqual([]);
    expect(reaped + (await reaper.reap())).toBe(150);
    expect(await readdir(dir)).toEqual(['.lock']);
    await reaper.close();
    await oocd.close();
  }, 30_000);

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
