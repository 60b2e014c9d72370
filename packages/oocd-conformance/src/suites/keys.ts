import { HOUR, randomBranch, type SuiteContext } from '../context.js';
import { expect } from '../expect.js';
import { eachRow } from '../runner.js';

const INVALID = [
  ['relative', 'a/b'],
  ['empty', ''],
  ['root as key', '/'],
  ['trailing slash', '/a/'],
  ['empty segment', '/a//b'],
  ['dot segment', '/a/./b'],
  ['dot-dot segment', '/a/../b'],
  ['leading dot-dot', '/../etc/passwd'],
  ['NUL', '/a\u0000b'],
  ['newline', '/a\nb'],
  ['DEL', '/a\u007fb'],
  ['lone surrogate', '/a\ud800b'],
  ['1025 bytes', `/${'k'.repeat(1024)}`],
] as const;

/** Segments that are legal and must be stored byte-exactly and distinctly. */
const HOSTILE = [
  'B',
  'b',
  'b ',
  ' b',
  '%',
  '_',
  'a%b',
  'a_b',
  '%2e%2e',
  '..b',
  '...',
  '.hidden',
  '.lock',
  '.tmp',
  'a:b',
  'a\\b',
  'CON',
  'ü',
  'u\u0308',
  '日本',
  '😀',
  '*',
  '?',
  'a b',
  '\'"',
  '~',
  '-',
  `${'s'.repeat(300)}`,
] as const;

/** Key rules: what is refused, and that every legal key is stored byte-exactly. */
export function keysSuite(ctx: SuiteContext): void {
  const { describe, test } = ctx.runner;
  describe('keys', () => {
    eachRow(ctx.runner, INVALID, 'refuses %s keys with INVALID_KEY in every operation', async (_name, key) => {
      const o = ctx.oocd;
      for (const call of [
        () => o.get(key),
        () => o.set(key, 'v', HOUR),
        () => o.create(key, 'v', HOUR),
        () => o.take(key),
        () => o.remove(key),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'INVALID_KEY' });
      }
    });

    test('refuses invalid branches in list/children', async () => {
      for (const branch of ['a', '/a//b', '/../x', '/a\u0000']) {
        await expect(ctx.oocd.list(branch)).rejects.toMatchObject({ code: 'INVALID_KEY' });
        await expect(ctx.oocd.children(branch)).rejects.toMatchObject({ code: 'INVALID_KEY' });
      }
    });

    test('hostile but legal segments are distinct entries that round-trip byte-exactly', async () => {
      const base = randomBranch();
      for (const [i, s] of HOSTILE.entries()) await ctx.oocd.set(`${base}/${s}`, `v${i}`, HOUR);
      for (const [i, s] of HOSTILE.entries()) expect((await ctx.oocd.get(`${base}/${s}`))?.value).toBe(`v${i}`);
      const keys = (await ctx.oocd.list(base)).map((e) => e.key);
      expect(new Set(keys)).toEqual(new Set(HOSTILE.map((s) => `${base}/${s}`)));
      expect(new Set(await ctx.oocd.children(base))).toEqual(new Set(HOSTILE));
    });

    test('keys are case-sensitive and trailing-space-sensitive', async () => {
      const base = randomBranch();
      await ctx.oocd.set(`${base}/a/b`, 'lower', HOUR);
      expect(await ctx.oocd.get(`${base}/a/B`)).toBeUndefined();
      expect(await ctx.oocd.get(`${base}/a/b `)).toBeUndefined();
      expect(await ctx.oocd.create(`${base}/a/B`, 'upper', HOUR)).toBe(true);
      expect(await ctx.oocd.create(`${base}/a/b `, 'space', HOUR)).toBe(true);
      expect((await ctx.oocd.get(`${base}/a/b`))?.value).toBe('lower');
    });

    test('a key of exactly 1024 UTF-8 bytes works, with a very long segment and multibyte characters', async () => {
      const base = randomBranch();
      const room = 1024 - Buffer.byteLength(`${base}/`);
      const long = `${base}/${'é'.repeat(Math.floor(room / 2))}${room % 2 ? 'x' : ''}`;
      expect(Buffer.byteLength(long)).toBe(1024);
      await ctx.oocd.set(long, 'long', HOUR);
      expect((await ctx.oocd.get(long))?.value).toBe('long');
      expect((await ctx.oocd.list(base)).map((e) => e.key)).toEqual([long]);
    });

    test('a deep key works and its ancestors are branches, not entries', async () => {
      const base = randomBranch();
      const deep = `${base}/${Array.from({ length: 30 }, (_, i) => `d${i}`).join('/')}`;
      await ctx.oocd.set(deep, 'deep', HOUR);
      expect((await ctx.oocd.get(deep))?.value).toBe('deep');
      expect(await ctx.oocd.get(`${base}/d0`)).toBeUndefined();
      expect(await ctx.oocd.children(base)).toEqual(['d0']);
    });

    test('an entry and a branch of the same name coexist', async () => {
      const base = randomBranch();
      await ctx.oocd.set(`${base}/x`, 'entry', HOUR);
      await ctx.oocd.set(`${base}/x/y`, 'below', HOUR);
      expect((await ctx.oocd.get(`${base}/x`))?.value).toBe('entry');
      expect((await ctx.oocd.get(`${base}/x/y`))?.value).toBe('below');
      expect(await ctx.oocd.children(base)).toEqual(['x']);
      expect(await ctx.oocd.remove(`${base}/x`)).toBe(1);
      expect((await ctx.oocd.get(`${base}/x/y`))?.value).toBe('below');
    });
  });
}
