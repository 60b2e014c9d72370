// @ts-check
// Node's own test runner: node --test test/conformance.node-test.js
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import { runOocdConformance } from '@authstate/oocd-conformance';
import { jsonFileStores } from './open-store.js';

const stores = jsonFileStores();
after(stores.cleanup);
runOocdConformance('json-file (node:test)', { ...stores, runner: { describe, test, beforeEach, afterEach } });
