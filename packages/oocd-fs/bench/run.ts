// pnpm bench: the oocd-fs backend beside raw file-system baselines measured in the same run.
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOocdService } from '@authstate/oocd-core';
import { FsOocdDriver } from '../src/index.js';
import { medianMs, opsPerSec, report } from './measure.js';

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

  // Reads: readFile vs get(), over the entries just written.
  const rawR = await opsPerSec(READS, (i) => readFile(join(rawDir, `k${i % WRITES}`)));
  const ourR = await opsPerSec(READS, (i) => oocd.get(`/w/k${i % WRITES}`));

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
  const readdirAndRead = async () => Promise.all((await readdir(listDir)).map((n) => readFile(join(listDir, n))));
  const rawChildren = await medianMs(ROUNDS, bareReaddir);
  const ourChildren = await medianMs(ROUNDS, async () => {
    if ((await oocd.children('/branch')).length !== BRANCH) throw new Error('children lost entries');
  });
  const rawList = await medianMs(ROUNDS, readdirAndRead);
  const ourList = await medianMs(ROUNDS, async () => {
    if ((await oocd.list('/branch')).length !== BRANCH) throw new Error('list lost entries');
  });
  await oocd.close();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`oocd-fs bench — ${new Date().toISOString()} — nproc ${cpus().length}, ${cpu}, Node ${process.version}, dir ${base}`);
  console.log(`value ${VALUE.length} bytes; ${WRITES} durable writes, ${READS} reads, branch of ${BRANCH}, median of ${ROUNDS} rounds`);
  const ps = (n: number) => `${n.toFixed(0)}/s`;
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(report('create (durable)', ps(ourW), ps(rawW), ourW / rawW, '>= 0.80', ourW / rawW >= 0.8));
  console.log(report('get', ps(ourR), ps(rawR), ourR / rawR, '(none)', true));
  console.log(
    report(`children (${BRANCH})`, ms(ourChildren), ms(rawChildren), ourChildren / rawChildren, '<= 2.00', ourChildren / rawChildren <= 2),
  );
  console.log(report(`list (${BRANCH})`, ms(ourList), ms(rawList), ourList / rawList, '<= 2.00', ourList / rawList <= 2));
  console.log(`children vs readdir + read each: ${(ourChildren / rawList).toFixed(2)}`);
} finally {
  await rm(base, { recursive: true, force: true });
}
