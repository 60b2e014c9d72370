import { validateKey } from '@authstate/oocd-core';
import { describe, expect, it } from '@jest/globals';
import { escapeName, MAX_SEGMENT_BYTES, segmentOf, shardOf, unescapeName } from '../src/index.js';

// Deterministic pseudo-random strings over every kind of UTF-16 unit, lone surrogates included.
function* randomNames(count: number): Generator<string> {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const pools = ['%/.:', '\u0000\u0001\u001f\u007f\u0085\u009f', 'aZ09 -_~', 'é€中', '\uD800\uDBFF\uDC00\uDFFF', '\u{1F600}'];
  for (let i = 0; i < count; i++) {
    let s = '';
    const len = next() % 12;
    for (let j = 0; j < len; j++) {
      const pool = [...(pools[next() % pools.length] as string)];
      s += pool[next() % pool.length];
    }
    yield s;
  }
}

describe('key segments', () => {
  it('escape reversibly into valid, distinct OOCD segments', () => {
    const seen = new Map<string, string>();
    const names = ['', '.', '..', '...', '%', '%e', '%h', '%r', '%25', '/', 'a/b', ' a ', 'A', 'a', ...randomNames(1000)];
    for (const name of names) {
      const escaped = escapeName(name);
      expect(() => validateKey(`/k/${escaped}`)).not.toThrow();
      expect(escaped === '.' || escaped === '..').toBe(false);
      expect(unescapeName(escaped)).toBe(name);
      const other = seen.get(escaped);
      if (other !== undefined) expect(other).toBe(name);
      seen.set(escaped, name);
    }
    expect(seen.size).toBeGreaterThan(700);
  });

  it('keeps readable names as they are', () => {
    expect(escapeName('user:42 é😀')).toBe('user:42 é😀');
    expect(escapeName('.env')).toBe('%2Eenv');
    expect(escapeName('50%/x')).toBe('50%25%2Fx');
  });

  it('hashes only names longer than the limit, into short segments', () => {
    const short = 'x'.repeat(MAX_SEGMENT_BYTES);
    expect(segmentOf(short)).toBe(short);
    const long = 'é'.repeat(MAX_SEGMENT_BYTES); // 2 bytes each
    const hashed = segmentOf(long);
    expect(hashed.startsWith('%h')).toBe(true);
    expect(hashed.length).toBeLessThan(50);
    expect(segmentOf(`${long}!`)).not.toBe(hashed);
    expect(unescapeName(hashed)).toBeUndefined();
  });

  it('spreads names over 256 shards', () => {
    const shards = new Set(Array.from({ length: 5000 }, (_, i) => shardOf(`key${i}`)));
    expect(shards.size).toBe(256);
    for (const s of shards) expect(s).toMatch(/^[0-9a-f]{2}$/);
  });
});
