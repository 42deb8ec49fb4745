import { browser } from 'wxt/browser';
import { SESSION } from '@/src/storage/keys';

/**
 * The two reads the first paint waits for, started by the popup's first evaluated module: they run
 * while the rest of the popup's code (Preact, the stores, the TOTP core) is still being evaluated.
 */
export const early = {
  snapshot: browser.storage.session.get(SESSION.snapshot),
  tabs: browser.tabs.query({ active: true, currentWindow: true }),
};
