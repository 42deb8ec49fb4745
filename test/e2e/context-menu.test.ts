import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { controlledClock, poll, serverClock } from './support/server-clock';

// The extension's worker has `chrome`; these callbacks run there, not in Node.
declare const chrome: any;

/**
 * "Fill 2FA code" in the context menu, in real Chromium with the built extension and the sandbox.
 * The browser draws its native menu outside the page, where no test driver reaches; everything else
 * is real: the person's right-click (a trusted `contextmenu`), the items the worker created with the
 * browser's menus API, and the browser's own `onClicked` event, dispatched with the item's id and the
 * tab and frame as the browser would. Every attack ends with a positive control on the same page.
 */
const ANN = { email: 'ann@example.com', key: 'JBSWY3DPEHPK3PXP' };
const BOB = { email: 'bob@example.com', password: 'Bob-Passw0rd!', key: 'KRSXG5DSN5XW4ZLQ' };

let sb: RunningSandbox;
let ext: ExtensionHarness;
const clock = controlledClock(() => sb.url);
const { advance, codesOf, serverSeconds } = serverClock(clock, () => ext);
const ids: Record<string, string> = {};
const pages = new Map<string, string>();

/** A page of the registered site: a comment box, the real code field, a honeypot off-screen, and a same-origin frame with a code field. */
const PAGE = `<!doctype html><title>Confirm</title>
<form><label>Comment <input id="comment"></label>
<label>Code from Google Authenticator <input id="real" autocomplete="one-time-code" inputmode="numeric"></label>
<input id="honeypot" name="otp" style="position:absolute;left:-9999px">
<button type="button">Confirm</button></form>
<iframe src="/fixture/frame" style="width:320px;height:80px"></iframe>`;
const FRAME = `<!doctype html><label>Frame code <input id="framed" autocomplete="one-time-code"></label>`;

async function open(path: string, html = PAGE): Promise<Page> {
  pages.set(path, html);
  return newTab(ext.context, `${sb.url}${path}`);
}

const tabIdOf = async (url: string): Promise<number> =>
  (await ext.extensionPage()).evaluate(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u).id, url);

/** The browser's `onClicked` for item `id`, in tab `tab`'s frame `frameId` (0: top). */
async function choose(tab: Page, id: string, frameId = 0) {
  const tabId = await tabIdOf(tab.url());
  await (await ext.worker()).evaluate(([item, t, frame, pageUrl]) => chrome.contextMenus.onClicked.dispatch({ menuItemId: item, frameId: frame, editable: true, pageUrl }, { id: t }), [id, tabId, frameId, tab.url()] as const);
}

/** Does the browser hold a menu item of this id? (`update` fails for an unknown one.) */
const hasItem = async (id: string) => (await ext.worker()).evaluate((item) => chrome.contextMenus.update(item, {}).then(() => true, () => false), id);

/** Chooses the menu item and waits until the content script has answered the fill (the worker's ledger). */
async function chooseAndSettle(tab: Page, id: string, frameId = 0) {
  const since = await ext.asks();
  await choose(tab, id, frameId);
  return { since, after: await ext.settled(since, { asked: 1 }) };
}

const value = (tab: Page, selector: string) => tab.locator(selector).inputValue();

/** The positive control: the person right-clicks the real field and chooses Ann: her code goes in. */
async function control(tab: Page) {
  await advance();
  const since = serverSeconds();
  await tab.locator('#real').click({ button: 'right' });
  await choose(tab, ids.ann!);
  await poll(() => value(tab, '#real')).toMatch(/^\d{6}$/);
  const filledNow = await value(tab, '#real');
  expect(codesOf(ANN.key, since)).toContain(filledNow);
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  ext = await launchExtension();
  await ext.context.route(/\/fixture\//, (route) => {
    const html = pages.get(new URL(route.request().url()).pathname) ?? (route.request().url().endsWith('/fixture/frame') ? FRAME : undefined);
    return html === undefined ? route.continue() : route.fulfill({ contentType: 'text/html', body: html });
  });
  expect(await ext.send('sites/add', { site: sb.url })).toMatchObject({ ok: true });
  // Codes leave only on the person's request: no fill on the API's own signals.
  expect(await ext.send('security/settings', { autofill: 'manual' })).toMatchObject({ ok: true });
  const res = await fetch(`${sb.url}/__sandbox/clients`, { method: 'POST', body: JSON.stringify({ email: BOB.email, password: BOB.password, googleKey: BOB.key }) });
  expect(res.ok).toBe(true);
  const text = [ANN, BOB].map((a) => `otpauth://totp/${encodeURIComponent(a.email)}?secret=${a.key}`).join('\n');
  expect(await ext.send('backup/import', { text, site: sb.url })).toMatchObject({ ok: true, value: { added: 2 } });
  for (const a of await ext.snapshotAccounts()) ids[a.label.startsWith('ann') ? 'ann' : 'bob'] = `${sb.url}|${a.id}`;
  for (let i = 0; i < 100 && !(await hasItem(ids.bob!)); i++) await new Promise((done) => setTimeout(done, 50));
});

afterAll(async () => {
  await ext?.close();
  await sb?.close();
});

