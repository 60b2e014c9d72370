import { type ChildProcess, fork } from 'node:child_process';
import { type OocdConfig, openOocd } from '@authstate/oocd-core';
import { childExecArgv, siblingModule } from './child-process.js';
import type { ParentMessage, WorkerMessage } from './race-protocol.js';

/** Options of {@link runMultiProcessRace}. */
export interface RaceOptions {
  /** The `openOocd` config every process opens (the same storage). */
  config: OocdConfig;
  /** How many OS processes race (default 8). */
  processes?: number;
  /** How many keys each operation races over (default 40). */
  keys?: number;
  /**
   * Give up after this many milliseconds per phase (default 10 min): only a hung worker may reach
   * it, never a slow machine (8 processes loading TypeScript on a loaded 2-core CI machine took
   * over 2 minutes to get ready).
   */
  timeoutMs?: number;
}

/** What each key's race produced: the ids of the processes that won it (exactly one is correct). */
export interface RaceResult {
  /** Per create-raced key: which processes' `create` returned true. */
  createWinners: Map<string, string[]>;
  /** Per create-raced key: the value stored afterwards. */
  storedAfterCreate: Map<string, string | undefined>;
  /** Per take-raced key: which processes got the entry. */
  takeWinners: Map<string, string[]>;
  /** Per take-raced key: whether it still exists afterwards. */
  presentAfterTake: Map<string, boolean>;
}

/**
 * Spawns N OS processes that open the same backend and race `create` over shared keys, then
 * `take` over shared entries. Returns who won what; a correct backend has exactly one winner per
 * key, the stored value is the create winner's id, and taken keys are gone.
 *
 * @example
 * ```ts
 * const r = await runMultiProcessRace({ config: { class: 'fs', dir } });
 * for (const [key, winners] of r.createWinners) expect(winners).toHaveLength(1);
 * ```
 */
export async function runMultiProcessRace(options: RaceOptions): Promise<RaceResult> {
  const n = options.processes ?? 8;
  const keyCount = options.keys ?? 40;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const base = `/race${Math.random().toString(36).slice(2, 10)}`;
  const createKeys = Array.from({ length: keyCount }, (_, i) => `${base}/c/k${i}`);
  const takeKeys = Array.from({ length: keyCount }, (_, i) => `${base}/t/k${i}`);
  const parent = await openOocd({ ...options.config, reaperInterval: 0 });
  const workers = Array.from({ length: n }, () => startWorker());
  try {
    await Promise.all(workers.map((w) => w.request({ type: 'init', config: options.config }, 'ready', timeoutMs)));

    const created = await Promise.all(
      workers.map((w, i) => w.request({ type: 'go', op: 'create', keys: createKeys, id: `p${i}` }, 'result', timeoutMs)),
    );
    const createWinners = tally(createKeys, created);
    const storedAfterCreate = new Map<string, string | undefined>();
    for (const k of createKeys) storedAfterCreate.set(k, (await parent.get(k))?.value);

    for (const k of takeKeys) await parent.set(k, `prize:${k}`, { ttlMs: 600_000 });
    const taken = await Promise.all(
      workers.map((w, i) => w.request({ type: 'go', op: 'take', keys: takeKeys, id: `p${i}` }, 'result', timeoutMs)),
    );
    const takeWinners = new Map<string, string[]>(takeKeys.map((k) => [k, []]));
    taken.forEach((r, i) => {
      for (const [k, v] of Object.entries(r.won)) {
        if (v !== `prize:${k}`) throw new Error(`process p${i} took ${k} with a wrong value ${JSON.stringify(v)}`);
        takeWinners.get(k)?.push(`p${i}`);
      }
    });
    const presentAfterTake = new Map<string, boolean>();
    for (const k of takeKeys) presentAfterTake.set(k, (await parent.get(k)) !== undefined);
    await parent.remove(base, { recursive: true });
    return { createWinners, storedAfterCreate, takeWinners, presentAfterTake };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await parent.close();
  }
}

function tally(keys: string[], results: { won: Record<string, string> }[]): Map<string, string[]> {
  const winners = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const r of results) for (const [k, id] of Object.entries(r.won)) winners.get(k)?.push(id);
  return winners;
}

type Result = Extract<WorkerMessage, { type: 'result' }>;

function startWorker() {
  const child: ChildProcess = fork(siblingModule('race-worker'), [], {
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    request(m: ParentMessage, want: 'ready' | 'result', timeoutMs: number): Promise<Result> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`race worker ${child.pid} did not answer ${m.type} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onMessage = (r: WorkerMessage) => {
          if (r.type !== want && r.type !== 'error') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          if (r.type === 'error') reject(new Error(`race worker ${child.pid}: ${r.message}`));
          else resolve(r as Result);
        };
        child.on('message', onMessage);
        child.once('exit', (code) => reject(new Error(`race worker ${child.pid} exited (${code}) during ${m.type}`)));
        child.send(m);
      });
    },
    async stop() {
      if (exited) return;
      if (child.connected) child.send({ type: 'exit' } satisfies ParentMessage);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(t);
    },
  };
}
