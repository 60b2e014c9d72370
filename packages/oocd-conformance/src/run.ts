import { useFreshService } from './context.js';
import type { ConformanceOptions } from './options.js';
import { resolveRunner } from './runner.js';
import { basicSuite } from './suites/basic.js';
import { expirySuite } from './suites/expiry.js';
import { keysSuite } from './suites/keys.js';
import { listingSuite } from './suites/listing.js';
import { metadataSuite } from './suites/metadata.js';
import { multiProcessSuite } from './suites/multi-process.js';
import { racesSuite } from './suites/races.js';
import { reapSuite } from './suites/reap.js';
import { removeSuite } from './suites/remove.js';

/**
 * Registers the whole OOCD conformance suite (jest tests) for one backend. Call it at the top
 * level of a test file.
 *
 * @example
 * ```ts
 * import { runOocdConformance } from '@authstate/oocd-conformance';
 * import { createOocdService } from '@authstate/oocd-core';
 * runOocdConformance('my-backend', {
 *   open: async () => createOocdService(await createOocdDriver({ dir: fresh() }), { reaperIntervalSec: 0 }),
 *   processConfig: () => ({ class: '/abs/path/to/my-backend.js', dir: last() }),
 * });
 * ```
 */
export function runOocdConformance(name: string, options: ConformanceOptions): void {
  const skip = new Set(options.skip ?? []);
  if (!options.processConfig) skip.add('multi-process');
  const runner = resolveRunner(options.runner);
  runner.describe(`OOCD conformance: ${name}`, () => {
    const ctx = useFreshService(runner, options);
    const groups: [string, () => void][] = [
      ['basic', () => basicSuite(ctx)],
      ['keys', () => keysSuite(ctx)],
      ['listing', () => listingSuite(ctx)],
      ['metadata', () => metadataSuite(ctx)],
      ['expiry', () => expirySuite(ctx)],
      ['remove', () => removeSuite(ctx)],
      ['races', () => racesSuite(ctx)],
      ['reap', () => reapSuite(ctx)],
      ['multi-process', () => multiProcessSuite(ctx, options)],
    ];
    for (const [group, register] of groups) if (!skip.has(group)) register();
  });
}
