import type { OocdConfig, OutOfContextDataService } from '@authstate/oocd-core';
import type { TestRunner } from './runner.js';

/** How the suite gets a backend. */
export interface ConformanceOptions {
  /**
   * Opens a **fresh, empty** service (a new directory, a new table…). Called once per test; the
   * suite closes it at the end of the test.
   */
  open(): Promise<OutOfContextDataService>;
  /**
   * Opens a second service on the **same storage** as the last `open()` (another instance, as a
   * second thread or process would have). Optional; when given, cross-instance tests run.
   */
  openSibling?(): Promise<OutOfContextDataService>;
  /**
   * The `openOocd` config of the storage the last `open()` created, for child processes.
   * Without it the multi-process race is skipped (a single-process backend such as `memory`).
   */
  processConfig?(): OocdConfig | Promise<OocdConfig>;
  /** Processes in the multi-process race (default 8). */
  processes?: number;
  /** Keys raced per operation in the multi-process race (default 40). */
  raceKeys?: number;
  /**
   * The test runner: `{ describe, test, beforeEach, afterEach }` from jest, vitest or `node:test`.
   * Default: the runner's globals (jest; vitest with `globals: true`).
   */
  runner?: TestRunner;
  /** Groups to leave out, by name: 'basic', 'keys', 'listing', 'metadata', 'expiry', 'remove', 'races', 'reap', 'multi-process'. */
  skip?: string[];
}
