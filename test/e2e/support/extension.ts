import { resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { parseSnapshot } from '../../../src/storage/accounts-snapshot';
import { SESSION } from '../../../src/storage/keys';
import { NO_ASKS, type AskLedger } from '../../../src/worker/ask-ledger';
import { launch, type Browser, type LaunchOptions } from './browser';

// The extension's pages have `chrome`; these callbacks run there, not in Node.
declare const chrome: any;

/** The built extension in Chromium, with handles on its worker and a page of its own. */
export const EXTENSION_DIR = resolve('.output/chrome-mv3');

export interface ExtensionHarness extends Browser {
  id: string;
  worker(): Promise<Worker>;
  /** A tab on the extension's own origin (its manifest.json: no code of ours runs there), for talking to the worker and storage. */
  extensionPage(): Promise<Page>;
  /** Sends a protocol message to the worker from an extension page and returns the reply. */
  send(type: string, payload?: unknown): Promise<any>;
  session(key: string): Promise<any>;
  /** Removes session entries (e.g. the per-origin automatic-fill count between tests of one origin). */
  clearSession(...keys: string[]): Promise<void>;
  /** The accounts of the popup's snapshot (the worker stores it as a JSON string). */
  snapshotAccounts(): Promise<{ id: string; origin: string; secret: string; status: string; label: string }[]>;
  stopWorker(): Promise<void>;
  /** The worker's count of page asks (src/worker/ask-ledger.ts). */
  asks(): Promise<AskLedger>;
  /**
   * Waits, instead of sleeping, until the worker has answered every page ask — at least `asked` more
   * than `since` — and no new one came for {@link QUIET_MS}; returns the ledger then. A report waiting
   * for the browser's record keeps the ledger open, so this waits exactly as long as the worker decides.
   */
  settled(since: AskLedger, options?: { asked?: number; timeoutMs?: number }): Promise<AskLedger>;
}

/** How long the ledger must stay balanced and still: a content script's message takes a few ms to arrive. */
export const QUIET_MS = 250;

/** The build at EXTENSION_DIR unless `extensionDir` names a copy (managed-policy.ts loads one under an id of its own). */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionHarness> {
  const browser = await launch({ ...options, extensionDir: options.extensionDir ?? EXTENSION_DIR });
  const { context } = browser;
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(first.url()).host;
  let page: Page | null = null;
  const extensionPage = async () => {
    if (!page || page.isClosed()) {
      page = await context.newPage();
      // A document of the extension's origin (its APIs, its storage, its IndexedDB) that runs none of
      // its code: the popup here would load its app and redraw on every change for the whole file.
      await page.goto(`chrome-extension://${id}/manifest.json`);
    }
    return page;
  };
  const session = async (key: string) => {
    const p = await extensionPage();
    return p.evaluate(async (k) => (await chrome.storage.session.get(k))[k], key);
  };
  const asks = async (): Promise<AskLedger> => ({ ...NO_ASKS, ...((await session(SESSION.asks)) ?? {}) });
  return {
    ...browser,
    id,
    async worker() {
      return context.serviceWorkers().find((w) => w.url().includes(id)) ?? (await context.waitForEvent('serviceworker'));
    },
    extensionPage,
    async send(type, payload = {}) {
      const p = await extensionPage();
      return p.evaluate(([t, body]) => chrome.runtime.sendMessage({ type: t, payload: body }), [type, payload] as const);
    },
    session,
    async clearSession(...keys) {
      const p = await extensionPage();
      await p.evaluate((k) => chrome.storage.session.remove(k), keys);
    },
    async snapshotAccounts() {
      return parseSnapshot(await session('accountsSnapshot'))?.accounts ?? [];
    },
    asks,
    async settled(since, { asked = 0, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let last = await asks();
      let stillSince = Date.now();
      for (;;) {
        const balanced = last.answered === last.asked && last.asked >= since.asked + asked;
        if (balanced && Date.now() - stillSince >= QUIET_MS) return last;
        if (Date.now() > deadline) throw new Error(`the worker did not settle: ${JSON.stringify({ since, now: last, asked })}`);
        await new Promise((done) => setTimeout(done, 50));
        const now = await asks();
        if (now.asked !== last.asked || now.answered !== last.answered || !balanced) stillSince = Date.now();
        last = now;
      }
    },
    async stopWorker() {
      const p = await extensionPage();
      const cdp = await context.newCDPSession(p);
      // `stopAllWorkers` answers before the worker is down; an event the browser dispatches while it
      // is still stopping can be dropped (the request then counts for nothing: fail closed), which
      // is not what a test that stops the worker *before* a step means. So: wait for 'stopped'.
      const states = new Map<string, string>();
      let changed = () => {};
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const v of versions) if (v.scriptURL.startsWith(`chrome-extension://${id}/`)) states.set(v.versionId, v.runningStatus);
        changed();
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      const deadline = Date.now() + 10_000;
      while ([...states.values()].some((status) => status !== 'stopped')) {
        if (Date.now() > deadline) throw new Error(`the worker did not stop: ${JSON.stringify([...states])}`);
        await new Promise<void>((done) => {
          changed = done;
          setTimeout(done, 100);
        });
      }
      await cdp.detach();
    },
  };
}

export async function newTab(context: BrowserContext, url: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(url);
  return tab;
}

/**
 * After a test moved the sandbox's clock: the person's Security › "Check clock" (the worker's own
 * request, a trusted source), and "Use this clock" when the offset is past the ±10 min bound — so
 * the extension follows at once instead of waiting for consistent answers from the page's traffic.
 */
export async function followClock(ext: ExtensionHarness, origin: string): Promise<void> {
  const checked = await ext.send('clock/check', { origin });
  if (!checked?.ok) throw new Error(`clock check failed: ${JSON.stringify(checked)}`);
  if (checked.value.beyondBound && !checked.value.accepted) {
    const accepted = await ext.send('clock/accept', { origin, offsetMs: checked.value.offsetMs });
    if (!accepted?.ok) throw new Error(`clock accept failed: ${JSON.stringify(accepted)}`);
  }
}
