import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit tests only: pure cores in Node, panel components in jsdom. Kept apart
// from vite.config.ts so the crx plugin is never loaded here.
export default defineConfig({
  resolve: {
    alias: {
      // webextension-polyfill throws outside an extension: route it to a fake.
      'webextension-polyfill': fileURLToPath(new URL('./test/unit/fake-browser.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['test/unit/settle-frames.ts'],
    // A hang guard, not a speed check (speed lives in the bench): jsdom tests of the 1M-row table take
    // seconds on a busy 2-core machine, and vitest's default of 5 s failed them there.
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
