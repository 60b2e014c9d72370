import { createOocdService, MemoryDriver } from '@authstate/oocd-core';
import { runOocdConformance } from '../src/index.js';

// The reference backend passes the in-process parts (it is not shared between processes).
runOocdConformance('memory', {
  open: async () => createOocdService(new MemoryDriver(), { reaperIntervalSec: 0 }),
});
