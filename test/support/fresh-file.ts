import { IDBFactory } from 'fake-indexeddb';
import { afterAll, vi } from 'vitest';

/**
 * The `unit` and `unit-dom` projects run with `isolate: false` (vitest.config.ts): the test files of
 * one worker share one global scope, one module cache and (unit-dom) one window. This setup file runs
 * before each of them and gives it what it would have had alone: an IndexedDB of its own
 * (fake-indexeddb, empty), and, on the way out, real timers, globals and functions and an empty
 * document for the next file.
 */
globalThis.indexedDB = new IDBFactory();

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  // A file may run in the node environment (`@vitest-environment node`) within unit-dom.
  if (typeof document !== 'undefined') {
    document.head.replaceChildren();
    document.body.replaceChildren();
  }
});
