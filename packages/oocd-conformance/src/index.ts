export { childExecArgv, siblingModule } from './child-process.js';
export { randomBranch, sleep } from './context.js';
export { type RaceOptions, type RaceResult, runMultiProcessRace } from './multi-process.js';
export type { ConformanceOptions } from './options.js';
export { runOocdConformance } from './run.js';
