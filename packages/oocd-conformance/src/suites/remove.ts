import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';

/** Single and recursive removal. */
export function removeSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('remove', () => {
    const seed = async (base: string, keys: string[]) => {
      for (const k of keys) await ctx.oocd.set(`${base}${k}`, k, HOUR);
    };

    test('remove without recursive leaves the subtree', async () => {
      const base = randomBranch();
      await seed(base, ['/a', '/a/b', '/a/b/c']);
      expect(await ctx.oocd.remove(`${base}/a`)).toBe(1);
      expect((await ctx.oocd.list(base, { recursive: true })).map((e) => e.key)).toEqual([`${base}/a/b`, `${base}/a/b/c`]);
    });

    test('recursive remove takes the entry and its subtree, not prefix siblings', async () => {
      const base = randomBranch();
      await seed(base, ['/a', '/a/b', '/a/b/c', '/a/d', '/ab', '/ab/x', '/a0', '/a-']);
      expect(await ctx.oocd.remove(`${base}/a`, { recursive: true })).toBe(4);
      expect((await ctx.oocd.list(base, { recursive: true })).map((e) => e.key)).toEqual([
        `${base}/a-`,
        `${base}/a0`,
        `${base}/ab`,
        `${base}/ab/x`,
      ]);
    });

    test('recursive remove of a branch without its own entry', async () => {
      const base = randomBranch();
      await seed(base, ['/b/1', '/b/2/3']);
      expect(await ctx.oocd.remove(`${base}/b`, { recursive: true })).toBe(2);
      expect(await ctx.oocd.children(base)).toEqual([]);
      expect(await ctx.oocd.remove(`${base}/b`, { recursive: true })).toBe(0);
    });

    test('a removed key can be created again', async () => {
      const key = `${randomBranch()}/again`;
      await ctx.oocd.set(key, 'v', HOUR);
      await ctx.oocd.remove(key);
      expect(await ctx.oocd.create(key, 'w', HOUR)).toBe(true);
    });
  });
}
