import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { startAgent } from '@/src/autofill/page-agent';
import { createMessenger, TabMessageSchema } from '@/src/messaging';
import { LOCAL } from '@/src/worker/storage-keys';

// Isolated world, registered at runtime for registered sites only (see src/worker/content-registration.ts).
export default defineContentScript({
  matches: ['http://127.0.0.1/*'],
  registration: 'runtime',
  runAt: 'document_start',
  allFrames: true,
  noScriptStartedPostMessage: true,
  main() {
    const agent = startAgent({
      win: window,
      sites: async () => {
        const stored = await browser.storage.local.get(LOCAL.sites);
        const sites = stored[LOCAL.sites];
        return Array.isArray(sites) ? sites.filter((s): s is string => typeof s === 'string') : [];
      },
      call: createMessenger((message) => browser.runtime.sendMessage(message)),
      random: () => crypto.getRandomValues(new Uint8Array(16)),
    });
    browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const parsed = v.safeParse(TabMessageSchema, message);
      if (parsed.success) void agent.fill(parsed.output.payload.reason);
      return undefined;
    });
  },
});
