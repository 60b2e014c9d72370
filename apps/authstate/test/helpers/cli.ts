import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as JestGlobals from '@jest/globals';

/** The app directory. */
export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * How to start `authstate`: the built CLI, as installed (`node bin/authstate.js`, ~0.2 s), or with
 * AUTHSTATE_TEST_CLI_FROM_SOURCE=1 the sources through tsx (~0.7 s a process, no build needed).
 */
function cliCommand(): string[] {
  if (process.env.AUTHSTATE_TEST_CLI_FROM_SOURCE !== '1') return [join(APP_DIR, 'bin/authstate.js')];
  const tsx = join(dirname(createRequire(join(APP_DIR, 'package.json')).resolve('tsx/package.json')), 'dist/loader.mjs');
  return ['--conditions=source', '--import', pathToFileURL(tsx).href, join(APP_DIR, 'src/bin.ts')];
}
const CLI = cliCommand();

/** The argv that starts `authstate` (node and its arguments), for wrappers such as `script`. */
export const CLI_ARGV: readonly string[] = [process.execPath, ...CLI];

/** What a CLI run produced. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Environment for the child: the parent's, minus anything that would pick a config for it. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AUTHSTATE_OOCD_CONFIG;
  delete env.AUTHSTATE_TOKEN;
  delete env.AUTHSTATE_PASSPHRASE;
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
  return { ...env, ...extra };
}

/** Spawns `authstate ARGS` (a real OS process). */
export function spawnCli(args: string[], opts: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [...CLI, ...args], {
    cwd: opts.cwd ?? APP_DIR,
    env: childEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `authstate ARGS` to completion and collects exit code, stdout and stderr. */
export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnCli(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    // An upper bound for a hung command (a slow, shared machine must never reach it).
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin?.end(opts.input ?? '');
  });
}

/** A `serve` process under test. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** stderr so far. */
  stderr(): string;
  /** Resolves to the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `authstate oocd serve ARGS --port 0` and waits for its "listening on URL" line. */
export function startServe(args: string[], opts: RunOptions = {}): Promise<ServeProcess> {
  const child = spawnCli(['oocd', 'serve', '--port', '0', ...args], opts);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${stderr}`));
    }, 300_000);
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1] as string,
          child,
          exited,
          stderr: () => stderr,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
  });
}

/** A fresh temporary directory and its removal. */
export async function tempDir(prefix = 'authstate-cli-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temporary directory for the enclosing file or describe block: created in its beforeAll,
 * removed in its afterAll. Read `.dir` inside hooks and tests.
 */
export function useTempDir(prefix?: string): { readonly dir: string } {
  // jest's injected globals rather than an import of @jest/globals, which throws outside jest: the
  // benches (bench/serve-load.ts) use this file's process helpers.
  const { afterAll, beforeAll } = globalThis as unknown as typeof JestGlobals;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  beforeAll(async () => {
    tmp = await tempDir(prefix);
  });
  afterAll(async () => tmp?.cleanup());
  return {
    get dir() {
      if (!tmp) throw new Error('useTempDir: .dir is available inside hooks and tests only');
      return tmp.dir;
    },
  };
}
