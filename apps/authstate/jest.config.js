import preset from '../../jest.preset.js';

// The tests spend their time in CLI subprocesses and database round trips rather than in jest
// itself, so two workers overlap them well even on two cores. globalSetup refuses a stale dist.
export default { ...preset, maxWorkers: 2, globalSetup: '<rootDir>/test/helpers/dist-fresh.ts' };
