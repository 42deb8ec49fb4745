import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import LongFirstSequencer from './test/support/long-first-sequencer.ts';

/**
 * Four projects: `unit` (the extension's core in src/, happy-dom + fake-indexeddb for real
 * IndexedDB semantics, some files also start a sandbox), `sandbox` (the sandbox's contract tests over
 * real HTTP), `e2e` (real Chromium; two files at a time, each with its own browser, profile and
 * sandbox: `--maxWorkers=2`) and `e2e-alarm` (the one browser test that
 * waits a real idle minute for `chrome.alarms`: it runs beside the unit and sandbox files instead of
 * holding up the line of browser tests). `npm test` (scripts/test.mjs) runs `e2e` in one vitest and
 * the other three in another, at the same time.
 */
export default defineConfig({
  test: {
    // Unit, sandbox and e2e-alarm files three at a time: the alarm's file idles for a minute, and the
    // other two keep both cores busy. scripts/test.mjs runs the e2e project in a vitest of its own
    // beside these, two files at a time.
    maxWorkers: 3,
    // The alarm's file first, so its idle minute overlaps the unit files.
    sequence: { sequencer: LongFirstSequencer },
    reporters: ['default', './test/support/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/totp/**', 'src/vault/**', 'src/capture/**'],
      exclude: ['**/index.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['fake-indexeddb/auto', './test/support/i18n-setup.ts'],
          testTimeout: 30_000,
        },
      },
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
          exclude: ['test/e2e/auto-lock-alarm.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e-alarm',
          include: ['test/e2e/auto-lock-alarm.test.ts'],
          environment: 'node',
          testTimeout: 200_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
