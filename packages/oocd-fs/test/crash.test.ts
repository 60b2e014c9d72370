import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createOocdService, type OocdEntry } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import fsx from 'fs-native-extensions';
import { FsOocdDriver } from '../src/index.js';
import { KEYS, valueFor } from './fixtures/crash-values.js';
import { BOOKKEEPING, cleanupDirs, type Fixture, freshDir, openFs, sleep, startFixture, tree } from './helpers.js';

afterAll(cleanupDirs);

const ROUNDS = 8;
const WRITERS = 3;

describe('crash safety', () => {
  test('writers killed with SIGKILL at random instants leave only whole entries, no lock held, no temp files after a sweep', async () => {
    const dir = await freshDir();
    const warnings: string[] = [];
    const reader = createOocdService(await FsOocdDriver.open({ dir, warn: (m) => warnings.push(m) }), { reaperIntervalSec: 0 });
    const problems: string[] = [];
    let seen = 0;
    const check = (e: OocdEntry | undefined) => {
      if (!e) return;
      seen++;
      const version = e.metadata.version;
      if (version === undefined) problems.push(`${e.key}: no metadata`);
      else if (e.value !== valueFor(version) || e.metadata.bytes !== String(e.value.length)) {
        problems.push(`${e.key}: value of ${e.value.length} bytes does not match metadata ${JSON.stringify(e.metadata)}`);
      }
    };
    let stop = false;
    const readLoop = (async () => {
      while (!stop) {
        for (const k of KEYS) check(await reader.get(k));
        for (const e of await reader.list('/crash', { recursive: true })) check(e);
      }
    })();

    let leftoverTemps = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const writers: Fixture[] = Array.from({ length: WRITERS }, (_, i) => startFixture('crash-writer', [dir, `r${round}w${i}`]));
      try {
        // Generous: on a loaded machine starting a writer and its first durable write take a while.
        await Promise.all(writers.map((w) => w.waitFor('ready', 240_000)));
        await sleep(10 + Math.random() * 150);
      } finally {
        for (const w of writers) w.child.kill('SIGKILL');
        await Promise.all(writers.map((w) => w.exited));
      }
      leftoverTemps += (await tree(dir)).filter((f) => f.split('/').at(-1)?.startsWith('.tmp-')).length;
    }
    stop = true;
    await readLoop;

    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
    // Every entry on disk is whole.
    for (const k of KEYS) check(await reader.get(k));
    expect(problems).toEqual([]);

    // No lock is left held: a new descriptor (as a new process would) gets the global lock at once.
    const handle = await open(join(dir, '.lock'), 'r+');
    try {
      expect(fsx.tryLock(handle.fd, 0, 1)).toBe(true);
      fsx.unlock(handle.fd, 0, 1);
    } finally {
      await handle.close();
    }
    // Leftover temp files of the killed writers are swept by the reaper (and by the next open).
    process.stdout.write(`crash test: ${seen} entries checked, ${leftoverTemps} leftover temp files seen after kills\n`);
    await reader.reap();
    expect((await tree(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await reader.close();
  }, 900_000);

  test('the lock of a process killed while holding it is released at once, and it was honoured before', async () => {
    const dir = await freshDir();
    const oocd = await openFs(dir);
    const holder = startFixture('hold-lock', [dir]);
    await holder.waitFor('locked');
    let done = false;
    const write = oocd.set('/held/k', 'v', { ttlMs: 60_000 }).then(() => {
      done = true;
    });
    await sleep(500);
    expect(done).toBe(false); // blocked by the other process's lock
    expect((await oocd.get('/held/k'))?.value).toBeUndefined();
    holder.child.kill('SIGKILL');
    await write;
    expect((await oocd.get('/held/k'))?.value).toBe('v');
    await oocd.close();
  }, 600_000);

  test('temp files left by a dead writer are swept when a driver opens the directory', async () => {
    const dir = await freshDir();
    const first = await openFs(dir);
    await first.set('/a/b', 'v', { ttlMs: 60_000 });
    await first.close();
    const leftover = join(dir, 'a', '.tmp-deadbeef');
    await (await open(leftover, 'w')).close();
    const driver = await FsOocdDriver.open({ dir });
    await driver.close(); // close waits for the opening sweep
    expect(await tree(dir)).toEqual([...BOOKKEEPING, 'a/', 'a/b.entry']);
  });
});
