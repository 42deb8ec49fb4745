import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { totp } from '../fixtures/rfc6238';
import { HONEYPOTS, page as fixture, REAL_FIELD } from '../fixtures/pages/hostile';
import { caseTab } from './support/case-tab';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { writeTally } from './support/hostile-tally';
import { controlledClock, serverClock } from './support/server-clock';

/**
 * Hostile pages, in real Chromium with the built extension and the real sandbox (hostile-origins.test.ts
 * covers another port, a cross-origin frame, a registered frame in a foreign page and a forged
 * handshake; this file covers the rest). Expected everywhere: no fill of a field the extension must
 * not fill, and no key saved or changed by a page.
 *
 * Most cases end with a positive control: the API asks for a code and the page's one real, visible
 * code field (`#real`) must be filled. It proves the extension was alive on the page and — exchanges
 * being handled in order — that it had already handled everything the hostile page sent before.
 *
 * The registered origin under attack (a script injected into the registered page) — the guarantee:
 * the capture script reports only what the network really answered to a request the page really
 * sent to `origin/api/v2/my/…` (see src/capture/page-observer.ts). So a page script cannot make the
 * extension save a key the server did not issue, and a key the server did issue stays *pending*
 * until the server itself answers the wizard's code step (202, done) with a code that verifies
 * against it. What such a script can do, and no extension can prevent: read a code the extension
 * fills into a visible field of that origin after the API asked for one.
 */
const DEMO = { email: 'demo@example.com', password: 'Demo-Passw0rd' };
const PLAIN = { email: 'plain@example.com', password: 'Plain-Passw0rd' };
const FORGED = 'MFRGGZDFMZTWQ2LK';

let sb: RunningSandbox;
let second: RunningSandbox;
let ext: ExtensionHarness;
const clock = controlledClock(() => sb.url);
const { advance } = serverClock(clock, () => ext);
const tally = { cases: 0, fills: 0, saves: 0, controls: 0 };

const control = (url: string, body?: unknown) => fetch(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
/**
 * A fresh code period on the sandbox (the extension never fills one period's code twice), the
 * extension told at once (Security › Check clock), and the per-origin budget of automatic fills
 * started afresh (the cases here sign in far more often than a person; the budget has its own test).
 */
async function nextPeriod() {
  await advance();
  await ext.clearSession('autoFills');
}

const pages = new Map<string, string>();
/** The tab the cases take in turn (support/case-tab.ts); `finish` ends a case in it. */
let cases: ReturnType<typeof caseTab>;
/** Serves `html` at `path` on the registered origin and opens it in the cases' tab (`fresh`: in a new tab, beside it). */
async function open(path: string, html: string, { fresh = false } = {}): Promise<Page> {
  pages.set(path, html);
  return fresh ? newTab(ext.context, `${sb.url}${path}`) : cases.open(`${sb.url}${path}`);
}
const finish = (tab: Page) => cases.release(tab);

/** The vault as far as a page could change it: entry count, and each shown account's status and key. */
async function vaultState(): Promise<{ entries: number; accounts: string[] }> {
  const entries = await (await ext.extensionPage()).evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done) => {
      const req = indexedDB.open('b2core-authenticator');
      req.onsuccess = () => done(req.result);
    });
    return new Promise<number>((done) => {
      const req = db.transaction('vault').objectStore('vault').count();
      req.onsuccess = () => done(req.result);
    });
  });
  return { entries, accounts: (await ext.snapshotAccounts()).map((a) => `${a.status}:${a.secret}`).sort() };
}

const hostileFilled = async (frames: (Page | Frame)[]) => {
  let n = 0;
  for (const f of frames) n += await f.evaluate(() => (window as any).hostileFilled() as number);
  return n;
};

