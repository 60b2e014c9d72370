import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.vitest.test.js'], testTimeout: 300_000, hookTimeout: 300_000 },
});
