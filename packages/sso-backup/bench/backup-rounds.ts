// pnpm bench:backup: the SQLite backup alone, in BENCH_ROUNDS (default 5) alternating rounds of
// `sqlite3 .dump` / ours → bundle / ours → `--format sql`, so every ratio compares runs made seconds
// apart on a shared, noisy machine. Prints each round (seconds, peak RSS, 1-minute load before the
// run) and the median of the per-round ratios. BENCH_ROWS (default 200,000) zato_sso_attr rows.
// Ours runs from the built package (dist/, built first), each run its own process (bench/cli.mjs).
// BENCH_BEFORE=<another build's dist/> (e.g. /work/main/packages/sso-backup/dist) adds that build's
// bundle and `--format sql` runs to every round: before and after measured side by side.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Measured, measure, nodeCommand } from './measure.js';
import { populateServer } from './populate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BEFORE = process.env.BENCH_BEFORE;
const pkg = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const show = (m: Measured) => `${m.seconds.toFixed(2)} s ${m.peakRssMiB} MiB (load ${m.load.toFixed(1)})`;

execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: pkg, stdio: 'inherit' });
const work = await mkdtemp(join(tmpdir(), 'sso-bench-rounds-'));
try {
  const src = join(work, 'src');
  await populateServer(src, ROWS);
  const db = q(join(src, 'zato.db'));
  const runs: { name: string; args: string[]; env: NodeJS.ProcessEnv }[] = [
    { name: 'bundle', args: ['backup', src, join(work, 'ours.bundle')], env: {} },
    { name: '--format sql', args: ['backup', src, join(work, 'ours.sql'), 'sql'], env: {} },
  ];
  if (BEFORE) {
    runs.push({ name: 'bundle (before)', args: ['backup', src, join(work, 'before.bundle')], env: { BENCH_DIST: BEFORE } });
    runs.push({ name: '--format sql (before)', args: ['backup', src, join(work, 'before.sql'), 'sql'], env: { BENCH_DIST: BEFORE } });
  }
  const ratios = runs.map(() => [] as number[]);
  const rss = runs.map(() => [] as number[]);
  const loads: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const native = measure(`sqlite3 ${db} ".dump zato_sso_%" > ${q(join(work, 'native.sql'))}`);
    loads.push(native.load);
    const parts = [`native ${show(native)}`];
    runs.forEach((run, i) => {
      const m = measure(nodeCommand(cli, run.args), run.env);
      ratios[i]?.push(m.seconds / native.seconds);
      rss[i]?.push(m.peakRssMiB);
      loads.push(m.load);
      parts.push(`${run.name} ${show(m)}`);
    });
    console.log(`round ${r}: ${parts.join(' | ')}`);
  }
  console.log(
    `\nsso-backup backup rounds — ${ROWS.toLocaleString('en-US')} zato_sso_attr rows, ${ROUNDS} rounds; ${cpus().length} CPUs; Node ${process.version}; ${new Date().toISOString()}; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  runs.forEach((run, i) => {
    const rs = ratios[i] ?? [];
    console.log(
      `${run.name} vs sqlite3 .dump: median ${median(rs).toFixed(2)}× (${rs.map((x) => x.toFixed(2)).join(', ')}); peak RSS median ${median(rss[i] ?? [])} MiB`,
    );
  });
} finally {
  await rm(work, { recursive: true, force: true });
}
