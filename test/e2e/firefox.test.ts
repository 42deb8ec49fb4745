import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { parseSnapshot } from '../../src/storage/accounts-snapshot';
import { DEMO, useSandbox } from '../fixtures/sandbox';
import { FIREFOX, FIREFOX_EXTENSION_DIR, launchFirefoxExtension, type FirefoxHarness } from './support/firefox';
import { serverClock } from './support/server-clock';

/**
 * The Firefox build in Debian's Firefox ESR (`npm test` installs it, as it does Chromium): it installs,
 * its MAIN-world capture script sees the sandbox's answers over fetch and over XMLHttpRequest, the
 * key is captured and confirmed, and codes are filled at sign-in — the codes checked with oathtool.
 */
const sb = useSandbox();
let ff: FirefoxHarness;

beforeAll(async () => {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox is missing at ${FIREFOX}: apt-get install -y firefox-esr (npm test installs it)`);
  if (!existsSync(`${FIREFOX_EXTENSION_DIR}/manifest.json`)) throw new Error('No Firefox build: run `npx wxt build -b firefox` first.');
  ff = await launchFirefoxExtension();
});
afterAll(() => ff?.close());

// No Chromium harness here to tell the clock through: only the server's time and oathtool's window.
const { serverSeconds, codesOf } = serverClock(sb);

async function filledValue(page: Page, selector: string, ms = 8000): Promise<string> {
  await page.waitForSelector(selector);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await page.$eval(selector, (el) => (el as HTMLInputElement).value);
    if (value) return value;
    await new Promise((done) => setTimeout(done, 50));
  }
  return '';
}

async function signIn(page: Page) {
  await page.locator('input[name=email]').fill(DEMO.email);
  await page.locator('input[name=password]').fill(DEMO.password);
  await page.locator('button[type=submit]').click();
}

describe('Firefox ESR', () => {
  it('captures the key in the enable wizard and fills sign-in codes, over fetch and over XHR', async () => {
    expect(await ff.send('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
    const page = await ff.browser.newPage();
    // A desktop window (the driver's default 800×600 puts the wizard's code field below the fold,
    // where the extension waits for the person to scroll to it).
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${sb.url}/#/signin`);
    await signIn(page);

    // Enable wizard: the MAIN-world script sees the key, the content script fills the code.
    let since = serverSeconds();
    await page.locator('button::-p-text(Enable Google Authenticator)').click();
    await page.waitForSelector('code.key');
    const key = (await page.$eval('code.key', (el) => el.textContent ?? '')).replace(/\s/g, '');
    // The window is read after the fill: a code filled after waiting for the next period is in it.
    const filledNow = await filledValue(page, 'input[name=code]');
    expect(codesOf(key, since), 'enable wizard').toContain(filledNow);
    await page.locator('form button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent === 'Google Authenticator is enabled.');
    let accounts: { secret: string; status: string; label: string }[] = [];
    for (let i = 0; i < 100; i++) {
      accounts = parseSnapshot(await ff.session('accountsSnapshot'))?.accounts ?? [];
      if (accounts.some((a) => a.status === 'active')) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(accounts.map((a) => [a.secret, a.status, a.label])).toEqual([[key, 'active', DEMO.email]]);

    // Sign-in, over fetch then over XHR. The first time the key is not yet known to be this email's,
    // so the code goes in on the person's click in the field (the fill policy); once the site has
    // accepted it, the next sign-in is filled when the API asks for it.
    for (const transport of ['fetch', 'xhr']) {
      await sb.advance(30);
      // The person's Security › Check clock: the extension follows the moved clock at once.
      expect(await ff.send('clock/check', { origin: sb.url })).toMatchObject({ ok: true });
      await page.goto(`${sb.url}/#/outbox`);
      await page.evaluate(() => localStorage.clear());
      await page.goto(`${sb.url}/${transport === 'xhr' ? '?transport=xhr' : ''}#/signin`);
      await page.reload();
      since = serverSeconds();
      await signIn(page);
      if (transport === 'fetch') {
        await page.waitForSelector('input[name=code]');
        await new Promise((done) => setTimeout(done, 300));
        await page.locator('input[name=code]').click();
      }
      const code = await filledValue(page, 'input[name=code]');
      expect(codesOf(key, since), transport).toContain(code);
      await page.locator('form button[type=submit]').click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Security');
    }
    await page.close();
  });

  it('the background page clears a copied code when its alarm fires, and only if the clipboard still holds it', async () => {
    const page = await ff.extensionPage();
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    /** The worker's alarm, due now: its record's time brought forward and the same alarm set to fire at once. */
    const alarmNow = () =>
      page.evaluate(async () => {
        const ext = (globalThis as any).browser;
        const { copiedCode } = await ext.storage.session.get('copiedCode');
        await ext.storage.session.set({ copiedCode: { ...copiedCode, clearAt: Date.now() } });
        await ext.alarms.create('clipboard-clear', { when: Date.now() + 20 });
      });
    const forgotten = async () => {
      for (let i = 0; i < 100 && (await ff.session('copiedCode')) !== undefined; i++) await new Promise((done) => setTimeout(done, 50));
      return (await ff.session('copiedCode')) === undefined;
    };

    await page.evaluate(() => navigator.clipboard.writeText('123456'));
    expect(await ff.send('clipboard/copied', { code: '123456' })).toMatchObject({ ok: true });
    await alarmNow();
    expect(await forgotten()).toBe(true);
    expect(await clipboard()).toBe('');

    await page.evaluate(() => navigator.clipboard.writeText('654321'));
    expect(await ff.send('clipboard/copied', { code: '654321' })).toMatchObject({ ok: true });
    await page.evaluate(() => navigator.clipboard.writeText('what the person copied since'));
    await alarmNow();
    expect(await forgotten()).toBe(true);
    expect(await clipboard()).toBe('what the person copied since');
  });
});
