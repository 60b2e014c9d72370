// Plain ESM JavaScript: no transform. jest must run with NODE_OPTIONS=--experimental-vm-modules.
export default {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/test/**/*.jest.test.js'],
  testTimeout: 60_000,
};
