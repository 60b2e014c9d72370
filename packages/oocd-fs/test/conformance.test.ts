import { runOocdConformance } from '@authstate/oocd-conformance';
import { afterAll } from '@jest/globals';
import { cleanupDirs, freshDir, openFs } from './helpers.js';

let dir = '';
afterAll(cleanupDirs);

runOocdConformance('fs', {
  open: async () => {
    dir = await freshDir();
    return openFs(dir);
  },
  openSibling: () => openFs(dir),
  processConfig: () => ({ class: 'fs', dir }),
  processes: 8,
});
