import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOocdService, type OutOfContextDataService } from '@authstate/oocd-core';
import { FsOocdDriver, type FsOocdOptions } from '../src/index.js';

/** Absolute path of this package's entry module (for `class=` in child processes). */
export const FS_MODULE = new URL('../src/index.ts', import.meta.url).pathname;

/** Fresh temporary directories, removed by {@link cleanupDirs}. */
const made: string[] = [];

/** A new empty temporary directory. */
export async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'oocd-fs-test-'));
  made.push(d);
  return d;
}

/** Removes every directory made by {@link freshDir}. */
export async function cleanupDirs(): Promise<void> {
  for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
}

/** Opens a service on `dir` without a reaper timer. */
export async function openFs(dir: string, options: Omit<FsOocdOptions, 'dir'> = {}): Promise<OutOfContextDataService> {
  return createOocdService(await FsOocdDriver.open({ dir, ...options }), { reaperIntervalSec: 0 });
}
