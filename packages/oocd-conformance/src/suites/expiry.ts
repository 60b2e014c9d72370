import { HOUR, randomBranch, type SuiteContext, sleep } from '../context.js';
import { expect } from '../expect.js';
import { eachRow } from '../runner.js';

/** Expired entries are invisible at once, reaper or not. */
export function expirySuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('expiry', () => {
    test('an entry whose expiry is in the past is invisible to get, take, list and children', async () => {
      const base = randomBranch();
      await ctx.oocd.set(`${base}/old`, 'v', { expiresAt: new Date(Date.now() - 1) });
      expect(await ctx.oocd.get(`${base}/old`)).toBeUndefined();
      expect(await ctx.oocd.take(`${base}/old`)).toBeUndefined();
      expect(await ctx.oocd.list(base)).toEqual([]);
      expect(await ctx.oocd.children(base)).toEqual([]);
    });

    test('a negative ttl is refused (an instant in the past is the way to store an expired entry)', async () => {
      const key = `${randomBranch()}/neg`;
      await expect(ctx.oocd.set(key, 'v', { ttlMs: -5000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await ctx.oocd.get(key)).toBeUndefined();
    });

    test('a short-lived entry is visible, then invisible once its instant passes', async () => {
      const key = `${randomBranch()}/short`;
      // A loaded machine may take longer than the lifetime between set and get: such a get proves
      // nothing either way, so the entry is stored again with a lifetime four times as long (a get
      // that misses it before its instant fails).
      let expiresAt = new Date(Date.now() + 1500);
      for (let lifeMs = 1500; ; lifeMs *= 4) {
        expiresAt = new Date(Date.now() + lifeMs);
        await ctx.oocd.set(key, 'v', { expiresAt });
        const seen = await ctx.oocd.get(key);
        if (seen === undefined && Date.now() >= expiresAt.getTime() && lifeMs < 1500 * 4 ** 3) continue;
        expect(seen?.value).toBe('v');
        break;
      }
      // Then past its instant (timers may fire a millisecond early: the clock decides).
      while (Date.now() <= expiresAt.getTime()) await sleep(expiresAt.getTime() - Date.now() + 1);
      expect(await ctx.oocd.get(key)).toBeUndefined();
      expect(await ctx.oocd.list(key.slice(0, key.lastIndexOf('/')))).toEqual([]);
    });

    test('create over an expired entry succeeds and replaces it', async () => {
      const key = `${randomBranch()}/c`;
      await ctx.oocd.set(key, 'stale', { expiresAt: new Date(Date.now() - 10), metadata: { old: 'y' } });
      expect(await ctx.oocd.create(key, 'fresh', HOUR)).toBe(true);
      expect(await ctx.oocd.get(key)).toMatchObject({ value: 'fresh', metadata: {} });
    });

    eachRow(
      ctx.runner,
      [
        ['after 2038', new Date(Date.UTC(2040, 0, 19, 3, 14, 8, 1))],
        ['in 2100', new Date(Date.UTC(2100, 5, 30, 23, 59, 59, 999))],
        ['in year 9999', new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 0))],
      ],
      'expiry %s keeps millisecond precision',
      async (_n, expiresAt) => {
        const key = `${randomBranch()}/far`;
        await ctx.oocd.set(key, 'v', { expiresAt });
        expect((await ctx.oocd.get(key))?.expiresAt.toISOString()).toBe(expiresAt.toISOString());
      },
    );

    test('invalid expiries are refused with INVALID_ARGUMENT', async () => {
      const key = `${randomBranch()}/bad`;
      const bad = [
        {},
        { ttlMs: Number.NaN },
        { ttlMs: Number.POSITIVE_INFINITY },
        { ttlMs: 1e300 },
        { expiresAt: new Date('nope') },
        { expiresAt: new Date(Date.UTC(10000, 0, 1)) },
        { ttlMs: '5' as unknown as number },
      ];
      for (const opts of bad) {
        await expect(ctx.oocd.set(key, 'v', opts as { ttlMs: number })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
    });
  });
}
