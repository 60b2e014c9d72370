/** Runs `op` in `clients` concurrent loops for `ms` milliseconds; returns operations per second. */
export async function opsPerSecond(
  clients: number,
  ms: number,
  op: (client: number, i: number) => Promise<unknown> | unknown,
): Promise<number> {
  const end = performance.now() + ms;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; performance.now() < end; i++) {
        await op(c, i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** What {@link compare} found. */
export interface Comparison {
  /** Median ops/s of each side over the rounds. */
  raw: number;
  ours: number;
  /** Median of the per-round ratios ours/raw (each round measures both sides back to back). */
  ratio: number;
  /** Lowest and highest per-round ratio: how much the machine moved under the measurement. */
  minRatio: number;
  maxRatio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * `rounds` rounds of raw and ours back to back, the order swapped every round (raw first, then
 * ours first, …) so that drift of a busy machine hits both sides alike; one unmeasured window of
 * each first (JIT, connections, caches). Reports medians, and the median of the per-round ratios.
 */
export async function compare(rounds: number, raw: () => Promise<number>, ours: () => Promise<number>): Promise<Comparison> {
  await raw();
  await ours();
  const r: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      r.push(await raw());
      o.push(await ours());
    } else {
      o.push(await ours());
      r.push(await raw());
    }
  }
  const ratios = o.map((x, i) => x / (r[i] as number));
  return { raw: median(r), ours: median(o), ratio: median(ratios), minRatio: Math.min(...ratios), maxRatio: Math.max(...ratios) };
}