/** Positive control: the person uses the tab, `signIn` asks for a Google code; the real field must get the right one. */
async function controlFill(target: Page, options: { addField?: boolean } = {}) {
  await nextPeriod();
  await target.locator('h1').click(); // the person's own use of the tab (a trusted input event)
  if (options.addField) await target.evaluate(() => (window as any).addRealField());
  // Where the person can see it (a field below the fold is filled once scrolled to).
  await target.locator('#real').scrollIntoViewIfNeeded();
  const workflow = await target.evaluate(({ email, password }) => (window as any).signIn(email, password).then((r: any) => r.workflow), DEMO);
  expect(workflow).toBe('2fa_google_auth');
  await expect.poll(() => target.locator('#real').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
  const filled = await target.locator('#real').inputValue();
  const now = clock.now();
  expect([totp(key, now - 2000), totp(key, now), totp(key, now + 2000)]).toContain(filled);
  tally.controls++;
}

/** Records one case and checks it: no hostile field filled, nothing saved. */
async function verdict(frames: (Page | Frame)[], before: { entries: number; accounts: string[] }, expectedNewPending = 0) {
  const fills = await hostileFilled(frames);
  const after = await vaultState();
  const forgedSaved = after.accounts.some((a) => a.endsWith(FORGED)) ? 1 : 0;
  const saves = forgedSaved + Math.max(0, after.entries - before.entries - expectedNewPending) + (after.accounts.filter((a) => a.startsWith('active')).join() === before.accounts.filter((a) => a.startsWith('active')).join() ? 0 : 1);
  tally.cases++;
  tally.fills += fills;
  tally.saves += saves;
  expect({ fills, saves }).toEqual({ fills: 0, saves: 0 });
}

/**
 * The end of a case whose field was hidden at first: `fills` (counted while hidden) must be 0, and
 * once the field is shown the grant still stands — the real field gets a code. Counted, checked, closed.
 */
async function filledOnceShown(tab: Page, fills: number, before: { entries: number }) {
  await expect.poll(() => tab.locator('#real').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
  tally.controls++;
  tally.cases++;
  tally.fills += fills;
  expect(fills).toBe(0);
  expect((await vaultState()).entries).toBe(before.entries);
  await finish(tab);
}

let key = '';

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  second = await startSandbox({ port: 0 });
  ext = await launchExtension();
  cases = caseTab(ext);
  await ext.context.route(/\/(fixture|mock|evil)\//, (route) => {
    const url = new URL(route.request().url());
    const html = url.origin === sb.url ? pages.get(url.pathname) : undefined;
    if (html !== undefined) return route.fulfill({ contentType: 'text/html', body: html });
    if (url.origin === sb.url && url.pathname !== '/fixture/') {
      // A same-origin endpoint that is not the API, answering what the enable wizard answers.
      return route.fulfill({ contentType: 'application/json', headers: { Date: new Date().toUTCString() }, body: JSON.stringify({ code: 200, data: { key: FORGED }, done: false, uuid: 'forged-w-1', workflow: '2fa_google' }) });
    }
    return route.continue();
  });
  expect(await ext.send('sites/add', { site: sb.url })).toMatchObject({ ok: true });
  await control(`${sb.url}/__sandbox/clients`, { email: PLAIN.email, password: PLAIN.password });
  await control(`${second.url}/__sandbox/clients`, { email: 'g@example.com', password: 'Passw0rd!', googleKey: 'JBSWY3DPEHPK3PXP' });

  // The extension holds the demo client's key, captured through the sandbox UI as a person would.
  const setup = await newTab(ext.context, `${sb.url}/#/signin`);
  await setup.getByLabel('Email').fill(DEMO.email);
  await setup.getByLabel('Password').fill(DEMO.password);
  await setup.getByRole('button', { name: 'Sign in' }).click();
  await setup.getByRole('button', { name: 'Enable Google Authenticator' }).click();
  key = (await setup.locator('code.key').textContent())!.replace(/\s/g, '');
  await setup.waitForFunction(() => /^\d{6}$/.test(document.querySelector<HTMLInputElement>('input[name=code]')?.value ?? ''), undefined, { timeout: 10_000 });
  await setup.getByRole('button', { name: 'Enable', exact: true }).click();
  await setup.getByText('Google Authenticator is enabled.').waitFor();
  for (let i = 0; i < 100 && (await ext.snapshotAccounts()).map((a) => a.status).join() !== 'active'; i++) await setup.waitForTimeout(50);
  expect((await ext.snapshotAccounts()).map((a) => a.status)).toEqual(['active']);
  // Its first sign-in, on the person's click in the code field: once the site accepts that code, the
  // key is known to be the demo client's, and the controls below fill at once.
  await nextPeriod();
  await setup.getByRole('button', { name: 'Sign out' }).click();
  await setup.getByLabel('Email').fill(DEMO.email);
  await setup.getByLabel('Password').fill(DEMO.password);
  const since = await ext.asks();
  await setup.getByRole('button', { name: 'Sign in' }).click();
  await setup.getByLabel('Code from Google Authenticator').waitFor();
  await ext.settled(since, { asked: 1 }); // the sign-in's report is in: the click finds its grant
  await setup.getByLabel('Code from Google Authenticator').click();
  await setup.waitForFunction(() => /^\d{6}$/.test(document.querySelector<HTMLInputElement>('input[name=code]')?.value ?? ''), undefined, { timeout: 10_000 });
  await setup.getByRole('button', { name: 'Confirm' }).click();
  const emails = async () => (await ext.send('accounts/list', {})).value.accounts.map((a: { email?: string }) => a.email);
  for (let i = 0; i < 100 && (await emails()).join() !== DEMO.email; i++) await setup.waitForTimeout(50);
  expect(await emails()).toEqual([DEMO.email]);
  await setup.close();
});

afterAll(async () => {
  writeTally('hostile-pages', tally);
  await ext?.close();
  await sb?.close();
  await second?.close();
});

/** Signs in through the sandbox's own UI at `url` (a Google client) and leaves the code field open. */
async function uiSignIn(url: string, email: string, password: string): Promise<Page> {
  const tab = await newTab(ext.context, `${url}/#/signin`);
  await tab.getByLabel('Email').fill(email);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.getByLabel('Code from Google Authenticator').waitFor();
  return tab;
}

const tabIdOf = async (url: string): Promise<number> =>
  (await ext.extensionPage()).evaluate(async (u) => (await (globalThis as any).chrome.tabs.query({})).find((t: { url?: string }) => t.url?.startsWith(u)).id, url);

