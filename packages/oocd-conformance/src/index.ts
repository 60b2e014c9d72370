export { childExecArgv, siblingModule } from './child-process.js';
export { randomBranch, sleep } from './context.js';
export { equals, expect, type Matchers } from './expect.js';
export { type RaceOptions, type RaceResult, runMultiProcessRace } from './multi-process.js';
export type { ConformanceOptions } from './options.js';
export { runOocdConformance } from './run.js';
export { eachRow, resolveRunner, type TestBody, type TestRunner } from './runner.js';
