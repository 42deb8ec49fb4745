import type { ActiveTab, ClipboardPort, PermissionsPort, ReadableArea, TabsPort } from './adapters';

/**
 * The real adapters, made from the extension's `browser` (passed in by the entrypoint, so this file
 * imports no browser global). The shapes below are the few members used, so a test may hand in a fake.
 */
export interface BrowserLike {
  tabs: { query(query: { active: boolean; currentWindow: boolean }): Promise<ActiveTab[]> };
  permissions: { request(permissions: { origins: string[] }): Promise<boolean>; remove(permissions: { origins: string[] }): Promise<boolean> };
  runtime: { openOptionsPage(): Promise<void> };
}

// The parameter is `ext`, not `browser`: WXT's auto-import would add `import { browser } from
// 'wxt/browser'` (the polyfill, ~3 KB gzip) to a file that only mentions the name.
export function tabsPort(ext: BrowserLike): TabsPort {
  return {
    async active() {
      const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
      return tab ? { id: tab.id, url: tab.url } : undefined;
    },
  };
}

export function permissionsPort(ext: BrowserLike): PermissionsPort {
  return {
    // No `async` wrapper before the call: the request must start inside the click's task.
    request: (origins) => ext.permissions.request({ origins }),
    remove: (origins) => ext.permissions.remove({ origins }),
  };
}

/** `navigator.clipboard`, or a port that always fails where there is none. (The worker clears a copied code: worker/clipboard.) */
export function clipboardPort(clipboard: Clipboard | undefined = globalThis.navigator?.clipboard): ClipboardPort {
  if (!clipboard) return { writeText: () => Promise.reject(new Error('No clipboard here.')) };
  return { writeText: (text) => clipboard.writeText(text) };
}

/**
 * A storage area whose first read of `key` was started earlier (by the page's first script, before
 * the rest of the code loaded): that read is used once, every later one goes to `area`.
 */
export function primedArea(area: ReadableArea, key: string, started: Promise<Record<string, unknown>>): ReadableArea {
  let first: Promise<unknown> | undefined = started.then((items) => items[key]);
  return {
    get(k) {
      if (k !== key || !first) return area.get(k);
      const read = first;
      first = undefined;
      return read;
    },
    watch: (k, listener) => area.watch(k, listener),
  };
}

/** The active tab, from a `tabs.query` started earlier (used once), then from `tabs`. */
export function primedTabs(tabs: TabsPort, started: Promise<ActiveTab[]>): TabsPort {
  let first: Promise<ActiveTab | undefined> | undefined = started.then(([tab]) => (tab ? { id: tab.id, url: tab.url } : undefined));
  return {
    active() {
      if (!first) return tabs.active();
      const read = first;
      first = undefined;
      return read;
    },
  };
}
