import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';
import { eachRow } from '../runner.js';

/** get/set/create/take/remove on single entries. */
export function basicSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  // Cross-instance tests are registered as skipped (not silently passed) without openSibling.
  const siblingTest = ctx.canOpenSibling ? test : test.skip;
  describe('basic', () => {
    test('set then get returns value, expiry (ms precision) and empty metadata', async () => {
      const key = `${randomBranch()}/a`;
      const expiresAt = new Date(Date.now() + 3_600_123);
      await ctx.oocd.set(key, 'v1', { expiresAt });
      const e = await ctx.oocd.get(key);
      expect(e).toEqual({ key, value: 'v1', expiresAt, metadata: {} });
    });

    test('get of an absent key is undefined', async () => {
      expect(await ctx.oocd.get(`${randomBranch()}/nothing`)).toBeUndefined();
    });

    test('set replaces value, expiry and metadata', async () => {
      const key = `${randomBranch()}/a`;
      await ctx.oocd.set(key, 'old', { ttlMs: 60_000, metadata: { a: '1', b: '2' } });
      const expiresAt = new Date(Date.now() + 7_200_000);
      await ctx.oocd.set(key, 'new', { expiresAt, metadata: { c: '3' } });
      expect(await ctx.oocd.get(key)).toEqual({ key, value: 'new', expiresAt, metadata: { c: '3' } });
    });

    test('ttlMs is relative to now', async () => {
      const key = `${randomBranch()}/a`;
      const before = Date.now();
      await ctx.oocd.set(key, 'v', { ttlMs: 60_000 });
      const e = await ctx.oocd.get(key);
      expect(e?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
      expect(e?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    test('create is true once, then false, and keeps the first value', async () => {
      const key = `${randomBranch()}/a`;
      expect(await ctx.oocd.create(key, 'first', HOUR)).toBe(true);
      expect(await ctx.oocd.create(key, 'second', HOUR)).toBe(false);
      expect((await ctx.oocd.get(key))?.value).toBe('first');
    });

    test('take returns the entry once and removes it', async () => {
      const key = `${randomBranch()}/a`;
      await ctx.oocd.set(key, 'code', { ...HOUR, metadata: { client: 'x' } });
      const taken = await ctx.oocd.take(key);
      expect(taken?.value).toBe('code');
      expect(taken?.metadata).toEqual({ client: 'x' });
      expect(await ctx.oocd.take(key)).toBeUndefined();
      expect(await ctx.oocd.get(key)).toBeUndefined();
    });

    test('remove returns 1 for an entry and 0 when absent', async () => {
      const key = `${randomBranch()}/a`;
      await ctx.oocd.set(key, 'v', HOUR);
      expect(await ctx.oocd.remove(key)).toBe(1);
      expect(await ctx.oocd.get(key)).toBeUndefined();
      expect(await ctx.oocd.remove(key)).toBe(0);
    });

    eachRow(
      ctx.runner,
      [
        ['empty', ''],
        ['unicode', 'Grüße 日本 😀'],
        ['newlines and properties syntax', 'a=b\nc: d\r\n#not a comment\\'],
        ['1 MiB', 'x'.repeat(1024 * 1024)],
      ],
      'values round-trip exactly: %s',
      async (_name, value) => {
        const key = `${randomBranch()}/v`;
        await ctx.oocd.set(key, value, HOUR);
        expect((await ctx.oocd.get(key))?.value).toBe(value);
      },
    );

    test('values with NUL are refused with INVALID_ARGUMENT', async () => {
      await expect(ctx.oocd.set(`${randomBranch()}/v`, 'a\u0000b', HOUR)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    siblingTest('an entry set by one instance is seen by another on the same storage', async () => {
      const other = (await ctx.sibling())!;
      const key = `${randomBranch()}/shared`;
      await ctx.oocd.set(key, 'v', HOUR);
      expect((await other.get(key))?.value).toBe('v');
      expect(await other.create(key, 'w', HOUR)).toBe(false);
      expect((await other.take(key))?.value).toBe('v');
      expect(await ctx.oocd.get(key)).toBeUndefined();
    });

    test('calls after close fail with CLOSED; close twice is fine', async () => {
      const o = ctx.oocd;
      await o.close();
      await o.close();
      await expect(o.get('/a')).rejects.toMatchObject({ code: 'CLOSED' });
      await expect(o.set('/a', 'v', HOUR)).rejects.toMatchObject({ code: 'CLOSED' });
    });
  });
}
