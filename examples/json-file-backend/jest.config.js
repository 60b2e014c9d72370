// Plain ESM JavaScript: no transform. jest must run with NODE_OPTIONS=--experimental-vm-modules.
export default {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/test/**/*.jest.test.js'],
  testTimeout: 300_000, // an upper bound for a hung test, not for a slow machine
};
