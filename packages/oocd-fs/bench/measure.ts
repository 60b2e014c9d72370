/** Wall and CPU milliseconds (user + system, all threads of this process) one call of `fn` takes. */
export async function timeMs(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { wall, cpu: (u.user + u.system) / 1000 };
}

/** Medians of one side of {@link interleavedMs}. */
export interface Timing {
  raw: number;
  ours: number;
  /** Median of the per-round ratios ours/raw. */
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;

/**
 * Runs `raw` and `ours` alternately `rounds` times (raw first in even rounds, ours first in odd
 * ones, so both see the same machine) and returns, for wall time and for CPU time, the median of
 * each and the median of the per-round ratios ours/raw. On a loaded machine the CPU figures move
 * much less than the wall figures. `beforeOurs` runs untimed before each call of `ours` (e.g. a
 * change that makes the next listing cold).
 */
export async function interleavedMs(
  rounds: number,
  raw: () => Promise<unknown>,
  ours: () => Promise<unknown>,
  beforeOurs: () => Promise<unknown> = async () => undefined,
): Promise<{ wall: Timing; cpu: Timing }> {
  const r: { wall: number; cpu: number }[] = [];
  const o: { wall: number; cpu: number }[] = [];
  const timeOurs = async () => {
    await beforeOurs();
    return timeMs(ours);
  };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      r.push(await timeMs(raw));
      o.push(await timeOurs());
    } else {
      o.push(await timeOurs());
      r.push(await timeMs(raw));
    }
  }
  const side = (k: 'wall' | 'cpu'): Timing => ({
    raw: median(r.map((x) => x[k])),
    ours: median(o.map((x) => x[k])),
    // CPU of a fast call can round to 0: the ratio of the medians then, not of the rounds.
    ratio:
      k === 'cpu' ? median(o.map((x) => x[k])) / median(r.map((x) => x[k])) : median(o.map((x, i) => x[k] / (r[i] as { wall: number })[k])),
  });
  return { wall: side('wall'), cpu: side('cpu') };
}

/** One printed line: name, our figure, the baseline, and the ratio against the target. */
export function report(name: string, ours: string, baseline: string, ratio: number, target: string, ok: boolean): string {
  return `${name.padEnd(26)} ${ours.padStart(14)}  raw ${baseline.padStart(14)}  ratio ${ratio.toFixed(2).padStart(5)}  target ${target} ${ok ? 'met' : 'MISSED'}`;
}
