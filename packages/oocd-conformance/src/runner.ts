/** A test body: may be async. */
export type TestBody = () => unknown;

/**
 * The four functions of a test runner the suite registers its tests with — the same shape in
 * jest (`@jest/globals` or its globals), vitest (`import { describe, test, beforeEach, afterEach }
 * from 'vitest'`) and Node's own `node:test`. Pass them as the `runner` option, as Keyv's
 * test-suite takes its `test`.
 */
export interface TestRunner {
  describe(name: string, fn: () => void): unknown;
  /** `timeoutMs` is passed as jest and vitest take it; `node:test` has no default timeout. */
  test: ((name: string, fn: TestBody, timeoutMs?: number) => unknown) & { skip(name: string, fn: TestBody): unknown };
  beforeEach(fn: TestBody): unknown;
  afterEach(fn: TestBody): unknown;
}

/**
 * The runner to use: the one given, else jest's or vitest's globals (jest injects them by default,
 * vitest with `globals: true`). Fails with a clear message when there is none.
 */
export function resolveRunner(given?: TestRunner): TestRunner {
  if (given) return given;
  const g = globalThis as Partial<TestRunner>;
  if (typeof g.describe === 'function' && typeof g.test === 'function' && g.beforeEach && g.afterEach) {
    return { describe: g.describe, test: g.test, beforeEach: g.beforeEach, afterEach: g.afterEach };
  }
  throw new Error(
    '[oocd-conformance] No test runner: pass `runner: { describe, test, beforeEach, afterEach }` from jest, vitest or node:test.',
  );
}

/** Registers one test per row, `%s` in the title replaced by the row's first cell (jest's `test.each`, for every runner). */
export function eachRow<A, B>(runner: TestRunner, rows: readonly (readonly [A, B])[], title: string, fn: (a: A, b: B) => unknown): void {
  for (const [a, b] of rows) runner.test(title.replace('%s', String(a)), () => fn(a, b));
}
