import type { OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import keyvTestSuite, { keyvIteratorTests } from '@keyv/test-suite';
import Keyv from 'keyv';
import { KeyvOocdStore } from '../src/index.js';
import { type Backend, backendKinds, createBackend } from './backends.js';

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
  let backend: Backend;
  let oocd: OutOfContextDataService;
  const store = () => new KeyvOocdStore(oocd, { closeOnDisconnect: false });

  beforeAll(async () => {
    backend = await createBackend(kind);
    oocd = await backend.open();
  }, 60_000);
  afterAll(async () => {
    await oocd?.close();
    await backend?.drop();
  });

  keyvTestSuite(vitestLike, Keyv, store);
  keyvIteratorTests(vitestLike, Keyv, store);
});
