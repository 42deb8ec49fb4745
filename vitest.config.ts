import { defineConfig } from 'vitest/config';

/**
 * Three projects: `sandbox` (contract tests over real HTTP), `unit` (the extension's pure core,
 * once it exists; happy-dom + fake-indexeddb) and `e2e` (real Chromium, one file at a time).
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'sandbox',
          include: ['test/sandbox/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
