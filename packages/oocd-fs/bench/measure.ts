/** Milliseconds one call of `fn` takes. */
async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;

/**
 * Runs `raw` and `ours` alternately `rounds` times (raw first in even rounds, ours first in odd
 * ones, so both see the same machine) and returns the median time of each and the median of the
 * per-round ratios ours/raw.
 */
export async function interleavedMs(
  rounds: number,
  raw: () => Promise<unknown>,
  ours: () => Promise<unknown>,
): Promise<{ raw: number; ours: number; ratio: number }> {
  const r: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      r.push(await timeMs(raw));
      o.push(await timeMs(ours));
    } else {
      o.push(await timeMs(ours));
      r.push(await timeMs(raw));
    }
  }
  return { raw: median(r), ours: median(o), ratio: median(o.map((x, i) => x / (r[i] as number))) };
}

/** Operations per second of `count` sequential calls of `op(i)`. */
export async function opsPerSec(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < count; i++) await op(i);
  return (count / (performance.now() - t)) * 1000;
}

/** One printed line: name, our figure, the baseline, and the ratio against the target. */
export function report(name: string, ours: string, baseline: string, ratio: number, target: string, ok: boolean): string {
  return `${name.padEnd(26)} ${ours.padStart(14)}  raw ${baseline.padStart(14)}  ratio ${ratio.toFixed(2).padStart(5)}  target ${target} ${ok ? 'met' : 'MISSED'}`;
}
