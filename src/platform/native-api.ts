import type { browser } from 'wxt/browser';

/**
 * The browser's own promise-based extension API — `browser` in Firefox, `chrome` in Chrome MV3 —
 * for the content script, which runs on every load of a registered page and so does without the
 * polyfill (WXT's entrypoints elsewhere keep it). Typed as WXT's `browser`, whose shape both share.
 */
export type ExtensionApi = typeof browser;

export function nativeApi(): ExtensionApi {
  const scope = globalThis as { browser?: ExtensionApi; chrome?: ExtensionApi };
  return (scope.browser ?? scope.chrome) as ExtensionApi;
}
