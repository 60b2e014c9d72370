import type { OutOfContextDataService } from '@authstate/oocd-core';
import type { ConformanceOptions } from './options.js';
import type { TestRunner } from './runner.js';

/** Per-test state: a fresh service, closed after the test. */
export interface SuiteContext {
  /** The test runner's functions the suites register with. */
  readonly runner: TestRunner;
  /** The service of the running test. */
  readonly oocd: OutOfContextDataService;
  /** Whether the backend can open a second instance on the same storage (`openSibling`). */
  readonly canOpenSibling: boolean;
  /** Opens another instance on the same storage (closed after the test), if the backend can. */
  sibling(): Promise<OutOfContextDataService | undefined>;
}

/** Registers the hooks that give every test a fresh service. */
export function useFreshService(runner: TestRunner, options: ConformanceOptions): SuiteContext {
  const { afterEach, beforeEach } = runner;
  let current: OutOfContextDataService | undefined;
  const extra: OutOfContextDataService[] = [];
  beforeEach(async () => {
    current = await options.open();
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await current?.close();
    current = undefined;
  });
  return {
    runner,
    get oocd() {
      if (!current) throw new Error('no service: used outside a test');
      return current;
    },
    canOpenSibling: options.openSibling !== undefined,
    async sibling() {
      if (!options.openSibling) return undefined;
      const s = await options.openSibling();
      extra.push(s);
      return s;
    },
  };
}

/** A random key namespace, so tests never depend on each other's keys. */
export function randomBranch(): string {
  return `/t${Math.random().toString(36).slice(2, 10)}`;
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One hour, the TTL of entries meant to stay live during a test. */
export const HOUR = { ttlMs: 3_600_000 } as const;
