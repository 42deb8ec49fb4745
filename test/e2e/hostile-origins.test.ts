import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { DEMO, useSandbox } from '../fixtures/sandbox';
import { followClock, launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { startFixtureServer } from './support/fixture-server';

/**
 * Where the extension must do nothing: the same page on another port of 127.0.0.1, a cross-origin
 * frame, a registered frame inside a foreign page, and a registered page that forges capture events.
 * Only `sb.url` is registered.
 */
const sb = useSandbox();
let other: RunningSandbox;
let ext: ExtensionHarness;
const KEY = 'TPYXG33M4LOHFJHB';

beforeAll(async () => {
  other = await startSandbox({ port: 0 });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await other?.close();
});
beforeEach(async () => {
  for (const p of ext.context.pages()) if (p.url().startsWith('http')) await p.close();
  expect(await ext.send('sites/add', { site: sb.url })).toMatchObject({ ok: true });
  // Signed out on both origins (the UI keeps its session in localStorage).
  for (const url of [sb.url, other.url]) {
    const tab = await newTab(ext.context, `${url}/#/outbox`);
    await tab.evaluate(() => localStorage.clear());
    await tab.close();
  }
});

const snapshotSecrets = async (): Promise<string[]> => (await ext.snapshotAccounts()).map((a) => a.secret);
const codeField = (page: Page, label: string) => page.getByLabel(label);
const tabId = async (url: string): Promise<number> =>
  (await ext.extensionPage()).evaluate(async (u) => (await (globalThis as any).chrome.tabs.query({})).find((t: { url?: string }) => t.url?.startsWith(u)).id, url);

describe('hostile origins', () => {
  it('another port of the same host: no capture, no fill', async () => {
    const page = await newTab(ext.context, `${other.url}/#/signin`);
    const since = await ext.asks();
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    const key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    expect((await ext.settled(since)).codes).toBe(since.codes);
    expect(await codeField(page, 'Verification code').inputValue()).toBe('');
    expect(await snapshotSecrets()).not.toContain(key);
    // The person's "Fill" is refused there too.
    expect(await ext.send('fill/tab', { tabId: await tabId(other.url) })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('a cross-origin frame in a registered page gets no fill; the page itself does', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: KEY });
    // Make the extension hold an active account for the registered origin, through capture.
    const setup = await newTab(ext.context, `${sb.url}/#/signin`);
    await setup.getByLabel('Email').fill(DEMO.email);
    await setup.getByLabel('Password').fill(DEMO.password);
    await setup.getByRole('button', { name: 'Sign in' }).click();
    await setup.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    await expect.poll(() => setup.getByLabel('Verification code').inputValue(), { timeout: 5000 }).toMatch(/^\d{6}$/);
    await setup.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => setup.getByRole('status').first().textContent()).toBe('Google Authenticator is enabled.');

    // A new period, and the extension told at once (Security › Check clock), so the manual fill
    // below does not wait for the code after the one the wizard used.
    await sb.advance(30);
    await followClock(ext, sb.url);
    const field = '<label>Verification code <input name="code"></label>';
    await ext.context.route(`${sb.url}/fixture/host.html`, (r) => r.fulfill({ contentType: 'text/html', body: `<h1>Host</h1>${field}<iframe src="${other.url}/fixture/frame.html" width="400" height="200"></iframe>` }));
    await ext.context.route(`${other.url}/fixture/frame.html`, (r) => r.fulfill({ contentType: 'text/html', body: `<h1>Frame</h1>${field}` }));
    const page = await newTab(ext.context, `${sb.url}/fixture/host.html`);
    const frame = page.frames().find((f) => f.url().startsWith(other.url))!;
    await frame.getByLabel('Verification code').waitFor();
    expect(await ext.send('fill/tab', { tabId: await tabId(`${sb.url}/fixture/host.html`) })).toEqual({ ok: true, value: { filled: true } });
    await expect.poll(() => page.getByLabel('Verification code').inputValue(), { timeout: 5000 }).toMatch(/^\d{6}$/);
    expect(await frame.getByLabel('Verification code').inputValue()).toBe('');
  });

  it('a registered frame inside a foreign page gets no fill, even when the API asks for a code', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: KEY });
    const foreign = await startFixtureServer({ '/embed.html': `<h1>Not B2Core</h1><iframe src="${sb.url}/#/signin" width="800" height="600"></iframe>` });
    const page = await newTab(ext.context, `${foreign.url}/embed.html`);
    const since = await ext.asks();
    const frame = page.frameLocator('iframe');
    await frame.getByLabel('Email').fill('g@example.com');
    await frame.getByLabel('Password').fill('Passw0rd!');
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await frame.getByLabel('Code from Google Authenticator').waitFor();
    expect((await ext.settled(since)).codes).toBe(since.codes);
    expect(await frame.getByLabel('Code from Google Authenticator').inputValue()).toBe('');
    await foreign.close();
  });

  it('a registered page forging capture events saves nothing and learns no channel', async () => {
    const page = await newTab(ext.context, `${sb.url}/#/signin`);
    const learned = await page.evaluate(async (key) => {
      const forged = JSON.stringify({ method: 'GET', path: '2fa/google/enable/wizard', status: 200, response: { code: 200, uuid: 'forged-1', workflow: '2fa_google', key } });
      const nonces: string[] = [];
      document.addEventListener('b2ca-hello-iso', (e) => nonces.push(String((e as CustomEvent).detail)));
      // Ask for a handshake as the capture script would, and try a guessed channel.
      document.dispatchEvent(new CustomEvent('b2ca-hello-main', { detail: '' }));
      const guess = '0'.repeat(32);
      document.dispatchEvent(new CustomEvent('b2ca-hello-iso', { detail: guess }));
      document.dispatchEvent(new CustomEvent(`b2ca-${guess}`, { detail: forged }));
      window.postMessage({ type: 'capture/exchange', payload: { exchange: JSON.parse(forged) } }, '*');
      await new Promise((done) => setTimeout(done, 1000));
      return nonces.filter((n) => n !== guess);
    }, KEY);
    expect(learned).toEqual([]);
    expect(await snapshotSecrets()).not.toContain(KEY);
  });
});
