import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import LongestFirst from './test/support/longest-first.ts';

/**
 * Six projects: `unit` and `unit-dom` (the extension's core in src/, fake-indexeddb for real
 * IndexedDB semantics, happy-dom where a document is needed; some files also start a sandbox),
 * `sandbox` (the sandbox's contract tests over real HTTP), `e2e` (real Chromium, each file with its
 * own browser, profile and sandbox), `e2e-alone` (browser files that run while no other browser file
 * does) and `e2e-alarm` (the one browser test that waits a real idle minute for `chrome.alarms`).
 * `npm test` (scripts/test.mjs) runs the unit and sandbox projects with `e2e-alone` beside them, then
 * the e2e files two at a time with the alarm's file beside them.
 */
/** The unit tests that need a document (pages, content script, autofill): happy-dom costs ~0.5 s a file, so only these get it. */
const DOM_TESTS = ['test/unit/{ui,content,autofill}/**/*.test.{ts,tsx}'];

/**
 * Browser files run while no other browser file does: `faults.test.ts` stops the extension's worker
 * before a request and expects the request to wake it. Beside another browser file it missed that
 * request's fill 3 times in 6 runs (fail closed: no record of the request, so no grant), never alone
 * nor with the CPU loaded by other processes; the cause is not found yet (see the closing note of
 * issue 11). npm test runs it beside the unit files instead.
 */
const ALONE = ['test/e2e/faults.test.ts'];

export default defineConfig({
  test: {
    // Two files at a time: the machine this runs on has two cores.
    maxWorkers: 2,
    // The browser files longest first (test/support/longest-first.ts).
    sequence: { sequencer: LongestFirst },
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
          exclude: DOM_TESTS,
          environment: 'node',
          setupFiles: ['fake-indexeddb/auto', './test/support/i18n-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit-dom',
          include: DOM_TESTS,
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
          exclude: ['test/e2e/auto-lock-alarm.test.ts', ...ALONE],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e-alone',
          include: ALONE,
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
