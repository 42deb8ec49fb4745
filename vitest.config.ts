import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import LongestFirst from './test/support/longest-first.ts';

/**
 * Six projects: `unit`, `unit-dom` and `unit-agent` (the extension's core in src/, fake-indexeddb
 * for real IndexedDB semantics, happy-dom where a document is needed; some files also start a sandbox),
 * `sandbox` (the sandbox's contract tests over real HTTP), `e2e` (real Chromium, each file with its
 * own browser, profile and sandbox) and `e2e-alarm` (the one browser test that waits a real idle
 * minute for `chrome.alarms`). `npm test` (scripts/test.mjs) runs the unit and sandbox projects
 * beside the builds, then the e2e files two at a time with the alarm's file beside them.
 */
/** The unit tests that need a document (pages, content script, autofill): happy-dom costs ~0.5 s a file, so only these get it. */
const DOM_TESTS = ['test/unit/{ui,content,autofill}/**/*.test.{ts,tsx}'];
/**
 * The DOM files that start content-script agents: an agent stays attached to its window for good
 * (as on a page), and a second file's agents in the same window would answer its handshakes. Each
 * of these files gets a window of its own (`unit-agent`, isolated).
 */
const AGENT_TESTS = ['test/unit/content/content-script.test.ts', 'test/unit/autofill/submit-form.test.ts', 'test/unit/autofill/visibility.test.ts'];

/**
 * A project of the extension's core: WXT's fake browser, fake-indexeddb, the English UI texts. By
 * default one global scope per worker, not one per file: the unit files take half the time (no new
 * environment, setup and imports for each of ~90 files); each file still starts with an empty
 * IndexedDB and leaves real timers, globals and mocks and an empty document
 * (test/support/fresh-file.ts).
 */
function coreProject(name: string, files: { include: string[]; exclude?: string[]; environment: 'node' | 'happy-dom' }, { shared = true } = {}) {
  return {
    plugins: [WxtVitest()],
    test: {
      name,
      ...files,
      isolate: !shared,
      setupFiles: ['fake-indexeddb/auto', ...(shared ? ['./test/support/fresh-file.ts'] : []), './test/support/i18n-setup.ts'],
      testTimeout: 30_000,
    },
  };
}

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
      coreProject('unit', { include: ['test/unit/**/*.test.{ts,tsx}'], exclude: [...DOM_TESTS, ...AGENT_TESTS], environment: 'node' }),
      coreProject('unit-dom', { include: DOM_TESTS, exclude: AGENT_TESTS, environment: 'happy-dom' }),
      coreProject('unit-agent', { include: AGENT_TESTS, environment: 'happy-dom' }, { shared: false }),
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
          // Each file launches and closes its own browser and sandbox, so files need no fresh
          // process of their own: sharing one per worker saves ~55 s of CPU per run (a new process,
          // Playwright's and the sandbox's imports, for each of 16 files).
          isolate: false,
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
