import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (playwright-core's Firefox needs
 * a patched build), with the built Firefox extension installed through BiDi `webExtension.install`.
 *
 * Two things differ from Chromium and are set here:
 * - the extension's internal UUID is random per profile: the `extensions.webextensions.uuids` pref
 *   pins it, so its pages have a known `moz-extension://` address;
 * - BiDi refuses to navigate to `moz-extension://` unless Firefox runs with
 *   `-remote-allow-system-access`, and the navigation never reports its load to the driver (the
 *   page moves to the extension process): the page is reached, then used.
 * Loopback host permissions (manifest `host_permissions`) are granted at install, as in Chromium.
 */
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv3');
export const GECKO_ID = 'authenticator@b2core-authenticator.example';
const UUID = '0b2c0a11-5e7f-4c3d-9a8b-7c6d5e4f3a2b';

export interface FirefoxHarness {
  browser: Browser;
  origin: string;
  /** A tab on the extension's own origin (popup.html). */
  extensionPage(): Promise<Page>;
  send(type: string, payload?: unknown): Promise<any>;
  session(key: string): Promise<any>;
  close(): Promise<void>;
}

export async function launchFirefoxExtension(): Promise<FirefoxHarness> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['-remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  });
  const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  if (installed !== GECKO_ID) throw new Error(`installed ${installed}, expected ${GECKO_ID}`);
  const origin = `moz-extension://${UUID}`;
  let page: Page | null = null;
  const extensionPage = async () => {
    if (page && !page.isClosed()) return page;
    page = await browser.newPage();
    await page.goto(`${origin}/popup.html`, { waitUntil: 'domcontentloaded', timeout: 1500 }).catch(() => undefined);
    // The driver's idea of the URL stays about:blank: ask the document itself.
    const here = () => page!.evaluate(() => location.origin).catch(() => '');
    for (let i = 0; i < 100 && (await here()) !== origin; i++) await new Promise((done) => setTimeout(done, 50));
    if ((await here()) !== origin) throw new Error('the extension page did not open');
    return page;
  };
  return {
    browser,
    origin,
    extensionPage,
    async send(type, payload = {}) {
      const p = await extensionPage();
      return p.evaluate((t, body) => (globalThis as any).browser.runtime.sendMessage({ type: t, payload: body }), type, payload);
    },
    async session(key) {
      const p = await extensionPage();
      return p.evaluate(async (k) => (await (globalThis as any).browser.storage.session.get(k))[k], key);
    },
    close: () => browser.close(),
  };
}
