import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';

/** Branch listing: direct, recursive, children, and prefix traps. */
export function listingSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('listing', () => {
    const seed = async (base: string, keys: string[]) => {
      for (const k of keys) await ctx.oocd.set(`${base}${k}`, k, { ...HOUR, metadata: { k } });
    };

    test('list returns direct entries only; recursive returns the subtree; neither the branch itself nor prefix siblings', async () => {
      const base = randomBranch();
      await seed(base, ['/a', '/a/b', '/a/c', '/a/b/d', '/a/b/d/e', '/ab', '/ab/x', '/a0', '/a0/y', '/a-', '/a.', '/a/b0']);
      expect((await ctx.oocd.list(`${base}/a`)).map((e) => e.key)).toEqual([`${base}/a/b`, `${base}/a/b0`, `${base}/a/c`]);
      expect((await ctx.oocd.list(`${base}/a`, { recursive: true })).map((e) => e.key)).toEqual([
        `${base}/a/b`,
        `${base}/a/b/d`,
        `${base}/a/b/d/e`,
        `${base}/a/b0`,
        `${base}/a/c`,
      ]);
      expect((await ctx.oocd.list(`${base}/a/b`)).map((e) => e.key)).toEqual([`${base}/a/b/d`]);
    });

    test('entries carry value, expiry and metadata', async () => {
      const base = randomBranch();
      const expiresAt = new Date(Date.now() + 5_000_000);
      await ctx.oocd.set(`${base}/x`, 'vx', { expiresAt, metadata: { m: '1' } });
      expect(await ctx.oocd.list(base)).toEqual([{ key: `${base}/x`, value: 'vx', expiresAt, metadata: { m: '1' } }]);
    });

    test('a trailing slash on a branch is the same branch', async () => {
      const base = randomBranch();
      await seed(base, ['/a/b']);
      expect((await ctx.oocd.list(`${base}/a/`)).map((e) => e.key)).toEqual([`${base}/a/b`]);
      expect(await ctx.oocd.children(`${base}/a/`)).toEqual(['b']);
    });

    test('wildcard characters in branch names are literal', async () => {
      const base = randomBranch();
      await seed(base, ['/a_c/1', '/abc/2', '/a%/3', '/a%x/4', '/A_C/5']);
      expect((await ctx.oocd.list(`${base}/a_c`)).map((e) => e.key)).toEqual([`${base}/a_c/1`]);
      expect((await ctx.oocd.list(`${base}/a%`)).map((e) => e.key)).toEqual([`${base}/a%/3`]);
    });

    test('results are sorted by UTF-8 bytes', async () => {
      const base = randomBranch();
      const names = ['b', 'B', 'a', '😀', '\uff21', 'é', 'aa', 'a b', '_', '%', '~'];
      await seed(
        base,
        names.map((n) => `/${n}`),
      );
      const expected = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect((await ctx.oocd.list(base)).map((e) => e.value.slice(1))).toEqual(expected);
      expect(await ctx.oocd.children(base)).toEqual(expected);
    });

    test('an absent branch lists as empty', async () => {
      const base = randomBranch();
      expect(await ctx.oocd.list(base)).toEqual([]);
      expect(await ctx.oocd.list(base, { recursive: true })).toEqual([]);
      expect(await ctx.oocd.children(base)).toEqual([]);
    });

    test('children lists entries and sub-branches once each, including branches without an entry of their own', async () => {
      const base = randomBranch();
      await seed(base, ['/x', '/x/1', '/y/2/3', '/z', '/w/v/u/t']);
      expect(await ctx.oocd.children(base)).toEqual(['w', 'x', 'y', 'z']);
      expect(await ctx.oocd.children(`${base}/y`)).toEqual(['2']);
    });

    test('the root branch lists top-level names', async () => {
      const base = randomBranch();
      await seed(base, ['/k']);
      expect(await ctx.oocd.children('/')).toContain(base.slice(1));
      expect((await ctx.oocd.list('/', { recursive: true })).map((e) => e.key)).toContain(`${base}/k`);
    });

    test('expired entries are not listed', async () => {
      const base = randomBranch();
      await ctx.oocd.set(`${base}/live`, 'l', HOUR);
      await ctx.oocd.set(`${base}/dead`, 'd', { expiresAt: new Date(Date.now() - 1000) });
      await ctx.oocd.set(`${base}/sub/dead`, 'd', { expiresAt: new Date(Date.now() - 1000) });
      expect((await ctx.oocd.list(base)).map((e) => e.key)).toEqual([`${base}/live`]);
      expect((await ctx.oocd.list(base, { recursive: true })).map((e) => e.key)).toEqual([`${base}/live`]);
      expect(await ctx.oocd.children(base)).not.toContain('dead');
    });
  });
}