describe('look-alike origins', () => {
  const host = (url: string) => url.replace('127.0.0.1', 'localhost');

  it('localhost on the registered port (the same server, another host name): no scripts, no fill, no capture', async () => {
    const before = await vaultState();
    const since = await ext.asks();
    const tab = await uiSignIn(host(sb.url), DEMO.email, DEMO.password);
    await tab.evaluate(() => document.querySelector('input[name=code]')!.setAttribute('data-hostile', ''));
    expect((await ext.settled(since)).codes).toBe(since.codes);
    expect(await tab.getByLabel('Code from Google Authenticator').inputValue()).toBe('');
    expect(await ext.send('fill/tab', { tabId: await tabIdOf(host(sb.url)) })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const fills = (await tab.getByLabel('Code from Google Authenticator').inputValue()) === '' ? 0 : 1;
    tally.cases++;
    tally.fills += fills;
    expect(fills).toBe(0);
    expect(await vaultState()).toEqual(before);
    await tab.close();
  });

  describe('with http://localhost:<other port> registered too (scripts injected on both host names)', () => {
    beforeAll(async () => {
      expect(await ext.send('sites/add', { site: host(second.url) })).toMatchObject({ ok: true });
    });
    afterAll(async () => {
      await ext.send('sites/remove', { origin: host(second.url) });
    });

    for (const [name, url] of [
      ['localhost on the first port: the scripts run but stay inert', () => host(sb.url)],
      ['127.0.0.1 on the port registered as localhost: the scripts run but stay inert', () => second.url],
    ] as const) {
      it(name, async () => {
        const before = await vaultState();
        const email = url() === second.url ? 'g@example.com' : DEMO.email;
        const since = await ext.asks();
        const tab = await uiSignIn(url(), email, email === DEMO.email ? DEMO.password : 'Passw0rd!');
        expect((await ext.settled(since)).codes).toBe(since.codes);
        const fills = (await tab.getByLabel('Code from Google Authenticator').inputValue()) === '' ? 0 : 1;
        expect(await ext.send('fill/tab', { tabId: await tabIdOf(url()) })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
        tally.cases++;
        tally.fills += fills;
        expect(fills).toBe(0);
        expect(await vaultState()).toEqual(before);
        await tab.close();
      });
    }
  });
});

describe('sandboxed frames in a registered page', () => {
  const frameBody = `<p><label>Verification code <input name="code" data-hostile></label></p>`;

  it('an opaque-origin frame (sandbox without allow-same-origin) of the registered origin gets no fill', async () => {
    const before = await vaultState();
    pages.set('/fixture/opaque-frame.html', fixture(frameBody, { script: `signIn(${JSON.stringify(DEMO.email)}, ${JSON.stringify(DEMO.password)}).catch(() => 0);` }));
    const top = await open('/fixture/opaque-host.html', fixture(`<iframe sandbox="allow-scripts allow-forms" src="/fixture/opaque-frame.html" width="500" height="200"></iframe>`));
    const frame = top.frames().find((f) => f.url().endsWith('opaque-frame.html'))!;
    await frame.locator('input[data-hostile]').waitFor();
    expect(await frame.evaluate(() => origin)).toBe('null');
    // The person's "Fill" goes to the top frame only (which has no code field yet).
    const since = await ext.asks();
    expect(await ext.send('fill/tab', { tabId: await tabIdOf(`${sb.url}/fixture/opaque-host.html`) })).toMatchObject({ ok: true });
    expect((await ext.settled(since)).codes).toBe(since.codes);
    await controlFill(top, { addField: true });
    await verdict([frame], before);
    await finish(top);
  });

  it('a same-origin sandboxed frame (allow-same-origin allow-scripts) does not get the top page\'s fill', async () => {
    const before = await vaultState();
    pages.set('/fixture/sandboxed-frame.html', fixture(frameBody));
    const top = await open('/fixture/sandboxed-host.html', fixture(`${REAL_FIELD}<iframe sandbox="allow-scripts allow-same-origin" src="/fixture/sandboxed-frame.html" width="500" height="200"></iframe>`));
    const frame = top.frames().find((f) => f.url().endsWith('sandboxed-frame.html'))!;
    await frame.locator('input[data-hostile]').waitFor();
    await controlFill(top);
    await verdict([top, frame], before);
    await finish(top);
  });
});

describe('honeypot code fields beside a real one', () => {
  for (const [name, honeypot] of Object.entries(HONEYPOTS)) {
    it(`${name}: the real field is filled, the honeypot is not`, async () => {
      const before = await vaultState();
      const tab = await open(`/fixture/honeypot-${name.replace(/\W+/g, '-')}.html`, fixture(`<form>${honeypot}${REAL_FIELD}</form>`));
      await controlFill(tab);
      await verdict([tab], before);
      await finish(tab);
    });
  }
});

describe('the whole document made invisible (DOM-based extension clickjacking, 2025)', () => {
  for (const [name, style] of [
    ['<html> at opacity 0', { htmlStyle: 'opacity:0' }],
    ['<body> at opacity 0', { bodyStyle: 'opacity:0' }],
    ['<body> at opacity 0.01', { bodyStyle: 'opacity:0.01' }],
    ['<html> with filter: opacity(0)', { htmlStyle: 'filter:opacity(0)' }],
  ] as const) {
    it(`${name}: nothing is filled while it is invisible; once visible, the field is`, async () => {
      const before = await vaultState();
      const tab = await open(`/fixture/invisible-${name.replace(/\W+/g, '-')}.html`, fixture(`<p><label>Verification code <input name="code" id="real" data-hostile></label></p>`, style));
      await nextPeriod();
      await tab.mouse.click(5, 5); // the person uses the tab (the page is invisible, the click is real)
      const since = await ext.asks();
      expect(await tab.evaluate(({ email, password }) => (window as any).signIn(email, password).then((r: any) => r.workflow), DEMO)).toBe('2fa_google_auth');
      await expect.poll(async () => Object.keys((await ext.session('fillGrants')) ?? {}).length).toBeGreaterThan(0);
      // The exchange answered with a grant, and no code left the worker for the invisible field.
      expect((await ext.settled(since, { asked: 1 })).codes).toBe(since.codes);
      const fills = await hostileFilled([tab]);
      // Made visible again (and a node added, so the extension looks again): the grant still stands.
      await tab.evaluate(() => {
        document.documentElement.removeAttribute('style');
        document.body.removeAttribute('style');
        document.querySelector('#real')!.removeAttribute('data-hostile');
        document.body.append(document.createElement('p'));
      });
      await filledOnceShown(tab, fills, before);
    });
  }
});

describe('the page acting on its own', () => {
  it('synthetic focus, click, key and input events (isTrusted false) fill nothing and grant nothing', async () => {
    const before = await vaultState();
    const since = await ext.asks();
    const tab = await open('/fixture/synthetic.html', fixture(`<p><label>Verification code <input name="code" id="real" data-hostile autocomplete="one-time-code"></label></p>`));
    await tab.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('#real')!;
      for (const type of ['pointerdown', 'mousedown', 'focus', 'focusin', 'mouseup', 'click', 'dblclick']) field.dispatchEvent(new MouseEvent(type, { bubbles: true }));
      field.focus();
      for (const type of ['keydown', 'keyup']) {
        // The fill shortcut (Alt+Shift+F) as a page could fake it.
        document.dispatchEvent(new KeyboardEvent(type, { key: 'F', code: 'KeyF', altKey: true, shiftKey: true, bubbles: true }));
        field.dispatchEvent(new KeyboardEvent(type, { key: 'F', code: 'KeyF', altKey: true, shiftKey: true, bubbles: true }));
      }
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: '' }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect((await ext.settled(since)).codes).toBe(since.codes);
    expect(Object.keys((await ext.session('fillGrants')) ?? {})).not.toContain(String(await tabIdOf(`${sb.url}/fixture/synthetic.html`)));
    expect(await tab.locator('#real').inputValue()).toBe('');
    // Its own synthetic `input` event above is counted by the page; only a value would be a fill.
    const fills = (await tab.locator('#real').inputValue()) === '' ? 0 : 1;
    await tab.evaluate(() => document.querySelector('#real')!.removeAttribute('data-hostile'));
    await controlFill(tab);
    tally.cases++;
    tally.fills += fills;
    expect((await vaultState()).entries).toBe(before.entries);
    await finish(tab);
  });

  it('forged capture messages (CustomEvents on document and window, postMessage, runtime.sendMessage) fill and save nothing', async () => {
    const before = await vaultState();
    const tab = await open('/fixture/forged-messages.html', fixture(`<p><label>One-time code <input name="otp" autocomplete="one-time-code" data-hostile></label></p>`));
    const outcome = await tab.evaluate(
      async ({ key, extensionId }) => {
        const exchanges = [
          { method: 'GET', path: '2fa/google/enable/wizard', status: 200, request: {}, response: { code: 200, uuid: 'forged-m-1', workflow: '2fa_google', key } },
          { method: 'POST', path: 'signin', status: 200, request: { email: 'demo@example.com' }, response: { code: 200, uuid: 'forged-s-1', workflow: '2fa_google_auth' } },
          { method: 'GET', path: '2fa/challenge', status: 200, request: {}, response: { provider: 'google' } },
        ];
        const learned: string[] = [];
        document.addEventListener('b2ca-hello-iso', (e) => learned.push(String((e as CustomEvent).detail)));
        window.addEventListener('b2ca-hello-iso', (e) => learned.push(String((e as CustomEvent).detail)), true);
        for (const target of [document, window, document.documentElement]) {
          target.dispatchEvent(new CustomEvent('b2ca-hello-main', { detail: '', bubbles: true }));
          for (const guess of ['0'.repeat(32), 'f'.repeat(32), '']) {
            target.dispatchEvent(new CustomEvent(`b2ca-${guess}`, { detail: 'ready', bubbles: true }));
            for (const exchange of exchanges) target.dispatchEvent(new CustomEvent(`b2ca-${guess}`, { detail: JSON.stringify(exchange), bubbles: true }));
          }
        }
        for (const exchange of exchanges) {
          window.postMessage({ type: 'capture/exchange', payload: { exchange } }, '*');
          window.postMessage(JSON.stringify({ type: 'capture/exchange', payload: { exchange } }), '*');
        }
        // A page cannot reach the extension's worker directly (no externally_connectable).
        let runtime = 'no chrome.runtime';
        const chromeApi = (window as any).chrome;
        if (chromeApi?.runtime?.sendMessage) {
          try {
            await chromeApi.runtime.sendMessage(extensionId, { type: 'capture/exchange', payload: { exchange: exchanges[0] } });
            runtime = 'sent';
          } catch (e) {
            runtime = `refused: ${(e as Error).message}`;
          }
        }
        await new Promise((done) => setTimeout(done, 1000));
        return { learned: learned.filter((n) => n !== '' && !/^0+$|^f+$/.test(n)), runtime };
      },
      { key: FORGED, extensionId: ext.id },
    );
    expect(outcome.learned).toEqual([]);
    expect(outcome.runtime).not.toBe('sent');
    const fills = await hostileFilled([tab]);
    await tab.evaluate(() => document.querySelector('input[data-hostile]')!.closest('p')!.remove());
    await controlFill(tab, { addField: true });
    expect(fills).toBe(0);
    await verdict([tab], before);
    await finish(tab);
  });
});

describe('a script in the registered page forging the enable wizard to plant a key', () => {
  /**
   * Each attack makes the page's own code believe (or tell us) that `GET 2fa/google/enable/wizard`
   * answered 200 with the key FORGED, and then that `POST 2fa/wizard` answered 202 done with a code
   * that verifies against it. The network never said so: nothing may be saved.
   */
  const attacks: Record<string, string> = {
    'a same-origin endpoint that is not the API (/mock/…)': `
      await fetch('/mock/wizard');
      await fetch('/mock/wizard-done', { method: 'POST', body: JSON.stringify({ uuid: 'forged-w-1', code: CODE, key: KEY }) });`,
    'a look-alike API path elsewhere on the origin (/evil/api/v2/my/…)': `
      await (await fetch('/evil/api/v2/my/2fa/google/enable/wizard')).text();`,
    'a data: URL behind an input whose toString lies': `
      const lie = (real, shown) => { let n = 0; return { toString: () => (n++ === 0 ? real : shown) }; };
      await (await fetch(lie(dataUrl(WIZARD), API + '2fa/google/enable/wizard'))).text();
      await sleep(300);
      await (await fetch(lie(dataUrl(DONE), API + '2fa/wizard'), { method: 'POST', body: JSON.stringify({ uuid: 'forged-w-1', action: 'code', code: CODE, key: KEY }) })).text();`,
    'a blob: URL of the forged answer': `
      await (await fetch(URL.createObjectURL(new Blob([WIZARD], { type: 'application/json' })))).text();`,
    'Promise.prototype.then patched to hand over a Response the page made': `
      const then = Promise.prototype.then;
      let forged = null;
      Promise.prototype.then = function (ok, fail) {
        if (forged && typeof ok === 'function' && ok.length === 1) {
          const body = forged; forged = null;
          return then.call(this, () => ok(new Response(body, { status: 200, headers: { date: new Date().toUTCString() } })), fail);
        }
        return then.call(this, ok, fail);
      };
      try {
        forged = WIZARD; await fetch(API + '2fa/google/enable/wizard').catch(() => 0); await sleep(300);
        forged = DONE; await fetch(API + '2fa/wizard', { method: 'POST', body: JSON.stringify({ uuid: 'forged-w-1', action: 'code', code: CODE, key: KEY }) }).catch(() => 0); await sleep(300);
      } finally { Promise.prototype.then = then; }`,
    'Object.prototype.toJSON replacing whatever is serialised': `
      let forged = null;
      Object.prototype.toJSON = function () { return forged && this && this.method ? forged : this; };
      try {
        forged = { method: 'GET', path: '2fa/google/enable/wizard', status: 200, request: {}, response: { code: 200, uuid: 'forged-w-1', workflow: '2fa_google', key: KEY } };
        await (await fetch(API + 'signin/wizard')).text(); await sleep(300);
        forged = { method: 'POST', path: '2fa/wizard', status: 200, request: { uuid: 'forged-w-1', code: CODE, key: KEY }, response: { code: 202, done: true, uuid: 'forged-w-1' } };
        await (await fetch(API + 'signin/wizard')).text(); await sleep(300);
      } finally { delete Object.prototype.toJSON; }`,
    'JSON.parse, Response#json/#text and String#slice patched over a real (401) answer': `
      const saved = [JSON.parse, Response.prototype.json, Response.prototype.text, String.prototype.slice];
      JSON.parse = () => JSON_FORGED;
      Response.prototype.json = async () => JSON_FORGED;
      Response.prototype.text = async () => WIZARD;
      String.prototype.slice = function () { return KEY; };
      try { await fetch(API + '2fa/google/enable/wizard'); await sleep(300); }
      finally { [JSON.parse, Response.prototype.json, Response.prototype.text, String.prototype.slice] = saved; }`,
    'Object.prototype getters supplying code, done, data and key': `
      const names = ['code', 'done', 'data', 'key', 'uuid', 'workflow'];
      const values = { code: 200, done: false, data: { key: KEY }, key: KEY, uuid: 'forged-w-1', workflow: '2fa_google' };
      for (const n of names) Object.defineProperty(Object.prototype, n, { get: () => values[n], configurable: true });
      try { await (await fetch(API + '2fa/google/enable/wizard', { headers: { Authorization: 'Bearer x' } })).text(); await sleep(300); }
      finally { for (const n of names) delete Object.prototype[n]; }`,
    "an XHR re-opened on a data: URL through another realm's open": `
      const frame = document.createElement('iframe'); document.body.append(frame);
      const pristineOpen = frame.contentWindow.XMLHttpRequest.prototype.open;
      const run = (url, real, method, body) => new Promise((done) => { const x = new XMLHttpRequest(); x.open(method, url); pristineOpen.call(x, 'GET', real); x.onloadend = done; x.send(body); });
      await run(API + '2fa/google/enable/wizard', dataUrl(WIZARD), 'GET');
      await sleep(300);
      await run(API + '2fa/wizard', dataUrl(DONE), 'POST', JSON.stringify({ uuid: 'forged-w-1', action: 'code', code: CODE, key: KEY }));`,
    'an XHR whose responseText and status are redefined on the instance': `
      await new Promise((done) => {
        const x = new XMLHttpRequest();
        x.open('GET', API + '2fa/google/enable/wizard');
        Object.defineProperty(x, 'responseText', { get: () => WIZARD });
        Object.defineProperty(x, 'response', { get: () => WIZARD });
        Object.defineProperty(x, 'status', { get: () => 200 });
        x.onloadend = done; x.send();
      });`,
    'a synthetic loadend fired on an XHR before its answer': `
      await new Promise((done) => {
        const x = new XMLHttpRequest();
        x.open('GET', API + '2fa/google/enable/wizard');
        x.onloadend = done; x.send();
        Object.defineProperty(x, 'responseText', { get: () => WIZARD, configurable: true });
        x.dispatchEvent(new ProgressEvent('loadend'));
      });`,
  };

  const preamble = (code: string) => `
    const KEY = ${JSON.stringify(FORGED)}; const CODE = ${JSON.stringify(code)}; const API = location.origin + '/api/v2/my/';
    const WIZARD = JSON.stringify({ code: 200, uuid: 'forged-w-1', workflow: '2fa_google', done: false, data: { key: KEY } });
    const DONE = JSON.stringify({ code: 202, uuid: 'forged-w-1', done: true, data: [] });
    const JSON_FORGED = { code: 200, uuid: 'forged-w-1', workflow: '2fa_google', done: false, data: { key: KEY } };
    const dataUrl = (s) => 'data:application/json,' + encodeURIComponent(s);
    const sleep = (ms) => new Promise((d) => setTimeout(d, ms));`;

  for (const [name, attack] of Object.entries(attacks)) {
    it(`${name}: nothing saved`, async () => {
      const before = await vaultState();
      const tab = await open(`/fixture/plant-${name.replace(/\W+/g, '-').slice(0, 60)}.html`, fixture(''));
      const code = totp(FORGED, clock.now());
      const result = await tab.evaluate(`(async () => { ${preamble(code)} ${attack}; return 'done'; })()`);
      expect(result).toBe('done');
      await controlFill(tab, { addField: true });
      await verdict([tab], before);
      await finish(tab);
    });
  }

  it('a real wizard\'s key is staged pending, and forged "202 done" answers (verifying codes) never activate it', async () => {
    const before = await vaultState();
    const tab = await open('/fixture/plant-real-wizard.html', fixture(''));
    const token = await tab.evaluate(async ({ email, password }) => {
      const step = await (window as any).signIn(email, password);
      return step.data.accessToken.token as string;
    }, PLAIN);
    const wizard = await tab.evaluate(async (t) => (await (window as any).api('GET', '2fa/google/enable/wizard', undefined, t)).body, token);
    const real: string = wizard.data.key;
    await expect.poll(async () => (await ext.snapshotAccounts()).filter((a) => a.secret === real).map((a) => a.status)).toEqual(['pending']);
    const code = totp(real, clock.now());
    // The three ways above that used to work, now aimed at the real pending key and its real uuid.
    await tab.evaluate(
      `(async () => {
        const API = location.origin + '/api/v2/my/'; const sleep = (ms) => new Promise((d) => setTimeout(d, ms));
        const DONE = JSON.stringify({ code: 202, uuid: ${JSON.stringify(wizard.uuid)}, done: true, data: [] });
        const body = JSON.stringify({ uuid: ${JSON.stringify(wizard.uuid)}, action: 'code', code: ${JSON.stringify(code)}, key: ${JSON.stringify(real)} });
        const lie = (a, b) => { let n = 0; return { toString: () => (n++ === 0 ? a : b) }; };
        await (await fetch(lie('data:application/json,' + encodeURIComponent(DONE), API + '2fa/wizard'), { method: 'POST', body })).text();
        const then = Promise.prototype.then; let armed = true;
        Promise.prototype.then = function (ok, fail) {
          if (armed && typeof ok === 'function' && ok.length === 1) { armed = false; return then.call(this, () => ok(new Response(DONE, { status: 200 })), fail); }
          return then.call(this, ok, fail);
        };
        try { await fetch(API + 'signin/wizard').catch(() => 0); await sleep(300); } finally { Promise.prototype.then = then; }
        Object.prototype.toJSON = function () { return this && this.method ? { method: 'POST', path: '2fa/wizard', status: 200, request: { uuid: ${JSON.stringify(wizard.uuid)}, code: ${JSON.stringify(code)} }, response: { code: 202, done: true } } : this; };
        try { await (await fetch(API + 'signin/wizard')).text(); await sleep(300); } finally { delete Object.prototype.toJSON; }
      })()`,
    );
    // The control in a tab of its own: this one's enable wizard still waits for its code field.
    const controlTab = await open('/fixture/plant-real-wizard-control.html', fixture(''), { fresh: true });
    await controlFill(controlTab, { addField: true });
    expect((await ext.snapshotAccounts()).filter((a) => a.secret === real).map((a) => a.status)).toEqual(['pending']);
    await verdict([tab], before, 1);
    await controlTab.close();
    await finish(tab);
  });
});

describe('web components: code fields in open shadow roots', () => {
  /**
   * Components built the way Lit, Stencil and Shoelace build them: an open shadow root per element,
   * nested roots, one component per digit box, content rendered into a root after the fact. The page's
   * `composed` helpers read fields across roots (document.querySelector does not).
   */
  const COMPONENTS = `
    const define = (tag, html) => customElements.define(tag, class extends HTMLElement {
      constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = html(this); }
    });
    define('code-field', (el) => '<label>Verification code <input name="code" id="real" inputmode="numeric" ' + (el.getAttribute('field') || '') + '></label>');
    define('app-shell', () => '<main><h2>Confirm</h2><code-field></code-field></main>');
    define('digit-box', () => '<div class="box"><input maxlength="1" inputmode="numeric" aria-label="Digit" style="width:28px;height:32px"></div>');
    define('otp-input', () => '<div class="boxes" role="group">' + '<digit-box></digit-box>'.repeat(6) + '</div>');
    define('late-panel', () => '<section id="panel"></section>');
    define('covered-field', () => '<div style="position:relative;width:300px;height:40px"><input name="otp" autocomplete="one-time-code" aria-label="One-time code" data-hostile style="position:absolute;left:0;top:0;width:200px;height:30px"><div style="position:absolute;inset:0;background:#fff"></div></div>');
    define('see-through-cover', () => '<div style="position:relative;width:300px;height:40px"><input name="otp" autocomplete="one-time-code" aria-label="One-time code" data-hostile style="position:absolute;left:0;top:0;width:200px;height:30px"><div style="position:absolute;inset:0;background:#fff;pointer-events:none"></div></div>');
    define('hidden-field', () => '<input name="otp" autocomplete="one-time-code" aria-label="One-time code" data-hostile style="display:none">');
    /** Every input in the page, open roots included. */
    window.composedInputs = () => {
      const out = [];
      const walk = (scope) => { for (const el of scope.querySelectorAll('*')) { if (el.localName === 'input') out.push(el); if (el.shadowRoot) walk(el.shadowRoot); } };
      walk(document);
      return out;
    };
    window.hostileFilled = () => window.composedInputs().filter((i) => 'hostile' in i.dataset && i.value !== '').length;
    window.digits = () => window.composedInputs().filter((i) => i.maxLength === 1).map((i) => i.value).join('');`;

  /** The person uses the tab and the API asks for a Google code (as controlFill), without waiting for `#real`. */
  async function signInAsked(tab: Page) {
    await nextPeriod();
    await tab.locator('h1').click();
    expect(await tab.evaluate(({ email, password }) => (window as any).signIn(email, password).then((r: any) => r.workflow), DEMO)).toBe('2fa_google_auth');
  }
  const isCode = (code: string) => {
    const now = clock.now();
    return [totp(key, now - 2000), totp(key, now), totp(key, now + 2000)].includes(code);
  };

  for (const [name, body] of [
    ['a field in a component\'s open root', '<code-field></code-field>'],
    ['a field two roots deep (a component inside an app shell)', '<app-shell></app-shell>'],
  ] as const) {
    it(`${name} is filled like any other`, async () => {
      const before = await vaultState();
      const tab = await open(`/fixture/shadow-${name.replace(/\W+/g, '-').slice(0, 40)}.html`, fixture(body, { script: COMPONENTS }));
      await controlFill(tab);
      await verdict([tab], before);
      await finish(tab);
    });
  }

  it('a split field made of one component per digit box gets a digit in each box', async () => {
    const tab = await open('/fixture/shadow-split.html', fixture('<otp-input></otp-input>', { script: COMPONENTS }));
    await signInAsked(tab);
    await expect.poll(() => tab.evaluate(() => (window as any).digits()), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expect(isCode(await tab.evaluate(() => (window as any).digits()))).toBe(true);
    tally.controls++;
    await finish(tab);
  });

  it('a field rendered later into an existing root is filled once it appears', async () => {
    const tab = await open('/fixture/shadow-late.html', fixture('<late-panel></late-panel>', { script: COMPONENTS }));
    await signInAsked(tab);
    await expect.poll(async () => Object.keys((await ext.session('fillGrants')) ?? {}).length).toBeGreaterThan(0);
    // Only the root's content changes (no node of the document itself): a document-only observer would miss it.
    await tab.evaluate(() => {
      document.querySelector('late-panel')!.shadowRoot!.querySelector('#panel')!.innerHTML = '<label>Verification code <input name="code" id="real" inputmode="numeric"></label>';
    });
    await expect.poll(() => tab.locator('#real').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expect(isCode(await tab.locator('#real').inputValue())).toBe(true);
    tally.controls++;
    await finish(tab);
  });

  for (const [name, tag] of [
    ['hidden inside a root (display: none)', 'hidden-field'],
    ['covered by an overlay inside the same root', 'covered-field'],
    ['covered inside a root by an overlay that lets clicks through', 'see-through-cover'],
  ] as const) {
    it(`a honeypot ${name} is not filled; the real field beside it is`, async () => {
      const before = await vaultState();
      const tab = await open(`/fixture/shadow-${tag}.html`, fixture(`<${tag}></${tag}>${REAL_FIELD}`, { script: COMPONENTS }));
      await controlFill(tab);
      await verdict([tab], before);
      await finish(tab);
    });
  }

  it('a component hidden from outside (its host at opacity 0) gets nothing until it is shown', async () => {
    const before = await vaultState();
    const tab = await open('/fixture/shadow-host-opacity.html', fixture('<code-field style="opacity:0" field="data-hostile"></code-field>', { script: COMPONENTS }));
    const since = await ext.asks();
    await signInAsked(tab);
    expect((await ext.settled(since, { asked: 1 })).codes).toBe(since.codes);
    const fills = await hostileFilled([tab]);
    await tab.evaluate(() => document.querySelector('code-field')!.removeAttribute('style'));
    await filledOnceShown(tab, fills, before);
  });
});

describe('load', () => {
  it('3,000 code-like inputs (and a declared one-time-code field past the first 400): nothing filled', async () => {
    const before = await vaultState();
    const many = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? `<input name="otp-${i}" autocomplete="one-time-code" data-hostile>` : `<input name="code-${i}" aria-label="Code" data-hostile>`)).join('');
    const tab = await open('/fixture/thousands.html', fixture(`<form id="many">${many}</form>`));
    await nextPeriod();
    await tab.locator('h1').click(); // the person uses the tab: the sign-in may be filled at once
    const since = await ext.asks();
    expect(await tab.evaluate(({ email, password }) => (window as any).signIn(email, password).then((r: any) => r.workflow), DEMO)).toBe('2fa_google_auth');
    await expect.poll(async () => Object.keys((await ext.session('fillGrants')) ?? {}).length).toBeGreaterThan(0);
    expect((await ext.settled(since, { asked: 1 })).codes).toBe(since.codes);
    const fills = await hostileFilled([tab]);
    // The grant still stands: once the flood is gone, a real field is filled.
    await tab.evaluate(() => {
      document.querySelector('#many')!.remove();
      (window as any).addRealField();
    });
    await filledOnceShown(tab, fills, before);
  });

  it('rapid DOM churn with a flickering code field fills nothing unasked; the page keeps working', async () => {
    const before = await vaultState();
    const tab = await open(
      '/fixture/churn.html',
      fixture('<div id="churn"></div>', {
        script: `
          window.mutations = 0;
          const box = document.getElementById('churn');
          const timer = setInterval(() => {
            for (let i = 0; i < 50; i++) { const d = document.createElement('div'); d.textContent = 'x' + i; box.append(d); window.mutations++; }
            while (box.childNodes.length > 200) { box.firstChild.remove(); window.mutations++; }
            const old = document.getElementById('flicker');
            if (old) old.remove();
            else box.insertAdjacentHTML('afterbegin', '<label id="flicker">Code <input name="code" autocomplete="one-time-code" data-hostile></label>');
            box.setAttribute('class', 'c' + (window.mutations % 7));
            window.mutations += 2;
          }, 2);
          window.stopChurn = () => { clearInterval(timer); document.getElementById('flicker')?.remove(); };`,
      }),
    );
    await tab.waitForTimeout(1000); // a second of churn (well over a thousand mutations)
    const churned = await tab.evaluate(() => {
      (window as any).stopChurn();
      return (window as any).mutations as number;
    });
    expect(churned).toBeGreaterThan(1000);
    const fills = await hostileFilled([tab]);
    await controlFill(tab, { addField: true });
    tally.cases++;
    tally.fills += fills;
    expect(fills).toBe(0);
    expect((await vaultState()).entries).toBe(before.entries);
    await finish(tab);
  });
});
