import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';

/** The reaper deletes exactly the expired entries. */
export function reapSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('reap', () => {
    test('reap deletes the expired entries, counts them, and leaves live ones', async () => {
      const base = randomBranch();
      const past = { expiresAt: new Date(Date.now() - 1000) };
      await ctx.oocd.set(`${base}/dead1`, 'd', past);
      await ctx.oocd.set(`${base}/deep/dead2`, 'd', past);
      await ctx.oocd.set(`${base}/deep/er/dead3`, 'd', past);
      await ctx.oocd.set(`${base}/live`, 'l', HOUR);
      await ctx.oocd.set(`${base}/deep/live`, 'l', HOUR);
      expect(await ctx.oocd.reap()).toBe(3);
      expect(await ctx.oocd.reap()).toBe(0);
      expect((await ctx.oocd.list(base, { recursive: true })).map((e) => e.key)).toEqual([`${base}/deep/live`, `${base}/live`]);
    });

    test('reap(now) judges expiry by the given instant', async () => {
      const base = randomBranch();
      await ctx.oocd.set(`${base}/soon`, 's', { ttlMs: 60_000 });
      await ctx.oocd.set(`${base}/later`, 'l', { ttlMs: 600_000 });
      expect(await ctx.oocd.reap(new Date(Date.now() + 120_000))).toBe(1);
      expect((await ctx.oocd.list(base)).map((e) => e.key)).toEqual([`${base}/later`]);
    });

    test('a reaped key can be created again', async () => {
      const key = `${randomBranch()}/r`;
      await ctx.oocd.set(key, 'old', { expiresAt: new Date(Date.now() - 1) });
      await ctx.oocd.reap();
      expect(await ctx.oocd.create(key, 'new', HOUR)).toBe(true);
      expect((await ctx.oocd.get(key))?.value).toBe('new');
    });
  });
}
