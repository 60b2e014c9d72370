// pnpm bench: oocd-sql against the raw drivers, and the reaper's effect on writers.
// Servers come from `eval "$(bash scripts/dbs.sh start)"`; without them only SQLite runs.
// Options (env): BENCH_MS (window per measurement, default 1000), BENCH_ROUNDS (rounds of raw and
// ours, default 6), BENCH_DIALECTS (e.g. `mariadb,postgres`), BENCH_PARTS (`throughput,reap`),
// BENCH_CLIENTS (e.g. `8`), BENCH_REAP_ROWS (default 100000), BENCH_REAP_BATCH (default: the
// backend's), BENCH_REAP_PAUSE (ms between batches, default: the backend's).
import { cpus, hostname, loadavg } from 'node:os';
import { reapStall, type StallResult } from './reap-stall.js';
import { benchTargets } from './targets.js';
import { type ThroughputRow, throughput } from './throughput.js';

const ms = Number(process.env.BENCH_MS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const reapRows = Number(process.env.BENCH_REAP_ROWS ?? 100_000);
const list = (name: string) => process.env[name]?.split(',').filter(Boolean);
const dialects = list('BENCH_DIALECTS');
const parts = list('BENCH_PARTS') ?? ['throughput', 'reap'];
const clientCounts = list('BENCH_CLIENTS')?.map(Number);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const targets = (await benchTargets()).filter((t) => !dialects || dialects.includes(t.kind));
const rows: (ThroughputRow & { load: string })[] = [];
const stalls: (StallResult & { load: string })[] = [];
try {
  for (const target of targets) {
    if (parts.includes('throughput')) {
      for (const clients of (target.kind === 'sqlite' ? [1] : [1, 8]).filter((c) => !clientCounts || clientCounts.includes(c))) {
        const before = load();
        for (const r of await throughput(target, clients, ms, rounds)) rows.push({ ...r, load: before });
        console.error(`[bench] ${target.kind} ${clients} client(s) done (load ${before})`);
      }
    }
    if (parts.includes('reap')) {
      for (const separate of [false, true]) {
        const before = load();
        stalls.push({ ...(await reapStall(target, reapRows, separate)), load: before });
      }
      console.error(`[bench] ${target.kind} reap done`);
    }
  }
} finally {
  for (const t of targets) await t.drop();
}

const f = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `oocd-sql bench — ${new Date().toISOString()} — ${hostname()}, ${cpus().length}× ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load at the end ${load()}`,
);
if (rows.length) {
  console.log(
    `\nwindows of ${ms} ms, ${rounds} rounds (raw and ours back to back, order alternating); ours = openOocd({class:'sql'}) service API; raw = same SQL via the driver\n`,
  );
  console.log('| dialect | op | clients | raw ops/s | oocd-sql ops/s | ratio (median) | ratio range | load (1/5/15 min) |');
  console.log('|---|---|---:|---:|---:|---:|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.dialect} | ${r.op} | ${r.clients} | ${f(r.raw)} | ${f(r.ours)} | ${r.ratio.toFixed(2)} | ${r.minRatio.toFixed(2)}–${r.maxRatio.toFixed(2)} | ${r.load} |`,
    );
}
if (stalls.length) {
  console.log(`\nReaping ${f(reapRows)} expired rows while a writer runs:\n`);
  console.log(
    '| dialect | writer | batch | pause ms | reaped | reap ms | writes during | longest write ms | p99 ms | longest write before, ms | load |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const s of stalls) {
    console.log(
      `| ${s.dialect} | ${s.writer} | ${s.batch} | ${s.pauseMs} | ${f(s.reaped)} | ${f(s.reapMs)} | ${f(s.writes)} | ${s.maxStallMs.toFixed(1)} | ${s.p99Ms.toFixed(1)} | ${s.idleMaxMs.toFixed(1)} | ${s.load} |`,
    );
  }
}
