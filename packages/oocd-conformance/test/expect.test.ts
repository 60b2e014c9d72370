import { describe, expect as jestExpect, test } from '@jest/globals';
import { expect } from '../src/expect.js';

// The suite's own assertions must fail when they should: a conformance suite whose checks cannot
// fail would pass any backend.
describe("the suite's expect", () => {
  const fails = (f: () => void) => jestExpect(f).toThrow(/failed|expected/);

  test('each matcher passes on a match and throws on a mismatch', () => {
    expect(1).toBe(1);
    fails(() => expect(1).toBe(2));
    expect({ a: [1, new Date(5)], u: undefined }).toEqual({ a: [1, new Date(5)] });
    fails(() => expect({ a: [1, new Date(5)] }).toEqual({ a: [1, new Date(6)] }));
    fails(() => expect({ a: 1, b: 2 }).toEqual({ a: 1 }));
    fails(() => expect([1, 2]).toEqual([1]));
    fails(() => expect('1').toEqual(1));
    expect({ a: 1, b: { c: 2, d: 3 } }).toMatchObject({ b: { c: 2 } });
    fails(() => expect({ a: 1 }).toMatchObject({ a: 1, b: 2 }));
    expect(undefined).toBeUndefined();
    fails(() => expect(null).toBeUndefined());
    expect([1, 2]).toHaveLength(2);
    fails(() => expect([1]).toHaveLength(2));
    expect(['x']).toContain('x');
    fails(() => expect(['x']).toContain('y'));
    expect(['x']).not.toContain('y');
    fails(() => expect(['x']).not.toContain('x'));
    expect(2).toBeGreaterThan(1);
    fails(() => expect(1).toBeGreaterThan(1));
    expect(1).toBeGreaterThanOrEqual(1);
    fails(() => expect(0).toBeGreaterThanOrEqual(1));
    expect(1).toBeLessThanOrEqual(1);
    fails(() => expect(2).toBeLessThanOrEqual(1));
  });

  test('rejects.toMatchObject needs a rejection with the given fields', async () => {
    await expect(Promise.reject(Object.assign(new Error('x'), { code: 'A' }))).rejects.toMatchObject({ code: 'A' });
    await jestExpect(
      expect(Promise.reject(Object.assign(new Error('x'), { code: 'B' }))).rejects.toMatchObject({ code: 'A' }),
    ).rejects.toThrow(/rejected with/);
    await jestExpect(expect(Promise.resolve(1)).rejects.toMatchObject({ code: 'A' })).rejects.toThrow(/it resolved/);
  });
});
