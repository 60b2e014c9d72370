import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childExecArgv } from '@authstate/oocd-conformance';
import { createOocdService, type OutOfContextDataService } from '@authstate/oocd-core';
import { dirVersion, isSettled } from '../src/dir-version.js';
import { FsOocdDriver, type FsOocdOptions, JOURNAL_FILE, LOCK_FILE, STAMPED_MARKER } from '../src/index.js';
import type { Request } from './fixtures/listing-writer.js';

/** Absolute path of this package's entry module (for `class=` in child processes). */
export const FS_MODULE = new URL('../src/index.ts', import.meta.url).pathname;

/** The bookkeeping files in the root of a data directory written to, sorted as {@link tree} lists them. */
export const BOOKKEEPING = [STAMPED_MARKER, LOCK_FILE, JOURNAL_FILE].sort();

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

/** A child process running one of the TypeScript fixtures. */
export interface Fixture {
  child: ChildProcess;
  /** Resolves when the child prints `line` on a line of its own. */
  waitFor(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the child has exited. */
  exited: Promise<void>;
}

/** Starts `test/fixtures/<name>.ts` in a new Node process. */
export function startFixture(name: string, args: string[]): Fixture {
  const file = new URL(`./fixtures/${name}.ts`, import.meta.url).pathname;
  const child = spawn(process.execPath, [...childExecArgv(), file, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    exited,
    waitFor: (line, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not print ${line} in ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (out.split('\n').includes(line)) {
            clearTimeout(timer);
            child.stdout?.off('data', check);
            resolve();
          }
        };
        child.stdout?.on('data', check);
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error(`${name} exited before printing ${line}`));
        });
        check();
      }),
  };
}

/** Every file below `dir` (relative paths), directories marked with a trailing `/`. */
export async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${r}/`);
        await walk(join(d, e.name), r);
      } else out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` (no fixed sleep): e.g. directories settle about 50 ms after their last change. */
export async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A condition for {@link until}: directory `dir` has settled (see `isSettled`). */
export const settled = (dir: string) => () => {
  const v = dirVersion(dir);
  return v !== undefined && isSettled(v, Date.now());
};

/** A listing-writer child process (its own driver and listing cache) and a way to send it commands. */
export interface Peer {
  fixture: Fixture;
  run(c: Request): Promise<{ children?: string[] }>;
}

/** Starts a listing-writer child process on data directory `dir` (wait for `fixture.waitFor('ready')`). */
export function startPeer(dir: string): Peer {
  const fixture = startFixture('listing-writer', [dir]);
  let next = 0;
  let buffered = '';
  const waiting = new Map<number, { resolve: (answer: { children?: string[] }) => void; reject: (e: Error) => void }>();
  fixture.child.once('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('listing-writer exited'));
    waiting.clear();
  });
  fixture.child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const answer = JSON.parse(line) as { id: number; children?: string[] };
      waiting.get(answer.id)?.resolve(answer);
      waiting.delete(answer.id);
    }
  });
  return {
    fixture,
    run: (c) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        fixture.child.stdin?.write(`${JSON.stringify({ ...c, id })}\n`);
      }),
  };
}
