// @ts-check
// One helper for all three runners: a fresh folder per test, removed when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOocdService } from '@authstate/oocd-core';
import { createOocdDriver } from '../src/index.js';

/** @returns {import('@authstate/oocd-conformance').ConformanceOptions & { cleanup(): void }} */
export function jsonFileStores() {
  const root = mkdtempSync(join(tmpdir(), 'json-file-backend-'));
  let n = 0;
  let dir = '';
  const open = async () => createOocdService(await createOocdDriver({ dir }), { reaperIntervalSec: 0 });
  return {
    // a fresh, empty store for every test
    open: async () => {
      dir = join(root, String(n++));
      return open();
    },
    // a second instance on the same store (cross-instance tests)
    openSibling: open,
    // the openOocd() config of the same store, for the multi-process race
    processConfig: () => ({ class: new URL('../src/index.js', import.meta.url).pathname, dir }),
    processes: 4,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
