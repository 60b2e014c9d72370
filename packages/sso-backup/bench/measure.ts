import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Wall time and peak RSS of one command (GNU time), run through `sh -c` so it can redirect. */
export interface Measured {
  seconds: number;
  /** User + system CPU seconds of the command and its children (less sensitive to a busy machine than wall time). */
  cpuSeconds: number;
  peakRssMiB: number;
  /** 1-minute load average just before the run (the machine is shared). */
  load: number;
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** Runs `script` under `/usr/bin/time`; extra environment (e.g. PGPASSWORD) via `env`, never argv. */
export function measure(script: string, env: NodeJS.ProcessEnv = {}): Measured {
  waitForQuiet();
  const load = loadAverage();
  const out = join(tmpdir(), `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  execFileSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, 'sh', '-c', script], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  const [secs, user, sys, kb] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-4);
  rmSync(out, { force: true });
  return { seconds: Number(secs), cpuSeconds: Number(user) + Number(sys), peakRssMiB: Math.round(Number(kb) / 1024), load };
}

/** `node <file> args…` as a shell command (bench/cli.mjs runs the built package). */
export function nodeCommand(file: string, args: string[]): string {
  return [process.execPath, file, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
}

/** Waits (up to BENCH_WAIT_S seconds, default 60) for the 1-minute load to drop below BENCH_MAX_LOAD (default 2). */
export function waitForQuiet(): void {
  const max = Number(process.env.BENCH_MAX_LOAD ?? 2);
  const until = Date.now() + Number(process.env.BENCH_WAIT_S ?? 60) * 1000;
  while (loadAverage() >= max && Date.now() < until) execFileSync('sleep', ['5']);
}
