// One jest setup for the whole repo: native ESM (run with --experimental-vm-modules),
// TypeScript compiled by swc, workspace packages resolved to their sources ("source" condition).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // An upper bound for a hung test, never reached by a slow machine (CI machines are shared and slow at times).
  testTimeout: 300_000,
};
