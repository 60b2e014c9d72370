import { type ChildProcess, spawn } from 'node:child_process';
import { childExecArgv } from '@authstate/oocd-conformance';

/** A Node process running one of `test/fixtures/*.ts`, its stdout split into lines. */
export interface Child {
  process: ChildProcess;
  /** Every line printed so far. */
  lines: string[];
  /** Resolves with the first printed line matching `pattern` (rejects on exit or after `timeoutMs`). */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Starts `test/fixtures/<name>.ts` with `args`, the environment plus `env`. */
export function startChild(name: string, args: string[] = [], env: Record<string, string> = {}): Child {
  const file = new URL(`./fixtures/${name}.ts`, import.meta.url).pathname;
  const proc = spawn(process.execPath, [...childExecArgv(), file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  let rest = '';
  const waiters = new Set<() => void>();
  proc.stdout?.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters) w();
  });
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const line = (pattern: RegExp, timeoutMs = 300_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${name} printed no line matching ${pattern} in ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const hit = lines.find((l) => pattern.test(l));
        if (hit !== undefined) done(undefined, hit);
      };
      const done = (e?: Error, hit?: string) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (e) reject(e);
        else resolve(hit as string);
      };
      waiters.add(check);
      void exited.then(() => {
        check();
        done(new Error(`${name} exited before printing a line matching ${pattern}: ${lines.join(' | ')}`));
      });
      check();
    });
  return { process: proc, lines, line, exited };
}

/** Kills a child with SIGKILL (as a crash would) and waits for it to be gone. */
export async function killHard(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}
