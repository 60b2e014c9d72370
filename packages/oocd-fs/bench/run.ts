// pnpm bench: the oocd-fs backend beside raw file-system baselines measured in the same run.
// BENCH_SRC=<dir> measures the driver of another checkout's src/ (before/after comparisons).
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createOocdService } from '@authstate/oocd-core';
import type { FsOocdDriver as Driver } from '../src/index.js';
import { interleavedMs, report } from './measure.js';

const SRC = process.env.BENCH_SRC ? pathToFileURL(resolve(process.env.BENCH_SRC, 'index.ts')).href : '../src/index.js';
const { FsOocdDriver } = (await import(SRC)) as { FsOocdDriver: typeof Driver };

const WRITES = Number(process.env.BENCH_WRITES ?? 400);
const READS = Number(process.env.BENCH_READS ?? 4000);
const BRANCH = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const VALUE = 'v'.repeat(200);
const HOUR = { ttlMs: 3_600_000 };

const base = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'oocd-fs-bench-'));
try {
  const rawDir = join(base, 'raw');
  await mkdir(rawDir);
  const oocd = createOocdService(await FsOocdDriver.open({ dir: join(base, 'oocd') }), { reaperIntervalSec: 0 });

  // Durable writes: raw tmp + fsync + rename + fsync(dir), one after another, vs create().
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
  // Alternate one raw write and one create, so both see the same (noisy, shared) disk.
  let rawMs = 0;
  let ourMs = 0;
  for (let i = 0; i < WRITES; i++) {
    let t = performance.now();
    await rawWrite(i);
    rawMs += performance.now() - t;
    t = performance.now();
    await oocd.create(`/w/k${i}`, VALUE, HOUR);
    ourMs += performance.now() - t;
  }
  const rawW = (WRITES / rawMs) * 1000;
  const ourW = (WRITES / ourMs) * 1000;

  // Reads: batches of readFileSync vs get() over the entries just written, alternating.
  const batch = Math.max(1, Math.floor(READS / ROUNDS));
  const gets = await interleavedMs(
    ROUNDS,
    async () => {
      for (let i = 0; i < batch; i++) readFileSync(join(rawDir, `k${i % WRITES}`));
    },
    async () => {
      for (let i = 0; i < batch; i++) await oocd.get(`/w/k${i % WRITES}`);
    },
  );

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
  const children = await interleavedMs(ROUNDS, bareReaddir, async () => {
    if ((await oocd.children('/branch')).length !== BRANCH) throw new Error('children lost entries');
  });
  const list = await interleavedMs(ROUNDS, readdirAndRead, async () => {
    if ((await oocd.list('/branch')).length !== BRANCH) throw new Error('list lost entries');
  });
  await oocd.close();

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
  console.log(report('create (durable), wall', ps(ourW), ps(rawW), ourW / rawW, '>= 0.80', ourW / rawW >= 0.8));
  for (const k of ['wall', 'cpu'] as const) {
    const g = gets[k];
    console.log(report(`get, ${k} (throughput)`, perSec(g.ours), perSec(g.raw), 1 / g.ratio, '>= 0.50', 1 / g.ratio >= 0.5));
  }
  for (const k of ['wall', 'cpu'] as const) {
    const c = children[k];
    console.log(report(`children (${BRANCH}), ${k}`, ms(c.ours), ms(c.raw), c.ratio, '<= 5.00', c.ratio <= 5));
  }
  for (const k of ['wall', 'cpu'] as const) {
    const l = list[k];
    console.log(report(`list (${BRANCH}), ${k}`, ms(l.ours), ms(l.raw), l.ratio, '<= 2.00', l.ratio <= 2));
  }
  console.log('baselines: get = readFileSync; children = one readdir; list = readdir + readFileSync of each');
  console.log('wall ratios: median of the per-round ratios (raw and ours alternating); cpu: ratio of the medians');
} finally {
  await rm(base, { recursive: true, force: true });
}
