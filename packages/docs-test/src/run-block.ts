import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadmeBlock } from './extract-blocks.js';

/** How a block's process ended, with everything it printed. */
export interface BlockRun {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly output: string;
  readonly timedOut: boolean;
}

/** Where and how blocks run. */
export interface RunOptions {
  /** The block's working folder (the block's file is written there). */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Name the block's file gets (default `block.sh` / `block.ts` / `block.mjs`). */
  readonly fileStem?: string;
}

const EXT = { sh: '.sh', ts: '.ts', js: '.mjs' } as const;

/** Writes the block into `dir` and starts it as its own process group (so all its children can be stopped). */
export function startBlock(block: ReadmeBlock, opts: RunOptions): ChildProcess {
  const file = join(opts.dir, (opts.fileStem ?? 'block') + EXT[block.lang]);
  writeFileSync(file, block.code);
  const argv =
    block.lang === 'sh' ? ['bash', '-euo', 'pipefail', file] : block.lang === 'ts' ? ['node', '--import', 'tsx', file] : ['node', file];
  return spawn(argv[0]!, argv.slice(1), { cwd: opts.dir, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Stops a started block and everything it started: SIGTERM to its process group, SIGKILL if any is left after 10 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const signal = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  if (!signal('SIGTERM')) return;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}

/** Collects a process's stdout and stderr, interleaved, and resolves when it ends (or is stopped at the timeout). */
export function waitFor(child: ChildProcess, timeoutMs: number): Promise<BlockRun> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopGroup(child);
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      output += `\n[docs-test] could not start: ${e.message}`;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ ok: exitCode === 0 && !timedOut, exitCode, signal, output, timedOut });
    });
  });
}

/** Runs a block to its end. */
export function runBlock(block: ReadmeBlock, opts: RunOptions): Promise<BlockRun> {
  return waitFor(startBlock(block, opts), opts.timeoutMs);
}
