import type { OutOfContextDataService } from '@authstate/oocd-core';

/** One finished request of the load. */
export interface LoadEvent {
  op: 'set' | 'create';
  key: string;
  value: string;
  start: number;
  end: number;
  error?: unknown;
}

/**
 * Writers running `set` (idempotent, retried by the fail-over layer) and `create` (not retried)
 * on fresh keys, back to back, until stopped. Every request is recorded with its start and end
 * time, so the caller can tell which writes were acknowledged and how long the longest gap
 * between two acknowledgements was.
 */
export function startWriterLoad(oocd: OutOfContextDataService, opts: { setters: number; creators: number; prefix: string }) {
  const events: LoadEvent[] = [];
  let running = true;
  const loop = async (op: 'set' | 'create', id: number) => {
    for (let seq = 0; running; seq++) {
      const key = `${opts.prefix}/${op}${id}/${seq}`;
      const value = `v-${id}-${seq}`;
      const start = performance.now();
      try {
        if (op === 'set') await oocd.set(key, value, { ttlMs: 3_600_000 });
        else if (!(await oocd.create(key, value, { ttlMs: 3_600_000 }))) throw new Error(`create of fresh key ${key} returned false`);
        events.push({ op, key, value, start, end: performance.now() });
      } catch (error) {
        events.push({ op, key, value, start, end: performance.now(), error });
        // Back off a little so a dead cluster does not spin.
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const loops = [
    ...Array.from({ length: opts.setters }, (_, i) => loop('set', i)),
    ...Array.from({ length: opts.creators }, (_, i) => loop('create', i)),
  ];
  return {
    events,
    /** Acknowledged writes since `t` (performance.now() time). */
    ackedSince: (t: number) => events.filter((e) => !e.error && e.end >= t).length,
    async stop(): Promise<LoadEvent[]> {
      running = false;
      await Promise.all(loops);
      return events;
    },
  };
}

/**
 * The longest time in `[from, to]` during which no request was acknowledged: a figure for the
 * fail-over bench (bench/failover.ts), never a test assertion (it depends on the machine's speed).
 */
export function longestStall(events: LoadEvent[], from: number, to: number): number {
  const acks = events
    .filter((e) => !e.error && e.end >= from && e.end <= to)
    .map((e) => e.end)
    .sort((a, b) => a - b);
  let prev = from;
  let worst = 0;
  for (const t of [...acks, to]) {
    worst = Math.max(worst, t - prev);
    prev = t;
  }
  return worst;
}
