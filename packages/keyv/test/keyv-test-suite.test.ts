import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import keyvTestSuite, { keyvIteratorTests } from '@keyv/test-suite';
import Keyv from 'keyv';
import { KeyvOocdStore } from '../src/index.js';
import { backendKinds, useBackend } from './backends.js';

// @keyv/test-suite is written for vitest: it calls `test.it(name, (t) => … t.expect …)`,
// `test.beforeEach` and `test.afterEach`. This passes jest's functions under those names and
// jest's `expect` as `t.expect`; the suite's tests run unchanged.
const vitestLike = {
  it: (name: string, fn: (t: { expect: typeof expect }) => unknown) => it(name, async () => fn({ expect })),
  beforeEach,
  afterEach,
} as unknown as Parameters<typeof keyvTestSuite>[0];

// The suite's API, value and namespace tests, plus its iterator tests, on every backend.
describe.each(backendKinds())('@keyv/test-suite on %s', (kind) => {
  const target = useBackend(kind);
  const store = () => new KeyvOocdStore(target.oocd, { closeOnDisconnect: false });

  keyvTestSuite(vitestLike, Keyv, store);
  keyvIteratorTests(vitestLike, Keyv, store);
});
