import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';

const TRICKY: Record<string, string> = {
  plain: 'value',
  empty: '',
  'with space': 'a b',
  'eq=uals': 'x=y',
  'co:lon': 'x:y',
  '#hash': '!bang',
  'new\nline': 'line1\nline2\r\n',
  'back\\slash': '\\u0041',
  unicodé: 'Grüße 😀',
  expiresAt: 'not the real expiry',
};

/** Metadata round-trips exactly and travels with the value. */
export function metadataSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('metadata', () => {
    test('tricky keys and values round-trip through get, list and take', async () => {
      const key = `${randomBranch()}/m`;
      const expiresAt = new Date(Date.now() + 3_600_000);
      await ctx.oocd.set(key, 'v', { expiresAt, metadata: TRICKY });
      expect((await ctx.oocd.get(key))?.metadata).toEqual(TRICKY);
      expect((await ctx.oocd.get(key))?.expiresAt).toEqual(expiresAt);
      expect((await ctx.oocd.list(key.slice(0, key.lastIndexOf('/'))))[0]?.metadata).toEqual(TRICKY);
      expect((await ctx.oocd.take(key))?.metadata).toEqual(TRICKY);
    });

    test('create stores metadata; a losing create does not change it', async () => {
      const key = `${randomBranch()}/m`;
      await ctx.oocd.create(key, 'v', { ...HOUR, metadata: { who: 'first' } });
      await ctx.oocd.create(key, 'w', { ...HOUR, metadata: { who: 'second' } });
      expect(await ctx.oocd.get(key)).toMatchObject({ value: 'v', metadata: { who: 'first' } });
    });

    test('invalid metadata is refused with INVALID_ARGUMENT', async () => {
      const key = `${randomBranch()}/m`;
      const bad = [{ '': 'x' }, { a: 1 as unknown as string }, { a: 'x\u0000' }, ['x'] as unknown as Record<string, string>];
      for (const metadata of bad) {
        await expect(ctx.oocd.set(key, 'v', { ...HOUR, metadata })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      expect(await ctx.oocd.get(key)).toBeUndefined();
    });

    test('returned metadata cannot be used to change the stored entry', async () => {
      const key = `${randomBranch()}/m`;
      const metadata = { a: '1' };
      await ctx.oocd.set(key, 'v', { ...HOUR, metadata });
      metadata.a = 'changed';
      const got = await ctx.oocd.get(key);
      expect(got?.metadata).toEqual({ a: '1' });
      try {
        (got?.metadata as Record<string, string>).a = 'x';
      } catch {
        // frozen: fine
      }
      expect((await ctx.oocd.get(key))?.metadata).toEqual({ a: '1' });
    });
  });
}