describe('the menu in the browser', () => {
  it('a "Fill 2FA code" submenu on the registered site names both accounts', async () => {
    expect(await hasItem(sb.url)).toBe(true);
    expect(await hasItem(ids.ann!)).toBe(true);
    expect(await hasItem(ids.bob!)).toBe(true);
    expect(await hasItem('unlock')).toBe(false);
  });

  it('signs in to the sandbox: the right-clicked code field gets the chosen account\'s code, and the site accepts it', async () => {
    await advance();
    const tab = await newTab(ext.context, `${sb.url}/#/signin`);
    await tab.getByLabel('Email').fill(BOB.email);
    await tab.getByLabel('Password').fill(BOB.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    const field = tab.getByLabel('Code from Google Authenticator');
    await field.click({ button: 'right' });
    const since = serverSeconds();
    await choose(tab, ids.bob!);
    await poll(() => field.inputValue()).toMatch(/^\d{6}$/);
    const filledNow = await field.inputValue();
    expect(codesOf(BOB.key, since)).toContain(filledNow);
    await tab.getByRole('button', { name: 'Confirm' }).click();
    await tab.getByRole('button', { name: 'Sign out' }).waitFor();
    await tab.close();
  });

  it('the field the person right-clicked is the one filled, even when it is not the page\'s code field', async () => {
    const tab = await open('/fixture/comment');
    await advance();
    const since = serverSeconds();
    await tab.locator('#comment').click({ button: 'right' });
    await choose(tab, ids.ann!);
    await poll(() => value(tab, '#comment')).toMatch(/^\d{6}$/);
    const filledNow = await value(tab, '#comment');
    expect(codesOf(ANN.key, since)).toContain(filledNow);
    expect(await value(tab, '#real')).toBe('');
    await tab.close();
  });
});

describe('a page that tries to steer the menu', () => {
  it('no right-click at all (only the menu event): nothing is asked, nothing filled', async () => {
    const tab = await open('/fixture/none');
    const { since, after } = await chooseAndSettle(tab, ids.ann!);
    expect(after.codes).toBe(since.codes);
    expect(await value(tab, '#real')).toBe('');
    await control(tab);
    await tab.close();
  });

  it('a synthetic contextmenu on the honeypot after the person\'s right-click: the person\'s field gets the code', async () => {
    const tab = await open('/fixture/redirect');
    await tab.evaluate(() =>
      document.addEventListener('contextmenu', () => setTimeout(() => document.getElementById('honeypot')!.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, composed: true })), 0)),
    );
    await advance();
    await tab.locator('#real').click({ button: 'right' });
    await choose(tab, ids.ann!);
    await poll(() => value(tab, '#real')).toMatch(/^\d{6}$/);
    expect(await value(tab, '#honeypot')).toBe('');
    await tab.close();
  });

  for (const [name, change] of [
    ['replaced by a look-alike', `const old = document.getElementById('real'); const twin = old.cloneNode(); twin.id = 'twin'; old.replaceWith(twin);`],
    ['made transparent', `document.getElementById('real').style.opacity = '0';`],
    ['covered by an overlay', `const r = document.getElementById('real').getBoundingClientRect(); const o = document.createElement('div'); o.style.cssText = 'position:fixed;background:#fff;left:' + r.left + 'px;top:' + r.top + 'px;width:' + r.width + 'px;height:' + r.height + 'px'; document.body.append(o); window.__overlay = o;`],
  ] as const) {
    it(`the right-clicked field ${name} before the menu is chosen: nothing filled; the real field afterwards is`, async () => {
      const tab = await open(`/fixture/${name.replace(/\W+/g, '-')}`);
      await tab.locator('#real').click({ button: 'right' });
      await tab.evaluate(change);
      const { since, after } = await chooseAndSettle(tab, ids.ann!);
      expect(after.codes).toBe(since.codes);
      expect(await tab.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value).join(''))).toBe('');
      // The page puts things back; the person right-clicks the real field again.
      await tab.evaluate(() => {
        (window as any).__overlay?.remove();
        const twin = document.getElementById('twin');
        if (twin) twin.id = 'real';
        document.getElementById('real')!.style.opacity = '';
      });
      await control(tab);
      await tab.close();
    });
  }

  it('a field in a same-origin frame: the menu chosen there fills nothing, in the frame or the page', async () => {
    const tab = await open('/fixture/framed');
    const frame = tab.frames().find((f) => f.url().endsWith('/fixture/frame'))!;
    await frame.locator('#framed').click({ button: 'right' });
    const frameId = await (await ext.extensionPage()).evaluate(
      async ([t, u]) => (await chrome.webNavigation?.getAllFrames({ tabId: t }))?.find((f: { url: string }) => f.url === u)?.frameId ?? 1,
      [await tabIdOf(tab.url()), frame.url()] as const,
    );
    const since = await ext.asks();
    await choose(tab, ids.ann!, frameId);
    // The worker refuses a frame before asking anything of the tab: wait for the ledger to stay still.
    const after = await ext.settled(since);
    expect(after.codes).toBe(since.codes);
    expect(await frame.locator('#framed').inputValue()).toBe('');
    expect(await value(tab, '#real')).toBe('');
    await control(tab);
    await tab.close();
  });
});

describe('a locked vault', () => {
  it('one item asks to unlock; choosing it fills nothing; unlocking brings the accounts back', async () => {
    expect(await ext.send('security/passphrase', { next: 'context menu passphrase' })).toMatchObject({ ok: true });
    expect(await ext.send('vault/lock')).toMatchObject({ ok: true });
    await poll(() => hasItem('unlock')).toBe(true);
    expect(await hasItem(ids.ann!)).toBe(false);
    const tab = await open('/fixture/locked');
    await tab.locator('#real').click({ button: 'right' });
    const since = await ext.asks();
    await choose(tab, 'unlock');
    expect((await ext.settled(since)).codes).toBe(since.codes);
    expect(await value(tab, '#real')).toBe('');
    expect(await ext.send('vault/unlock', { passphrase: 'context menu passphrase' })).toMatchObject({ ok: true });
    await poll(() => hasItem(ids.ann!)).toBe(true);
    expect(await hasItem('unlock')).toBe(false);
    await control(tab);
    await tab.close();
  });
});
