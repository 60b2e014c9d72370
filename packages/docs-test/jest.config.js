import preset from '../../jest.preset.js';

// One test file whose blocks run as child processes (a pool inside the file), so one worker.
export default { ...preset, maxWorkers: 1, testTimeout: 300_000, verbose: true };
