// pnpm bench: the oocd-fs backend beside raw file-system baselines measured in the same run.
// BENCH_SRC=<dir> measures the driver of another checkout's src/ (before/after comparisons).
import { closeSync, fsync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createOocdService } from '@authstate/oocd-core';
import type { FsOocdDriver as Driver } from '../src/index.js';
import { interleavedMs, report, timeMs } from './measure.js';

type Ms = { wall: number; cpu: number };

const SRC = process.env.BENCH_SRC ? pathToFileURL(resolve(process.env.BENCH_SRC, 'index.ts')).href : '../src/index.js';
const { FsOocdDriver } = (await import(SRC)) as { FsOocdDriver: typeof Driver };

const WRITES = Number(process.env.BENCH_WRITES ?? 400);
// Enough reads per round (2,000) that both sides run JIT-compiled code: with 200 a round, most of
// the driver's JavaScript still ran unoptimised and `get` measured 0.45× instead of 0.7×.
const READS = Number(process.env.BENCH_READS ?? 40_000);
const BRANCH = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const VALUE = 'v'.repeat(200);
const HOUR = { ttlMs: 3_600_000 };

const base = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'oocd-fs-bench-'));
try {
  const rawDir = join(base, 'raw');
  await mkdir(rawDir);
  const driver = await FsOocdDriver.open({ dir: join(base, 'oocd') });
  const oocd = createOocdService(driver, { reaperIntervalSec: 0 });

  // Durable writes: raw tmp + fsync + rename + fsync(dir), one after another, vs create(). The
  // baseline of the issue uses promise calls; a second one makes the non-waiting calls synchronously
  // as the driver does (only the two fsyncs in the thread pool), to show what is left.
  const rawWrite = async (i: number) => {
    const tmp = join(rawDir, `.tmp${i}`);
    const f = await open(tmp, 'wx', 0o600);
    await f.writeFile(VALUE);
    await f.sync();
    await f.close();
    await rename(tmp, join(rawDir, `k${i}`));
    const d = await open(rawDir, 'r');
    await d.sync();
    await d.close();
  };
  const fsyncOf = (fd: number) => new Promise<void>((res, rej) => fsync(fd, (e) => (e ? rej(e) : res())));
  const rawSyncDir = join(base, 'raw-sync');
  await mkdir(rawSyncDir);
  const rawSyncWrite = async (i: number) => {
    const tmp = join(rawSyncDir, `.tmp${i}`);
    const fd = openSync(tmp, 'wx', 0o600);
    writeSync(fd, VALUE);
    await fsyncOf(fd);
    closeSync(fd);
    renameSync(tmp, join(rawSyncDir, `k${i}`));
    const d = openSync(rawSyncDir, 'r');
    await fsyncOf(d);
    closeSync(d);
  };
  // Alternate the three, rotating who goes first, so all see the same (noisy, shared) disk.
  const writers = [rawWrite, rawSyncWrite, (i: number) => oocd.create(`/w/k${i}`, VALUE, HOUR)];
  const writeMs = writers.map(() => ({ wall: 0, cpu: 0 }));
  for (let i = 0; i < WRITES; i++) {
    for (let j = 0; j < writers.length; j++) {
      const w = (i + j) % writers.length;
      const t = await timeMs(() => (writers[w] as (i: number) => Promise<unknown>)(i));
      (writeMs[w] as { wall: number }).wall += t.wall;
      (writeMs[w] as { cpu: number }).cpu += t.cpu;
    }
  }
  const [rawWMs, rawSyncWMs, ourWMs] = writeMs as [Ms, Ms, Ms];

  // Reads: batches of readFileSync vs get() over the entries just written, alternating.
  const batch = Math.max(1, Math.floor(READS / ROUNDS));
  const rawGets = async () => {
    for (let i = 0; i < batch; i++) readFileSync(join(rawDir, `k${i % WRITES}`));
  };
  const ourGets = async () => {
    for (let i = 0; i < batch; i++) await oocd.get(`/w/k${i % WRITES}`);
  };
  await rawGets(); // one untimed batch each first, so neither side is timed while it compiles
  await ourGets();
  const gets = await interleavedMs(ROUNDS, rawGets, ourGets);

  // A 1,000-entry branch.
  const listDir = join(rawDir, 'branch');
  await mkdir(listDir);
  for (let i = 0; i < BRANCH; i++) {
    const f = await open(join(listDir, `e${i}`), 'w');
    await f.writeFile(VALUE);
    await f.close();
    await oocd.set(`/branch/e${i}`, VALUE, HOUR);
  }
  const bareReaddir = () => readdir(listDir);
  const readdirAndRead = async () => (await readdir(listDir)).map((n) => readFileSync(join(listDir, n)));
  const childrenOf = async () => {
    if ((await oocd.children('/branch')).length !== BRANCH) throw new Error('children lost entries');
  };
  // Cold (hand): right after a change in the branch made by hand (a temporary file made and
  // deleted, untimed), so the directory's version changed but no entry did.
  const ourBranch = join(base, 'oocd', 'branch');
  const touchBranch = async () => {
    writeFileSync(join(ourBranch, '.tmp-bench'), '');
    unlinkSync(join(ourBranch, '.tmp-bench'));
  };
  // Cold (foreign write): right after another driver instance (its own listing cache, as another
  // process would have) replaced one entry of the branch with a new expiry (untimed).
  const other = createOocdService(await FsOocdDriver.open({ dir: join(base, 'oocd') }), { reaperIntervalSec: 0 });
  let foreign = 0;
  const foreignWrite = async () => {
    foreign++;
    await other.set(`/branch/e${(foreign * 37) % BRANCH}`, VALUE, { ttlMs: HOUR.ttlMs + foreign });
  };
  type Stats = { read: number; reused: number; merged?: number };
  const stats = () => (driver as Partial<Driver>).listingCacheStats as Stats | undefined;
  const phases: [string, Stats | undefined][] = [['start', stats()]];
  const childrenCold = await interleavedMs(ROUNDS, bareReaddir, childrenOf, touchBranch);
  phases.push(['cold (hand)', stats()]);
  const childrenForeign = await interleavedMs(ROUNDS, bareReaddir, childrenOf, foreignWrite);
  phases.push(['cold (foreign write)', stats()]);
  await other.close();
  // Warm: the same branch, unchanged since it settled (its last change > 50 ms before the listing).
  await new Promise((r) => setTimeout(r, 200));
  await childrenOf();
  phases.push(['(one untimed)', stats()]);
  const childrenWarm = await interleavedMs(ROUNDS, bareReaddir, childrenOf);
  phases.push(['warm', stats()]);
  const list = await interleavedMs(ROUNDS, readdirAndRead, async () => {
    if ((await oocd.list('/branch')).length !== BRANCH) throw new Error('list lost entries');
  });
  await oocd.close();

  // What the change journal adds to a write (this checkout only): the ring read under the lock
  // and the two records, timed alone (CPU; no fsync involved) over as many calls as writes.
  let journalUs: number | undefined;
  if (!process.env.BENCH_SRC) {
    const { ChangeJournal } = await import('../src/journal.js');
    const journal = new ChangeJournal(join(base, 'oocd'));
    const dir = join(base, 'oocd', 'w');
    await journal.around(dir, 'k0', () => true);
    const t = await timeMs(async () => {
      for (let i = 0; i < WRITES; i++) await journal.around(dir, `k${i}`, () => true);
    });
    journal.close();
    journalUs = (t.cpu / WRITES) * 1000;
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`oocd-fs bench — ${new Date().toISOString()} — nproc ${cpus().length}, ${cpu}, Node ${process.version}, dir ${base}`);
  console.log(
    `driver ${SRC}; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`value ${VALUE.length} bytes; ${WRITES} durable writes, ${READS} reads, branch of ${BRANCH}, median of ${ROUNDS} rounds`);
  const ps = (n: number) => `${n.toFixed(0)}/s`;
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const perSec = (batchMs: number) => ps((batch / batchMs) * 1000);
  const perWrite = (m: Ms) => ps((WRITES / m.wall) * 1000);
  console.log(
    report(
      'create (durable), wall',
      perWrite(ourWMs),
      perWrite(rawWMs),
      rawWMs.wall / ourWMs.wall,
      '>= 0.80',
      rawWMs.wall / ourWMs.wall >= 0.8,
    ),
  );
  const cpuPer = (m: Ms) => `${((m.cpu / WRITES) * 1000).toFixed(0)} µs`;
  console.log(report('create (durable), cpu', cpuPer(ourWMs), cpuPer(rawWMs), rawWMs.cpu / ourWMs.cpu, '(per write)', true));
  if (journalUs !== undefined) {
    const share = journalUs / ((ourWMs.cpu / WRITES) * 1000);
    console.log(`  of which the change journal: ${journalUs.toFixed(1)} µs CPU per write (${(share * 100).toFixed(1)} % of create's CPU)`);
  }
  console.log(report('  raw with sync calls, wall', perWrite(ourWMs), perWrite(rawSyncWMs), rawSyncWMs.wall / ourWMs.wall, '(info)', true));
  for (const k of ['wall', 'cpu'] as const) {
    const g = gets[k];
    console.log(report(`get, ${k} (throughput)`, perSec(g.ours), perSec(g.raw), 1 / g.ratio, '>= 0.50', 1 / g.ratio >= 0.5));
  }
  for (const [label, c] of [
    ['cold hand', childrenCold],
    ['cold foreign', childrenForeign],
    ['warm', childrenWarm],
  ] as const) {
    for (const k of ['wall', 'cpu'] as const) {
      const r = c[k];
      console.log(report(`children (${BRANCH}) ${label}, ${k}`, ms(r.ours), ms(r.raw), r.ratio, '<= 5.00', r.ratio <= 5));
    }
  }
  const counted = phases.every(([, p]) => p !== undefined);
  if (counted) {
    const diffs = phases.slice(1).map(([label, p], i) => {
      const q = (phases[i] as [string, Stats])[1] as Stats;
      const now = p as Stats;
      return `${label}: read ${now.read - q.read}, merged ${(now.merged ?? 0) - (q.merged ?? 0)}, reused ${now.reused - q.reused}`;
    });
    console.log(`listing cache — ${diffs.join('; ')}`);
  } else console.log('listing cache: none in this driver (cold and warm are the same path)');
  for (const k of ['wall', 'cpu'] as const) {
    const l = list[k];
    console.log(report(`list (${BRANCH}), ${k}`, ms(l.ours), ms(l.raw), l.ratio, '<= 2.00', l.ratio <= 2));
  }
  console.log(
    'baselines: create = tmp write + fsync + rename + fsync(dir) (promise calls); get = readFileSync; children = one readdir; list = readdir + readFileSync of each',
  );
  console.log('wall ratios: median of the per-round ratios (raw and ours alternating); cpu: ratio of the medians');
} finally {
  await rm(base, { recursive: true, force: true });
}
