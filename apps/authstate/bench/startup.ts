// Start-up time of the built CLI beside `node -e 0`, measured in the same run: each command runs
// as a fresh process, round-robin (so all see the same machine), ROUNDS times; medians of wall
// time, and CPU time (user + sys of the children, from /proc/self/stat, 10 ms ticks summed over
// all rounds). Usage: pnpm bench:startup (builds first; BENCH_STARTUP_ROUNDS, default 30;
// BENCH_STARTUP_BEFORE=<another checkout's bin/authstate.js> adds its rows, for before/after).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 30);
const TICK_MS = 10; // USER_HZ = 100 on Linux
const BIN = join(dirname(fileURLToPath(import.meta.url)), '../bin/authstate.js');

/** User + system CPU of all waited-for children so far, in ms (fields 16 and 17 of /proc/self/stat). */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

const dir = await mkdtemp(join(tmpdir(), 'authstate-startup-'));
try {
  const cli = (label: string, bin: string, data: string): [string, string[], number][] => [
    [`${label}authstate --help`, [bin, '--help'], 0],
    [
      `${label}authstate oocd put K --backend fs`,
      [bin, 'oocd', 'put', '/bench/k', 'v', '--ttl', '1h', '--backend', 'fs', '--dir', data],
      0,
    ],
    [`${label}authstate oocd get K --backend fs`, [bin, 'oocd', 'get', '/bench/k', '--backend', 'fs', '--dir', data], 0],
  ];
  const before = process.env.BENCH_STARTUP_BEFORE;
  const commands: [string, string[], number][] = [
    ['node -e 0', ['-e', '0'], 0],
    ...cli('', BIN, join(dir, 'oocd')),
    ...(before ? cli('before: ', before, join(dir, 'oocd-before')) : []),
  ];

  const wall = commands.map(() => [] as number[]);
  const cpu = commands.map(() => 0);
  const load = loadavg()[0] as number;
  for (let round = -1; round < ROUNDS; round++) {
    for (const [i, [name, args, expected]] of commands.entries()) {
      const c0 = childCpuMs();
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
      const ms = performance.now() - t;
      if (r.status !== expected) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      if (round < 0) continue; // warm-up round: file cache, the fs data directory
      wall[i]?.push(ms);
      cpu[i] = (cpu[i] as number) + childCpuMs() - c0;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const baseWall = median(wall[0] as number[]);
  const baseCpu = (cpu[0] as number) / ROUNDS;
  console.log(`CLI start-up — ${new Date().toISOString()} — nproc ${cpus().length}, ${cpus()[0]?.model}, Node ${process.version}`);
  if (before) console.log(`before: ${before}`);
  console.log(`${ROUNDS} rounds; load average ${load.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end\n`);
  console.log('| command | wall ms (median) | vs node -e 0 | CPU ms (mean) | vs node -e 0 | target |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const [i, [name]] of commands.entries()) {
    const w = median(wall[i] as number[]);
    const c = (cpu[i] as number) / ROUNDS;
    const target =
      name === 'authstate --help' || name.startsWith('authstate oocd get') ? (w / baseWall <= 2 ? '≤ 2× met' : '≤ 2× MISSED') : '';
    console.log(`| ${name} | ${w.toFixed(0)} | ${(w / baseWall).toFixed(2)} | ${c.toFixed(0)} | ${(c / baseCpu).toFixed(2)} | ${target} |`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
