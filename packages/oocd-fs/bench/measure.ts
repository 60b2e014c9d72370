/** Runs `fn` `rounds` times and returns the median duration in milliseconds. */
export async function medianMs(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
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
