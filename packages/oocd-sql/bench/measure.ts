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

/** The better of two alternating rounds of raw and ours, to even out drift. */
export async function compare(
  rounds: number,
  raw: () => Promise<number>,
  ours: () => Promise<number>,
): Promise<{ raw: number; ours: number }> {
  let r = 0;
  let o = 0;
  for (let i = 0; i < rounds; i++) {
    r = Math.max(r, await raw());
    o = Math.max(o, await ours());
  }
  return { raw: r, ours: o };
}
