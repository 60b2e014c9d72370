import { describe, expect, test } from '@jest/globals';
import { compareKeys, isBelow, MAX_KEY_BYTES, normalizeBranch, validateKey } from '../src/index.js';

describe('validateKey', () => {
  test.each([
    ['a', 'must start with "/"'],
    ['/', 'root branch'],
    ['/a//b', 'empty segment'],
    ['/a/', 'empty segment'],
    ['/a/../b', '".." segment'],
    ['/./b', '"." segment'],
    ['/a\u0000', 'NUL or control'],
    ['/a\tb', 'NUL or control'],
    ['/\u0085', 'NUL or control'],
    ['/\udc00', 'lone surrogate'],
    [`/${'x'.repeat(MAX_KEY_BYTES)}`, 'the limit is 1024'],
  ])('%j is refused naming the rule (%s)', (key, rule) => {
    expect(() => validateKey(key)).toThrow(rule);
    try {
      validateKey(key);
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_KEY', scope: 'oocd-core' });
    }
  });

  test('non-strings are refused', () => {
    expect(() => validateKey(42)).toThrow('must be a string');
  });

  test.each(['/a', '/a/b c/ü/😀', '/..a', '/a.', '/%2e%2e', `/${'é'.repeat(511)}x`])('%j is accepted unchanged', (key) => {
    expect(validateKey(key)).toBe(key);
  });

  test('the error message never shows more than 80 characters of a long key', () => {
    expect(() => validateKey(`/${'a'.repeat(300)}\u0000`)).toThrow(/"\/a{76}\.\.\."/);
  });
});

describe('branches', () => {
  test('normalizeBranch accepts the root and strips one trailing slash', () => {
    expect(normalizeBranch('/')).toBe('/');
    expect(normalizeBranch('/a/b/')).toBe('/a/b');
    expect(() => normalizeBranch('/a//')).toThrow('empty segment');
  });

  test('isBelow is exact about prefixes', () => {
    expect(isBelow('/a/b', '/a', false)).toBe(true);
    expect(isBelow('/a/b/c', '/a', false)).toBe(false);
    expect(isBelow('/a/b/c', '/a', true)).toBe(true);
    expect(isBelow('/ab', '/a', true)).toBe(false);
    expect(isBelow('/a', '/a', true)).toBe(false);
    expect(isBelow('/x', '/', false)).toBe(true);
  });

  test('compareKeys orders by UTF-8 bytes, unlike String order above U+FFFF', () => {
    const astral = '/😀'; // UTF-16 D83D…, UTF-8 F0…
    const high = '/\uff21'; // UTF-16 FF21, UTF-8 EF BC A1
    expect(astral < high).toBe(true);
    expect(compareKeys(astral, high)).toBeGreaterThan(0);
  });
});

describe('compareKeys agrees with Buffer.compare of UTF-8 bytes', () => {
  test('on random strings mixing ASCII, BMP above U+E000, surrogate pairs and prefixes', () => {
    const alphabet = ['a', 'b', 'B', '/', ' ', '~', 'é', '\u07ff', '\u0800', '\ue000', '\uff21', '\uffff', '😀', '𝔸', '\u{10ffff}'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const word = () => Array.from({ length: rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = rand(4) === 0 ? a + word() : word();
      expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });
});
