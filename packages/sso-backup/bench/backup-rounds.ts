// pnpm bench:backup: the SQLite backup, in BENCH_ROUNDS (default 5) alternating rounds of
// `sqlite3 .dump` / ours → bundle / ours → `--format sql` (without and with `--checksums`), so every ratio compares runs made seconds
// apart on a shared, noisy machine. Prints each round (seconds, user+sys CPU seconds, peak RSS,
// 1-minute load before the run) and the median of the per-round ratios (wall and CPU).
// BENCH_ROWS (default 200,000) zato_sso_attr rows. BENCH_RESTORE=1 adds, to every round, an
// encrypted bundle (BENCH_PASSPHRASE-style, scrypt N=2^17) and the restores of both bundles into
// new servers beside `sqlite3 new.db < dump` (ratios against that).
// Ours runs from the built package (dist/, built first), each run its own process (bench/cli.mjs).
// BENCH_BEFORE=<another build's dist/> (e.g. /work/main/packages/sso-backup/dist) adds that build's
// bundle and `--format sql` runs to every round: before and after measured side by side.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initServer } from '../src/zato/index.js';
import { type Measured, measure, nodeCommand } from './measure.js';
import { populateServer } from './populate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BEFORE = process.env.BENCH_BEFORE;
const RESTORE = process.env.BENCH_RESTORE === '1';
const PASS = { BENCH_PASSPHRASE: 'bench passphrase' };
const pkg = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const show = (m: Measured) => `${m.seconds.toFixed(2)} s ${m.cpuSeconds.toFixed(2)} cpu ${m.peakRssMiB} MiB (load ${m.load.toFixed(1)})`;

execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: pkg, stdio: 'inherit' });
const work = await mkdtemp(join(tmpdir(), 'sso-bench-rounds-'));
try {
  const src = join(work, 'src');
  await populateServer(src, ROWS);
  const db = q(join(src, 'zato.db'));
  type Run = { name: string; args: () => Promise<string[]>; env: NodeJS.ProcessEnv; restore?: boolean };
  let targets = 0;
  /** A new SQLite server to restore into (as `sqlite3 new.db < dump` loads into a new file). */
  const target = async () => {
    const dir = join(work, `target-${targets++}`);
    await initServer(dir, {});
    return dir;
  };
  const builds: [string, NodeJS.ProcessEnv][] = [['', {}]];
  if (BEFORE) builds.push([' (before)', { BENCH_DIST: BEFORE }]);
  const runs: Run[] = [];
  for (const [tag, env] of builds) {
    const file = (name: string) => join(work, `${tag ? 'before' : 'ours'}.${name}`);
    runs.push({ name: `bundle${tag}`, args: async () => ['backup', src, file('bundle')], env });
    runs.push({ name: `--format sql${tag}`, args: async () => ['backup', src, file('sql'), 'sql'], env });
    // (a build before --checksums existed ignores the word and computes them anyway)
    if (!tag) runs.push({ name: '--format sql --checksums', args: async () => ['backup', src, file('sums.sql'), 'sql-checksums'], env });
    if (!RESTORE) continue;
    runs.push({ name: `encrypted bundle${tag}`, args: async () => ['backup', src, file('sealed')], env: { ...env, ...PASS } });
    runs.push({ name: `restore ← bundle${tag}`, args: async () => ['restore', file('bundle'), await target()], env, restore: true });
    runs.push({
      name: `restore ← encrypted bundle${tag}`,
      args: async () => ['restore', file('sealed'), await target()],
      env: { ...env, ...PASS },
      restore: true,
    });
  }
  const ratios = runs.map(() => [] as number[]);
  const cpuRatios = runs.map(() => [] as number[]);
  const rss = runs.map(() => [] as number[]);
  const loads: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const nativeSql = join(work, 'native.sql');
    const native = measure(`sqlite3 ${db} ".dump zato_sso_%" > ${q(nativeSql)}`);
    const nativeDb = join(work, 'native-target.db');
    await rm(nativeDb, { force: true });
    const nativeRestore = RESTORE ? measure(`sqlite3 ${q(nativeDb)} < ${q(nativeSql)}`) : undefined;
    loads.push(native.load);
    const parts = [`native ${show(native)}`];
    if (nativeRestore) parts.push(`native restore ${show(nativeRestore)}`);
    for (const [i, run] of runs.entries()) {
      const m = measure(nodeCommand(cli, await run.args()), run.env);
      const base = run.restore && nativeRestore ? nativeRestore : native;
      ratios[i]?.push(m.seconds / base.seconds);
      cpuRatios[i]?.push(m.cpuSeconds / base.cpuSeconds);
      rss[i]?.push(m.peakRssMiB);
      loads.push(m.load);
      parts.push(`${run.name} ${show(m)}`);
    }
    for (let t = 0; t < targets; t++) await rm(join(work, `target-${t}`), { recursive: true, force: true });
    console.log(`round ${r}: ${parts.join(' | ')}`);
  }
  console.log(
    `\nsso-backup backup rounds — ${ROWS.toLocaleString('en-US')} zato_sso_attr rows, ${ROUNDS} rounds; ${cpus().length} CPUs; Node ${process.version}; ${new Date().toISOString()}; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  runs.forEach((run, i) => {
    const rs = ratios[i] ?? [];
    const native = run.restore ? 'sqlite3 new.db < dump' : 'sqlite3 .dump';
    console.log(
      `${run.name} vs ${native}: median ${median(rs).toFixed(2)}× (${rs.map((x) => x.toFixed(2)).join(', ')}); by CPU ${median(cpuRatios[i] ?? []).toFixed(2)}×; peak RSS median ${median(rss[i] ?? [])} MiB`,
    );
  });
} finally {
  await rm(work, { recursive: true, force: true });
}
