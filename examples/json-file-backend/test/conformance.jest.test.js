// @ts-check
// jest, native ESM: run with NODE_OPTIONS=--experimental-vm-modules (see jest.config.js).

import { runOocdConformance } from '@authstate/oocd-conformance';
import { afterAll, afterEach, beforeEach, describe, test } from '@jest/globals';
import { jsonFileStores } from './open-store.js';

const stores = jsonFileStores();
afterAll(stores.cleanup);
runOocdConformance('json-file (jest)', { ...stores, runner: { describe, test, beforeEach, afterEach } });
