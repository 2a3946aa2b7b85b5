import { defineConfig } from 'vitest/config';

// Browser tests: the built extension in real Chromium and Firefox against a
// local server. One file at a time (each launches browsers; 2 cores here).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
