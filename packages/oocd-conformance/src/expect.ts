import { inspect } from 'node:util';

/**
 * The few assertions the suite needs, with jest's `expect` spelling but no test runner behind
 * them, so the same suite runs under jest, vitest and `node:test`. A failed assertion throws an
 * `Error` whose message shows both values; every runner reports a thrown error as a failure.
 */
export function expect(actual: unknown): Matchers {
  return matchers(actual, false);
}

/** What {@link expect} can check. */
export interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toBeUndefined(): void;
  toHaveLength(n: number): void;
  toContain(item: unknown): void;
  toBeGreaterThan(n: number): void;
  toBeGreaterThanOrEqual(n: number): void;
  toBeLessThanOrEqual(n: number): void;
  readonly not: Matchers;
  /** For a promise: it must reject, and the reason must match `expected` (a subset of its fields). */
  readonly rejects: { toMatchObject(expected: object): Promise<void> };
}

function matchers(actual: unknown, negated: boolean): Matchers {
  const check = (ok: boolean, what: string, ...expected: unknown[]) => {
    if (ok === negated) {
      const exp = expected.length > 0 ? `\n  expected: ${show(expected[0])}` : '';
      throw new Error(`expect(received)${negated ? '.not' : ''}.${what} failed\n  received: ${show(actual)}${exp}`);
    }
  };
  return {
    toBe: (e) => check(Object.is(actual, e), 'toBe', e),
    toEqual: (e) => check(equals(actual, e, false), 'toEqual', e),
    toMatchObject: (e) => check(equals(actual, e, true), 'toMatchObject', e),
    toBeUndefined: () => check(actual === undefined, 'toBeUndefined()'),
    toHaveLength: (n) => check((actual as { length?: unknown })?.length === n, 'toHaveLength', n),
    toContain: (item) =>
      check(Array.isArray(actual) || typeof actual === 'string' ? actual.includes(item as never) : false, 'toContain', item),
    toBeGreaterThan: (n) => check((actual as number) > n, 'toBeGreaterThan', n),
    toBeGreaterThanOrEqual: (n) => check((actual as number) >= n, 'toBeGreaterThanOrEqual', n),
    toBeLessThanOrEqual: (n) => check((actual as number) <= n, 'toBeLessThanOrEqual', n),
    get not() {
      return matchers(actual, !negated);
    },
    rejects: {
      async toMatchObject(expected: object) {
        let reason: unknown;
        try {
          await actual;
        } catch (e) {
          reason = e;
        }
        if (reason === undefined) throw new Error(`expected the promise to reject with ${show(expected)}, but it resolved`);
        if (!equals(reason, expected, true)) throw new Error(`the promise rejected with ${show(reason)}\n  expected: ${show(expected)}`);
      },
    },
  };
}

/**
 * Deep equality as jest's `toEqual` has it (properties holding `undefined` count as absent; the
 * prototype is not compared; Dates by instant). `subset`: `actual` may have more properties
 * (`toMatchObject`), recursively.
 */
export function equals(actual: unknown, expected: unknown, subset: boolean): boolean {
  if (Object.is(actual, expected)) return true;
  if (actual instanceof Date || expected instanceof Date) {
    return actual instanceof Date && expected instanceof Date && actual.getTime() === expected.getTime();
  }
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (Array.isArray(actual) !== Array.isArray(expected)) return false;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((v, i) => equals(v, expected[i], subset));
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const defined = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const expectedKeys = defined(e);
  if (!subset && defined(a).length !== expectedKeys.length) return false;
  return expectedKeys.every((k) => k in a && equals(a[k], e[k], subset));
}

function show(v: unknown): string {
  return inspect(v, { depth: 6, breakLength: 120 });
}
