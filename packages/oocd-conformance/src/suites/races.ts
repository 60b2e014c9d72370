import type { OutOfContextDataService } from '@authstate/oocd-core';
import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';

/** Atomicity inside one process: concurrent calls on one instance and across instances. */
export function racesSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('races', () => {
    const services = async (): Promise<OutOfContextDataService[]> => {
      const other = await ctx.sibling();
      return other ? [ctx.oocd, other] : [ctx.oocd];
    };

    test('50 concurrent creates of one key: exactly one wins and its value is stored', async () => {
      const key = `${randomBranch()}/race`;
      const all = await services();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => all[i % all.length]!.create(key, `w${i}`, HOUR)));
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect((await ctx.oocd.get(key))?.value).toBe(`w${winners[0]}`);
    });

    test('50 concurrent takes of one entry: exactly one gets it', async () => {
      const key = `${randomBranch()}/take`;
      await ctx.oocd.set(key, 'prize', HOUR);
      const all = await services();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => all[i % all.length]!.take(key)));
      expect(results.filter((r) => r?.value === 'prize')).toHaveLength(1);
      expect(results.filter((r) => r === undefined)).toHaveLength(49);
    });

    test("concurrent sets and gets never mix one write's value with another's metadata", async () => {
      const key = `${randomBranch()}/mix`;
      const all = await services();
      await ctx.oocd.set(key, 'v-init', { ...HOUR, metadata: { v: 'v-init' } });
      const ops: Promise<unknown>[] = [];
      const seen: { value: string; meta: string | undefined }[] = [];
      for (let i = 0; i < 40; i++) {
        const s = all[i % all.length]!;
        ops.push(s.set(key, `v${i}`, { ...HOUR, metadata: { v: `v${i}` } }));
        ops.push(s.get(key).then((e) => e && seen.push({ value: e.value, meta: e.metadata.v })));
      }
      await Promise.all(ops);
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) expect(s.meta).toBe(s.value);
    });

    test('creates of 100 distinct keys in parallel all succeed', async () => {
      const base = randomBranch();
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => ctx.oocd.create(`${base}/k${i}`, 'v', HOUR)));
      expect(results.every(Boolean)).toBe(true);
      expect(await ctx.oocd.list(base)).toHaveLength(100);
    });
  });
}
