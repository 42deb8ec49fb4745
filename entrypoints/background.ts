import { browser } from 'wxt/browser';
import { clearIfStill } from '@/src/clipboard';
import { fillRequest } from '@/src/messaging';
import { clearRequest } from '@/src/messaging/offscreen-message';
import { createVault, idbKeyValueStore } from '@/src/vault';
import { API_URL_PATTERNS, type BeforeRequestDetails } from '@/src/network';
import { isManifestGranted, permissionPattern } from '@/src/origin';
import { LOCAL, SESSION, storageArea } from '@/src/storage';
import { createWorker, type ContentScriptSpec } from '@/src/worker';

/** Chrome's `offscreen` API, as far as the clipboard clear uses it (not in WXT's types). */
interface ChromeOffscreen {
  createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

// Wiring only: the real browser APIs plugged into src/worker (see createWorker for what each does).
export default defineBackground(() => {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

  // Firefox names it `menus` (with `contextMenus` as an alias), Chrome `contextMenus`.
  const menus = (browser as unknown as { menus?: typeof browser.contextMenus }).menus ?? browser.contextMenus;

  const worker = createWorker({
    extensionId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    vault: createVault({ store: idbKeyValueStore() }),
    local: storageArea(browser.storage, 'local'),
    session: storageArea(browser.storage, 'session'),
    scripting: {
      getRegisteredContentScripts: () => browser.scripting.getRegisteredContentScripts(),
      registerContentScripts: (scripts: ContentScriptSpec[]) => browser.scripting.registerContentScripts(scripts),
      unregisterContentScripts: (filter) => browser.scripting.unregisterContentScripts(filter),
    },
    hasPermission: async (origin) => isManifestGranted(origin) || browser.permissions.contains({ origins: [permissionPattern(origin)] }),
    tabs: {
      url: async (tabId) => (await browser.tabs.get(tabId)).url,
      activeTabId: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id,
      askFill: (tabId, reason, at) =>
        browser.tabs.sendMessage(tabId, fillRequest(reason, at), { frameId: 0 }).then(
          (reply) => (reply as { filled?: unknown } | undefined)?.filled === true,
          () => false,
        ),
    },
    badge: (tabId, text, color) => {
      void action.setBadgeText({ tabId, text });
      void action.setBadgeBackgroundColor({ tabId, color });
    },
    alarms: {
      create: async (name, when) => void (await browser.alarms?.create(name, { when })),
      clear: async (name) => void (await browser.alarms?.clear(name)),
    },
    managed: async () => {
      try {
        return (await browser.storage.managed.get()) ?? {};
      } catch {
        return {}; // no policy set (Firefox rejects when there is no managed manifest)
      }
    },
    clipboard: {
      async clearIf(text) {
        // Firefox: the background page is a document that may read the clipboard.
        if (typeof document !== 'undefined') return clearIfStill(document, text);
        // Chrome: a service worker has no clipboard; an offscreen document for the one job, closed after.
        const offscreen = (browser as unknown as { offscreen: ChromeOffscreen }).offscreen;
        await offscreen
          .createDocument({ url: browser.runtime.getURL('/offscreen.html'), reasons: ['CLIPBOARD'], justification: 'Clear a copied 2FA code from the clipboard 30 s later, only if it is still there.' })
          .catch(() => undefined); // one is open already (an earlier clear not yet closed)
        try {
          const outcome = await browser.runtime.sendMessage(clearRequest(text));
          return outcome === 'cleared' || outcome === 'kept' ? outcome : 'unreadable';
        } finally {
          await offscreen.closeDocument().catch(() => undefined);
        }
      },
    },
    menus: {
      async replace(items) {
        await menus.removeAll();
        for (const { id, title, parentId, documentUrlPatterns } of items) {
          await new Promise<void>((done, fail) => {
            menus.create({ id, title, contexts: ['editable'], documentUrlPatterns, ...(parentId ? { parentId } : {}) }, () => {
              const error = browser.runtime.lastError;
              return error ? fail(new Error(error.message)) : done();
            });
          });
        }
      },
      openPopup: async () => void (await action.openPopup()),
    },
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    log: (line) => console.info(`[b2core-authenticator] ${line}`),
  });

  // The browser's own view of API traffic (non-blocking): what pages' reports are checked against.
  // Registered synchronously at start-up, so that an event wakes a stopped worker.
  const api = { urls: API_URL_PATTERNS, types: ['xmlhttprequest' as const] };
  browser.webRequest.onBeforeRequest.addListener((details) => void worker.network.begin(details as BeforeRequestDetails), api, ['requestBody']);
  browser.webRequest.onSendHeaders.addListener((details) => void worker.network.headers(details), api, ['requestHeaders']);
  browser.webRequest.onCompleted.addListener((details) => void worker.network.complete(details), api, ['responseHeaders']);
  browser.webRequest.onErrorOccurred.addListener((details) => void worker.network.fail(details.requestId), api);

  browser.runtime.onMessage.addListener((message: unknown, sender) => worker.route(message, sender));
  browser.runtime.onInstalled.addListener(() => void worker.start());
  browser.runtime.onStartup.addListener(() => void worker.start());
  browser.commands?.onCommand.addListener((command) => {
    if (command === 'fill-code') void worker.fillActiveTab();
  });
  menus.onClicked.addListener((info, tab) => void worker.menus.clicked({ menuItemId: info.menuItemId, ...(info.frameId !== undefined ? { frameId: info.frameId } : {}) }, tab?.id));
  browser.alarms?.onAlarm.addListener((alarm) => void worker.alarm(alarm.name));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed') void worker.policyChanged();
    // The context menu follows the registered sites, the vault's lock and the accounts the popup shows.
    if ((area === 'local' && LOCAL.sites in changes) || (area === 'session' && (SESSION.snapshot in changes || SESSION.vaultKey in changes))) void worker.menus.sync();
  });
});
