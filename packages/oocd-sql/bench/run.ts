// pnpm bench: oocd-sql against the raw drivers, and the reaper's effect on writers.
// Servers come from `eval "$(bash scripts/dbs.sh start)"`; without them only SQLite runs.
// Options (env): BENCH_MS (window per measurement, default 1500), BENCH_ROUNDS (default 2),
// BENCH_REAP_ROWS (default 100000).
import { cpus, hostname } from 'node:os';
import { reapStall, type StallResult } from './reap-stall.js';
import { benchTargets } from './targets.js';
import { type ThroughputRow, throughput } from './throughput.js';

const ms = Number(process.env.BENCH_MS ?? 1500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const reapRows = Number(process.env.BENCH_REAP_ROWS ?? 100_000);

const targets = await benchTargets();
const rows: ThroughputRow[] = [];
const stalls: StallResult[] = [];
try {
  for (const target of targets) {
    for (const clients of target.kind === 'sqlite' ? [1] : [1, 8]) {
      rows.push(...(await throughput(target, clients, ms, rounds)));
      console.error(`[bench] ${target.kind} ${clients} client(s) done`);
    }
    for (const separate of [false, true]) stalls.push(await reapStall(target, reapRows, separate));
    console.error(`[bench] ${target.kind} reap done`);
  }
} finally {
  for (const t of targets) await t.drop();
}

const f = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `oocd-sql bench — ${new Date().toISOString()} — ${hostname()}, ${cpus().length}× ${cpus()[0]?.model ?? '?'}, Node ${process.version}`,
);
console.log(`window ${ms} ms × best of ${rounds}; ours = openOocd({class:'sql'}) service API; raw = same SQL via the driver\n`);
console.log('| dialect | op | clients | raw ops/s | oocd-sql ops/s | ratio |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.dialect} | ${r.op} | ${r.clients} | ${f(r.raw)} | ${f(r.ours)} | ${(r.ours / r.raw).toFixed(2)} |`);
console.log(`\nReaping ${f(reapRows)} expired rows (batches of 1000) while a writer runs:\n`);
console.log('| dialect | writer | reaped | reap ms | writes during | longest write ms | p99 ms | longest write before, ms |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const s of stalls) {
  console.log(
    `| ${s.dialect} | ${s.writer} | ${f(s.reaped)} | ${f(s.reapMs)} | ${f(s.writes)} | ${s.maxStallMs.toFixed(1)} | ${s.p99Ms.toFixed(1)} | ${s.idleMaxMs.toFixed(1)} |`,
  );
}
