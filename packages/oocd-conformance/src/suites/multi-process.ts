import type { SuiteContext } from '../context.js';
import { expect } from '../expect.js';
import { runMultiProcessRace } from '../multi-process.js';
import type { ConformanceOptions } from '../options.js';

/** N OS processes race create and take on the same storage: exactly one winner per key. */
export function multiProcessSuite(ctx: SuiteContext, options: ConformanceOptions): void {
  const { describe, test } = ctx.runner;
  const n = options.processes ?? 8;
  describe('multi-process', () => {
    test(`${n} processes race create and take: one winner per key`, async () => {
      if (!options.processConfig) throw new Error('processConfig is required for the multi-process group (or skip it)');
      void ctx.oocd; // the fresh storage this test races on
      const r = await runMultiProcessRace({ config: await options.processConfig(), processes: n, keys: options.raceKeys ?? 40 });
      for (const [key, winners] of r.createWinners) {
        expect({ key, winners: winners.length }).toEqual({ key, winners: 1 });
        expect(r.storedAfterCreate.get(key)).toBe(winners[0]);
      }
      for (const [key, winners] of r.takeWinners) {
        expect({ key, winners: winners.length }).toEqual({ key, winners: 1 });
        expect(r.presentAfterTake.get(key)).toBe(false);
      }
    }, 1_800_000); // three phases of at most 10 min each (see RaceOptions.timeoutMs)
  });
}
