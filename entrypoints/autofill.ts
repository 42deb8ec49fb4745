import { startAgent } from '@/src/content';
import { createMessenger } from '@/src/messaging/client';
import { isFillRequest } from '@/src/messaging/tab-message';
import { nativeApi } from '@/src/platform';
import { LOCAL } from '@/src/storage/keys';

// The content script (isolated world), registered at runtime for registered sites only (see
// src/worker/sites/content-registration.ts). An unlisted script rather than a WXT content script, and the
// browser's own promise-based API (`browser` in Firefox, `chrome` in Chrome MV3) rather than the
// polyfill: it runs on every load of a registered page and must stay small.
const ext = nativeApi();

export default defineUnlistedScript({
  main() {
    const agent = startAgent({
      win: window,
      sites: async () => {
        const stored = await ext.storage.local.get(LOCAL.sites);
        const sites = stored[LOCAL.sites];
        return Array.isArray(sites) ? sites.filter((s): s is string => typeof s === 'string') : [];
      },
      call: createMessenger((message) => ext.runtime.sendMessage(message)),
      random: () => crypto.getRandomValues(new Uint8Array(16)),
    });
    // The person's Fill: answer whether a code really went in (the popup says "filled" or "no code field").
    ext.runtime.onMessage.addListener((message: unknown, sender: { id?: string }, sendResponse: (reply: { filled: boolean }) => void) => {
      if (sender.id !== ext.runtime.id || !isFillRequest(message)) return undefined;
      agent.fill(message.payload.reason, message.payload.at).then(
        (filled) => sendResponse({ filled }),
        () => sendResponse({ filled: false }),
      );
      return true;
    });
  },
});
