import { spawn } from 'node:child_process';
import { CLI_ARGV, childEnv } from './cli.js';

/** What a run on a terminal produced: stdout and stderr as the terminal showed them, interleaved. */
export interface TerminalResult {
  /** The CLI's exit code; null when the run was stopped. */
  code: number | null;
  output: string;
  /** The `stopAt` text appeared and the run was ended there. */
  stopped: boolean;
}

/** Options of {@link runOnTerminal}. */
export interface TerminalOptions {
  /** Type `text` and Enter once the output matches `when` (e.g. a prompt). */
  answer?: { when: RegExp; text: string };
  /** End the run as soon as the output matches this (e.g. a prompt that must not appear). */
  stopAt?: RegExp;
  env?: NodeJS.ProcessEnv;
  /** A bound for a run that hangs (default 120 s); nothing waits for it otherwise. */
  timeoutMs?: number;
}

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `authstate ARGS` on a pseudo-terminal through util-linux `script` (stdin, stdout and stderr
 * are a TTY, as for a person at a shell), so prompts that only a terminal gets can be observed.
 */
export function runOnTerminal(args: string[], opts: TerminalOptions = {}): Promise<TerminalResult> {
  const command = [...CLI_ARGV, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: childEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let stopped = false;
  let answered = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    const seen = (d: string) => {
      output += d;
      if (opts.stopAt?.test(output) && !stopped) {
        stopped = true;
        child.kill('SIGTERM');
      }
      if (opts.answer && !answered && opts.answer.when.test(output)) {
        answered = true;
        child.stdin.write(`${opts.answer.text}\r`);
      }
    };
    child.stdout.setEncoding('utf8').on('data', seen);
    child.stderr.setEncoding('utf8').on('data', seen);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: stopped ? null : code, output, stopped });
    });
  });
}
