import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadmeBlock } from './extract-blocks.js';
import { type BlockRun, type RunOptions, runBlock, startBlock, stopGroup, waitFor } from './run-block.js';

/** Blocks that run together in one folder: one block, or a background block and its `with-previous` followers. */
export type Unit = readonly ReadmeBlock[];

/** Groups the blocks to run (skipped ones left out) into units. Throws on a `with-previous` without a background block. */
export function planUnits(blocks: readonly ReadmeBlock[]): Unit[] {
  const units: ReadmeBlock[][] = [];
  for (const b of blocks) {
    if (b.directive.kind === 'skip') continue;
    if (b.directive.kind !== 'with-previous') {
      units.push([b]);
      continue;
    }
    const last = units.at(-1);
    if (!last || last[0]!.directive.kind !== 'background' || last[0]!.file !== b.file) {
      throw new Error(`${b.file}:${b.line}: "with-previous" needs a "background" block right before it in the same file`);
    }
    last.push(b);
  }
  return units;
}

/** Settings for {@link runUnits}. */
export interface UnitsOptions {
  /** Each unit gets a fresh folder below this one, removed when the unit ends. */
  readonly workRoot: string;
  /** The folder README paths are relative to (for `in-folder` blocks). */
  readonly repoRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** Units running at once. */
  readonly concurrency: number;
  /** Longest a block may run (a background block: until its check passes). */
  readonly timeoutMs: number;
}

/** Starts every unit (at most `concurrency` at once) and returns each block's outcome; the promises never reject. */
export function runUnits(units: readonly Unit[], opts: UnitsOptions): Map<ReadmeBlock, Promise<BlockRun>> {
  mkdirSync(opts.workRoot, { recursive: true });
  // A plain tsconfig of a consumer, so tsx does not pick up the workspace's ("source" condition, paths).
  writeFileSync(
    join(opts.workRoot, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  const settle = new Map<ReadmeBlock, (r: BlockRun) => void>();
  const results = new Map<ReadmeBlock, Promise<BlockRun>>();
  for (const b of units.flat()) results.set(b, new Promise((resolve) => settle.set(b, resolve)));
  const queue = [...units];
  const worker = async (): Promise<void> => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      const first = unit[0]!;
      const inFolder = first.directive.kind === 'in-folder';
      const dir = inFolder ? join(opts.repoRoot, dirname(first.file)) : mkdtempSync(join(opts.workRoot, 'block-'));
      const fileStem = inFolder ? `.docs-test-${randomBytes(6).toString('hex')}` : undefined;
      const run: RunOptions = { dir, env: opts.env, timeoutMs: opts.timeoutMs, fileStem };
      // Outcomes are settled only after the unit's files are gone, so nothing is left when the test ends.
      const outcomes = new Map<ReadmeBlock, BlockRun>();
      try {
        await runUnit(unit, run, (b, r) => outcomes.set(b, r));
      } catch (e) {
        for (const b of unit) if (!outcomes.has(b)) outcomes.set(b, failed(`[docs-test] ${String(e)}`));
      } finally {
        if (inFolder) for (const ext of ['.sh', '.ts', '.mjs']) rmSync(join(dir, fileStem + ext), { force: true });
        else rmSync(dir, { recursive: true, force: true });
      }
      for (const b of unit) settle.get(b)!(outcomes.get(b) ?? failed('[docs-test] no outcome'));
    }
  };
  for (let i = 0; i < opts.concurrency; i++) void worker();
  return results;
}

function failed(output: string): BlockRun {
  return { ok: false, exitCode: null, signal: null, output, timedOut: false };
}

async function runUnit(unit: Unit, run: RunOptions, done: (b: ReadmeBlock, r: BlockRun) => void): Promise<void> {
  const [first, ...followers] = unit as [ReadmeBlock, ...ReadmeBlock[]];
  if (first.directive.kind !== 'background') {
    done(first, await runBlock(first, run));
    return;
  }
  const child = startBlock(first, run);
  const ended = waitFor(child, run.timeoutMs);
  let exited = false;
  void ended.then(() => {
    exited = true;
  });
  const ready = await pollCheck(first.directive.check, run, () => exited);
  if (!ready) {
    await stopGroup(child);
    const r = await ended;
    const why = exited ? 'it ended before its check passed' : `its check "${first.directive.check}" never passed`;
    done(first, { ...r, ok: false, output: `${r.output}\n[docs-test] background block failed: ${why}` });
    for (const b of followers) done(b, failed('[docs-test] not run: the background block before it failed'));
    return;
  }
  for (const b of followers) done(b, await runBlock(b, run));
  await stopGroup(child);
  const r = await ended;
  done(first, { ...r, ok: true, output: r.output });
}

/** Runs `check` in the block's folder every 250 ms until it succeeds, the block ends, or the timeout passes. */
async function pollCheck(check: string, run: RunOptions, gone: () => boolean): Promise<boolean> {
  const deadline = Date.now() + run.timeoutMs;
  while (Date.now() < deadline && !gone()) {
    const passed = await new Promise<boolean>((resolve) =>
      execFile('bash', ['-c', check], { cwd: run.dir, env: run.env, timeout: 10_000 }, (e) => resolve(!e)),
    );
    if (passed) return true;
    await sleep(250);
  }
  return false;
}
