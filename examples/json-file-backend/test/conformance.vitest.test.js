// @ts-check
// vitest: vitest run (see vitest.config.js)
import { runOocdConformance } from '@authstate/oocd-conformance';
import { afterAll, afterEach, beforeEach, describe, test } from 'vitest';
import { jsonFileStores } from './open-store.js';

const stores = jsonFileStores();
afterAll(stores.cleanup);
runOocdConformance('json-file (vitest)', { ...stores, runner: { describe, test, beforeEach, afterEach } });
