import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Wall time and peak RSS of one command (GNU time), run through `sh -c` so it can redirect. */
export interface Measured {
  seconds: number;
  peakRssMiB: number;
}

/** Runs `script` under `/usr/bin/time`; extra environment (e.g. PGPASSWORD) via `env`, never argv. */
export function measure(script: string, env: NodeJS.ProcessEnv = {}): Measured {
  const out = join(tmpdir(), `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', out, 'sh', '-c', script], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  const [secs, kb] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2);
  rmSync(out, { force: true });
  return { seconds: Number(secs), peakRssMiB: Math.round(Number(kb) / 1024) };
}

/** `node --conditions=source --import tsx <file> args…` as a shell command (the package's sources). */
export function tsxCommand(file: string, args: string[]): string {
  return [process.execPath, '--conditions=source', '--import', 'tsx', file, ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
}
