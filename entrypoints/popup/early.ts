import { nativeApi } from '@/src/platform/native-api';
import { SESSION } from '@/src/storage/keys';

/**
 * The two reads the first paint waits for, started by the popup's first evaluated module: they run
 * while the rest of the popup's code (Preact, the stores, the TOTP core) is still being evaluated.
 */
// The browser's own promise-based API (`chrome` in Chrome MV3, `browser` in Firefox), not the
// polyfill: the popup is opened often and paints its first code as fast as it can (issue 13).
export const browser = nativeApi();

export const early = {
  snapshot: browser.storage.session.get(SESSION.snapshot),
  tabs: browser.tabs.query({ active: true, currentWindow: true }),
};
