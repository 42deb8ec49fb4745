import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { CRAFTED, CRAFTED_KEYS, craftedEncryptedBackup, craftedOtpauthList } from '../fixtures/import-crafted';
import { oathtoolWindow } from '../fixtures/oathtool';
import { page as fixture } from '../fixtures/pages/hostile';
import { totp } from '../fixtures/rfc6238';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { writeTally, type Tally } from './support/hostile-tally';
import { controlledClock, serverClock } from './support/server-clock';

/**
 * A page script gains nothing (issue 10; ARCHITECTURE.md, "Threat model"), in real Chromium with the
 * built extension and the real sandbox. Each attack is a script running on the registered origin —
 * an XSS or a bad third-party script — with the frames and windows it can make; each case checks
 * that the attack fails and, beside it, that the honest path still works: a sign-in filled at once,
 * a challenge filled on the person's click, the enable wizard filled, codes equal to oathtool's.
 *
 * The cast: VICTIM, whose Google key the extension holds (bound to the victim's client id and
 * email), and two clients of the attacker: MALLORY (Google enabled with a key of her own) and MAL2
 * (no 2FA yet, so a script can run her enable wizard).
 */
const VICTIM = { email: 'victim@example.com', password: 'Victim-Passw0rd', key: 'TPYXG33M4LOHFJHB' };
const MALLORY = { email: 'mallory@example.com', password: 'Mallory-Passw0rd', key: 'JBSWY3DPEHPK3PXP' };
const MAL2 = { email: 'mal2@example.com', password: 'Mal2-Passw0rd' };
const MAL3 = { email: 'mal3@example.com', password: 'Mal3-Passw0rd' };

let sb: RunningSandbox;
let ext: ExtensionHarness;
let victimId = '';
const tally: Tally = { cases: 0, fills: 0, saves: 0, controls: 0 };
const pages = new Map<string, string>();

const control = (path: string, body?: unknown) => fetch(`${sb.url}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const clock = controlledClock(() => sb.url);
const { serverSeconds, advance } = serverClock(clock, () => ext);

/** A fresh code period on the server (each code is accepted once), and the extension told at once. */
async function nextPeriod() {
  await advance();
  // A new period lets the per-origin budget of automatic fills start afresh too (tested on its own).
  await ext.clearSession('autoFills');
}

/** Helpers every attack page has, beside the hostile fixture's (`api`, `signIn`, `addRealField`). */
const ATTACK_HELPERS = `
  window.tokenOf = async (email, password, code) => {
    const started = await signIn(email, password);
    if (started.code === 202) return started.data.accessToken.token;
    const done = await api('POST', '2fa/google', { uuid: started.uuid, code });
    return done.body.data.accessToken.token;
  };
  window.codeField = (label) => {
    const p = document.createElement('p');
    p.innerHTML = '<label>' + (label || 'Confirmation code') + ' <input name="code" id="real" inputmode="numeric" autocomplete="one-time-code"></label>';
    document.body.append(p);
    return p.querySelector('input');
  };
`;

/** Serves `body` (with the helpers and `script`) on the registered origin at `path` and opens it. */
async function open(path: string, body: string, script = ''): Promise<Page> {
  pages.set(path, fixture(body, { script: ATTACK_HELPERS + script }));
  return newTab(ext.context, `${sb.url}${path}`);
}

/** The vault as a page could change it: every account's status, secret, label and owner. */
async function vault(): Promise<string[]> {
  const listed = await ext.send('accounts/list', {});
  const reveal = await Promise.all(
    (listed.value.accounts as { id: string; status: string; label: string; email?: string; clientId?: string }[]).map(async (a) => {
      const uri = (await ext.send('accounts/reveal', { id: a.id })).value?.uri as string | undefined;
      const secret = uri ? new URL(uri).searchParams.get('secret') : '?';
      return `${a.status}:${secret}:${a.label}:${a.email ?? ''}:${a.clientId ?? ''}`;
    }),
  );
  return reveal.sort();
}

/** Deletes the accounts whose key `drop` picks (to leave the vault as the next case expects it). */
async function deleteKeys(drop: (secret: string) => boolean) {
  const listed = await ext.send('accounts/list', {});
  for (const a of listed.value.accounts as { id: string }[]) {
    const uri = (await ext.send('accounts/reveal', { id: a.id })).value?.uri as string | undefined;
    if (uri && drop(new URL(uri).searchParams.get('secret') ?? '')) await ext.send('accounts/delete', { id: a.id });
  }
}

const value = (tab: Page) => tab.locator('#real').inputValue();

/** The person clicks the code field, and again if nothing came (a click before the extension was ready). */
async function clickUntilFilled(tab: Page) {
  for (let i = 0; i < 3 && (await value(tab)) === ''; i++) {
    await tab.locator('#real').click();
    for (let t = 0; t < 60 && (await value(tab)) === ''; t++) await tab.waitForTimeout(50);
  }
  expect(await value(tab)).toMatch(/^\d{6}$/);
}

/** One case: what the attack must not have got, counted into the hostile-pages line. */
function verdict(filled: string, before: string[], after: string[]) {
  const fills = filled === '' ? 0 : 1;
  const saves = before.join('\n') === after.join('\n') ? 0 : 1;
  tally.cases++;
  tally.fills += fills;
  tally.saves += saves;
  expect({ fills, saves, after }).toEqual({ fills: 0, saves: 0, after: before });
}

/** The victim's sign-in in `tab`'s page, the person having just used the tab: filled at once with the victim's code. */
async function signInControl(tab: Page) {
  await nextPeriod();
  await tab.locator('h1').click(); // the person's own use of the tab (trusted input)
  const since = serverSeconds();
  await tab.evaluate(() => (window as any).codeField('Code from Google Authenticator'));
  const answer = await tab.evaluate(({ email, password }) => (window as any).signIn(email, password), VICTIM);
  expect(answer.workflow).toBe('2fa_google_auth');
  await expect.poll(() => value(tab), { timeout: 10_000 }).toMatch(/^\d{6}$/);
  const filledNow = await value(tab);
  expect(oathtoolWindow(VICTIM.key, since, serverSeconds())).toContain(filledNow);
  tally.controls++;
}

/** The victim's token, as a signed-in page holds it (taken here over the API, as the page's own session). */
async function victimToken(): Promise<string> {
  await nextPeriod();
  const wizard = await (await fetch(`${sb.url}/api/v2/my/signin/wizard`)).json();
  const fp = Buffer.from(JSON.stringify({ user_agent: 'test' })).toString('base64');
  const started = await (await fetch(`${sb.url}/api/v2/my/signin`, { method: 'POST', body: JSON.stringify({ uuid: wizard.uuid, email: VICTIM.email, password: VICTIM.password, device_fingerprint: fp }) })).json();
  const done = await (await fetch(`${sb.url}/api/v2/my/2fa/google`, { method: 'POST', body: JSON.stringify({ uuid: started.uuid, code: totp(VICTIM.key, serverSeconds() * 1000) }) })).json();
  return done.data.accessToken.token;
}

/** A challenge the victim's page starts; the code goes in on the person's click on the field (oathtool's code). */
async function challengeControl(tab: Page, token: string) {
  await nextPeriod();
  await tab.evaluate(() => document.querySelector('#real')?.closest('p')?.remove());
  const since = serverSeconds();
  const asks = await ext.asks();
  await tab.evaluate(async (t) => {
    (window as any).codeField();
    await (window as any).api('GET', '2fa/challenge?businessProcess=changePassword', undefined, t);
  }, token);
  expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes); // not on the page's word
  expect(await value(tab)).toBe('');
  await clickUntilFilled(tab);
  const filledNow = await value(tab);
  expect(oathtoolWindow(VICTIM.key, since, serverSeconds())).toContain(filledNow);
  tally.controls++;
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  ext = await launchExtension();
  await ext.context.route(/\/fixture\//, (route) => {
    const url = new URL(route.request().url());
    const html = url.origin === sb.url ? pages.get(url.pathname) : undefined;
    return html !== undefined ? route.fulfill({ contentType: 'text/html', body: html }) : route.continue();
  });
  expect(await ext.send('sites/add', { site: sb.url })).toMatchObject({ ok: true });
  const victim = await (await control('/__sandbox/clients', { email: VICTIM.email, password: VICTIM.password, googleKey: VICTIM.key })).json();
  victimId = String(victim.id);
  await control('/__sandbox/clients', { email: MALLORY.email, password: MALLORY.password, googleKey: MALLORY.key });
  await control('/__sandbox/clients', { email: MAL2.email, password: MAL2.password });
  await control('/__sandbox/clients', { email: MAL3.email, password: MAL3.password });
  // The victim's key, as the guided set-up keeps it: bound to the victim's client id and email.
  const staged = await ext.send('accounts/stage', { origin: sb.url, email: VICTIM.email, clientId: victimId, secret: VICTIM.key, wizardUuid: 'seed-victim' });
  expect(staged).toMatchObject({ ok: true });
  expect(await ext.send('accounts/activate', { id: staged.value.account.id })).toMatchObject({ ok: true });
});

beforeEach(async () => {
  for (const p of ext.context.pages()) if (p.url().startsWith(sb.url)) await p.close();
});

afterAll(async () => {
  writeTally('page-script-attacks', tally);
  await ext?.close();
  await sb?.close();
});

describe('the private channel (a realm reached before our scripts run)', () => {
  /**
   * In the child realm, before its document has run anything: patch the built-ins a script would
   * use to overhear the capture handshake, and listen for every event. `heard` collects what went by.
   */
  const EAVESDROP = `
    window.heard = [];
    window.eavesdrop = (w) => {
      const note = (what) => { try { window.heard.push(String(what)); } catch {} };
      const ET = w.EventTarget.prototype;
      const add = ET.addEventListener, dispatch = ET.dispatchEvent;
      ET.addEventListener = function (type, fn, o) { note('listen:' + type); return add.call(this, type, fn, o); };
      ET.dispatchEvent = function (e) { note('dispatch:' + e.type + ':' + (e.detail ?? '')); return dispatch.call(this, e); };
      const CE = w.CustomEvent;
      w.CustomEvent = function (type, init) { note('custom:' + type + ':' + (init && init.detail)); return new CE(type, init); };
      w.CustomEvent.prototype = CE.prototype;
      const pm = w.postMessage; w.postMessage = function (m) { note('post:' + JSON.stringify(m)); return pm.apply(this, arguments); };
      const mp = w.MessagePort.prototype.postMessage; w.MessagePort.prototype.postMessage = function (m) { note('port:' + JSON.stringify(m)); return mp.apply(this, arguments); };
      const dp = w.Object.defineProperty; w.Object.defineProperty = function (o, k, d) { note('define:' + String(k)); return dp.call(this, o, k, d); };
      // (With the saved, unpatched add: these are the eavesdropper's own listeners, not ones it overheard.)
      for (const type of ['b2ca-hello-main', 'b2ca-hello-iso']) {
        add.call(w, type, (e) => note('heard:' + type + ':' + e.detail), true);
      }
      add.call(w, 'message', (e) => note('message:' + JSON.stringify(e.data)), true);
    };
    // A probe from the child's own page proves the patches were in place when its scripts ran.
    window.probe = (w) => w.document.dispatchEvent(new w.CustomEvent('probe', { detail: 'probe' }));
    /** Polls until the child's new document exists, then patches it at once. */
    window.reach = (getWindow) => new Promise((done) => {
      const tick = () => {
        const w = getWindow();
        try {
          if (w && w.location.pathname === '/fixture/child' && w.document) { window.eavesdrop(w); return done(true); }
        } catch {}
        setTimeout(tick, 0);
      };
      tick();
    });
  `;
  const CHILD = `<p>child</p><script>window.childApi = async () => { const w = await fetch('/api/v2/my/signin/wizard'); return w.status; };</script>`;
  const nonceLike = (lines: string[]) => lines.filter((l) => /b2ca-|[0-9a-f]{32}/.test(l));

  for (const [name, how] of [
    ['a same-origin iframe the page creates', `const f = document.createElement('iframe'); f.src = '/fixture/child'; document.body.append(f); window.child = () => f.contentWindow;`],
    ['a window the page opens (and keeps as its opener)', `const w = window.open('/fixture/child'); window.child = () => w;`],
    ['a window the page opens and then disowns (opener = null)', `const w = window.open('/fixture/child'); window.child = () => w; setTimeout(() => { try { w.opener = null; } catch {} }, 0);`],
  ] as const) {
    const outcome = name.includes('disowns')
      ? 'may learn the channel (the realm it patched is kept, and nothing tells it from a fresh window), but its forged reports count for nothing'
      : 'hears no channel, and its reports count for nothing';
    it(`${name}: patched and overheard before our scripts run, it ${outcome}`, async () => {
      pages.set('/fixture/child', fixture(CHILD));
      const before = await vault();
      const tab = await open(`/fixture/realm-${tally.cases}`, '', EAVESDROP);
      const asks = await ext.asks();
      await tab.evaluate((code) => {
        new Function(code)();
        return (window as any).reach(() => (window as any).child());
      }, how);
      // The child's page uses the API (the capture script would report it, were it running there).
      await tab.waitForFunction(() => (window as any).child()?.childApi, undefined, { timeout: 10_000 });
      await tab.evaluate(() => (window as any).child().childApi());
      await tab.evaluate(() => (window as any).probe((window as any).child()));
      await ext.settled(asks);
      const heard: string[] = await tab.evaluate(() => (window as any).heard);
      expect(heard).toContain('dispatch:probe:probe'); // the patches were live
      const learned = nonceLike(heard);
      // Even a channel a script did learn (a window it opened and disowned, where the handshake may
      // run) gains nothing: a report counts only with the browser's own record of its request, and
      // then only for the answer's body. Forge the worst: a key, and a sign-in wanting a code.
      const channels = [...new Set(learned.map((l) => /b2ca-[0-9a-f]{32}/.exec(l)?.[0]).filter((c): c is string => c !== undefined))];
      const child = ext.context.pages().find((p) => p.url().endsWith('/fixture/child')) ?? tab;
      for (const channel of channels) {
        await child.evaluate((c: string) => {
          (window as any).codeField?.();
          const forged = [
            { method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, uuid: 'forged-1', workflow: '2fa_google', key: 'MFRGGZDFMZTWQ2LK' } },
            { method: 'POST', path: 'signin', response: { code: 200, uuid: 'forged-2', workflow: '2fa_google_auth' } },
            { method: 'GET', path: '2fa/challenge', response: { provider: 'google' } },
          ];
          for (const f of forged) document.dispatchEvent(new CustomEvent(c, { detail: JSON.stringify(f) }));
        }, channel);
      }
      // Forged reports wait up to 3 s for a record of their request before they are dropped: until the worker has decided.
      expect((await ext.settled(asks)).codes).toBe(asks.codes);
      if (!name.includes('disowns')) expect(learned).toEqual([]);
      const tabs = ext.context.pages().filter((p) => p.url().startsWith(sb.url));
      const filled = await Promise.all(tabs.map((p) => p.evaluate(() => document.querySelector<HTMLInputElement>('#real')?.value ?? '')));
      verdict(filled.join(''), before, await vault());
      for (const p of ext.context.pages()) if (p.url().endsWith('/fixture/child')) await p.close();
      await signInControl(tab);
    });
  }
});

describe('the browser\'s view of the network is the truth', () => {
  it('a lying Date (patched Date, Headers, Response) moves no clock: the next fill is today\'s code, not tomorrow\'s', async () => {
    const before = await vault();
    const tab = await open('/fixture/date', '', `
      const tomorrow = () => new Date(Date.now() + 86400000).toUTCString();
      const get = Headers.prototype.get;
      Headers.prototype.get = function (name) { return String(name).toLowerCase() === 'date' ? tomorrow() : get.call(this, name); };
      const RealDate = Date;
      window.Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [RealDate.now() + 86400000])); } static now() { return RealDate.now() + 86400000; } };
      window.flood = async () => { for (let i = 0; i < 20; i++) await api('GET', '2fa'); };
    `);
    await tab.evaluate(() => (window as any).flood());
    const clocks = await ext.send('clock/list', {});
    const mine = clocks.value.offsets.find((o: { origin: string }) => o.origin === sb.url);
    expect(Math.abs(mine.usedMs - (clock.now() - Date.now())) / 1000).toBeLessThan(3);
    verdict('', before, await vault());
    await signInControl(tab);
  });

  it('another client\'s token: a challenge the script starts with its own account gets no code of the victim\'s, not even on a click', async () => {
    const before = await vault();
    const tab = await open('/fixture/other-token', '');
    await nextPeriod();
    // Mallory signed in outside the page's observed fetch (a fresh frame's own fetch), then her token
    // used through the page's fetch, four times, with a code field waiting.
    const token = await tab.evaluate(async ({ email, password, code }) => {
      const f = document.createElement('iframe');
      document.body.append(f);
      const pristine = f.contentWindow!.fetch.bind(f.contentWindow);
      const wizard = await (await pristine('/api/v2/my/signin/wizard')).json();
      const fp = btoa(JSON.stringify({ user_agent: 'x' }));
      const started = await (await pristine('/api/v2/my/signin', { method: 'POST', body: JSON.stringify({ uuid: wizard.uuid, email, password, device_fingerprint: fp }) })).json();
      const done = await (await pristine('/api/v2/my/2fa/google', { method: 'POST', body: JSON.stringify({ uuid: started.uuid, code }) })).json();
      return done.data.accessToken.token as string;
    }, { email: MALLORY.email, password: MALLORY.password, code: totp(MALLORY.key, serverSeconds() * 1000) });
    await tab.locator('h1').click();
    const asks = await ext.asks();
    await tab.evaluate(async (t) => {
      (window as any).codeField();
      for (let i = 0; i < 4; i++) await (window as any).api('GET', '2fa/challenge?businessProcess=withdraw', undefined, t);
    }, token);
    await ext.settled(asks, { asked: 4 });
    await tab.locator('#real').click(); // even the person's click: Mallory's request, Mallory's account (none here)
    expect((await ext.settled(asks, { asked: 4 })).codes).toBe(asks.codes);
    verdict(await value(tab), before, await vault());
    await challengeControl(tab, await victimToken());
  });

  it('an XHR whose request a pristine open/send from another realm swaps: the sign-in that really went out is the one that counts', async () => {
    const before = await vault();
    const tab = await open('/fixture/xhr-swap', '');
    await nextPeriod();
    await tab.locator('h1').click();
    const asks = await ext.asks();
    await tab.evaluate(async ({ victim, mallory }) => {
      (window as any).codeField('Code from Google Authenticator');
      const f = document.createElement('iframe');
      document.body.append(f);
      const { open: pristineOpen, send: pristineSend } = (f.contentWindow as unknown as typeof window).XMLHttpRequest.prototype;
      const wizard = await (window as any).api('GET', 'signin/wizard');
      const fp = btoa(JSON.stringify({ user_agent: 'x' }));
      const xhr = new XMLHttpRequest();
      // The wrapped open and send see the victim's sign-in, and arm their listener…
      xhr.open('POST', '/api/v2/my/signin');
      xhr.send(JSON.stringify({ uuid: wizard.body.uuid, email: victim, password: 'not-the-password', device_fingerprint: fp }));
      // …then a pristine open and send from another realm put Mallory's on the wire instead.
      (pristineOpen as (...a: unknown[]) => void).call(xhr, 'POST', '/api/v2/my/signin');
      (pristineSend as (...a: unknown[]) => void).call(xhr, JSON.stringify({ uuid: wizard.body.uuid, email: mallory.email, password: mallory.password, device_fingerprint: fp }));
      await new Promise((done) => xhr.addEventListener('loadend', done));
    }, { victim: VICTIM.email, mallory: MALLORY });
    await ext.settled(asks, { asked: 1 });
    await tab.locator('#real').click(); // Mallory's sign-in: no account of hers here, so nothing even on a click
    expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes);
    verdict(await value(tab), before, await vault());
    await tab.evaluate(() => document.querySelector('#real')?.closest('p')?.remove());
    await signInControl(tab);
  });

  it('a key for another account (the script runs its own enable wizard) never replaces, relabels or fills for the victim', async () => {
    const before = await vault();
    const tab = await open('/fixture/other-key', '');
    await nextPeriod();
    await tab.locator('h1').click();
    const since = serverSeconds();
    // Mallory's enable wizard through the page: the extension fills her wizard with her own new key (the honest enable path).
    const { key, uuid, token } = await tab.evaluate(async ({ email, password }) => {
      const t = await (window as any).tokenOf(email, password);
      (window as any).codeField('Verification code');
      const w = await (window as any).api('GET', '2fa/google/enable/wizard', undefined, t);
      return { key: w.body.data.key as string, uuid: w.body.uuid as string, token: t as string };
    }, MAL2);
    await expect.poll(() => value(tab), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    const filledNow = await value(tab);
    expect(oathtoolWindow(key, since, serverSeconds())).toContain(filledNow);
    tally.controls++;
    const asks = await ext.asks();
    const done = await tab.evaluate(async ({ t, u, k }) => (await (window as any).api('POST', '2fa/wizard', { uuid: u, action: 'code', code: (document.querySelector('#real') as HTMLInputElement).value, key: k }, t)).body, { t: token, u: uuid, k: key });
    expect(done).toMatchObject({ code: 202, done: true });
    await ext.settled(asks, { asked: 1 });
    const after = await vault();
    // Her key is kept — as hers, beside the victim's, which stays as it was.
    const victimBefore = before.filter((l) => l.includes(VICTIM.key));
    expect(after.filter((l) => l.includes(VICTIM.key))).toEqual(victimBefore);
    const hers = after.filter((l) => l.includes(key));
    expect(hers).toHaveLength(1);
    expect(hers[0]).toMatch(/^active:/);
    expect(hers[0]).not.toContain(VICTIM.email);
    // Its owner (the last field): `:2` alone would also match a key that starts with a 2.
    expect(hers[0]!.split(':').at(-1)).not.toBe(victimId);
    verdict('', victimBefore, after.filter((l) => l.includes(VICTIM.key)));
    await tab.evaluate(() => document.querySelector('#real')?.closest('p')?.remove());
    await signInControl(tab);
  });
});

describe('codes leave only for the account\'s own sign-in, or on the person\'s gesture', () => {
  it('a challenge the page starts itself (its own button clicked by script, synthetic clicks and keys on the field) is not filled; the person\'s click fills it', async () => {
    const before = await vault();
    const token = await victimToken();
    const tab = await open(
      '/fixture/own-button',
      `<button id="change">Change password</button>`,
      `document.querySelector('#change').addEventListener('click', async () => {
        window.codeField();
        await api('GET', '2fa/challenge?businessProcess=changePassword', undefined, window.token);
      });`,
    );
    const asks = await ext.asks();
    await tab.evaluate((t) => {
      (window as any).token = t;
      (document.querySelector('#change') as HTMLButtonElement).click();
    }, token);
    await tab.waitForSelector('#real');
    await ext.settled(asks, { asked: 1 });
    await tab.evaluate(() => {
      const field = document.querySelector('#real') as HTMLInputElement;
      field.focus();
      field.click();
      for (const type of ['pointerdown', 'mousedown', 'mouseup']) field.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true }));
      field.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true, composed: true }));
    });
    expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes);
    verdict(await value(tab), before, await vault());
    await challengeControl(tab, token);
  });

  it('a sign-in with nobody at the keyboard (no trusted input in the last minute) is not filled at once', async () => {
    const before = await vault();
    await nextPeriod();
    const tab = await open('/fixture/idle-sign-in', '');
    const asks = await ext.asks();
    await tab.evaluate(({ email, password }) => {
      (window as any).codeField('Code from Google Authenticator');
      return (window as any).signIn(email, password);
    }, VICTIM);
    expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes);
    verdict(await value(tab), before, await vault());
    // The person's click on the field is the gesture.
    const since = serverSeconds();
    await clickUntilFilled(tab);
    const filledNow = await value(tab);
    expect(oathtoolWindow(VICTIM.key, since, serverSeconds())).toContain(filledNow);
    tally.controls++;
  });

  it('a page that keeps signing in gets a few automatic fills, then none without the person', async () => {
    await ext.clearSession('autoFills');
    const tab = await open('/fixture/many-sign-ins', '');
    const filled: string[] = [];
    for (let i = 0; i < 5; i++) {
      await advance();
      await tab.locator('h1').click();
      const asks = await ext.asks();
      await tab.evaluate(async ({ email, password }) => {
        document.querySelector('#real')?.closest('p')?.remove();
        (window as any).codeField('Code from Google Authenticator');
        await (window as any).signIn(email, password);
      }, VICTIM);
      // Within budget: filled (at most ~3 s later, when the period was ending); past it: never.
      if (i < 3) await expect.poll(() => value(tab), { timeout: 10_000 }).toMatch(/^\d{6}$/);
      else expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes);
      filled.push(await value(tab));
    }
    expect(filled.slice(0, 3).every((c) => /^\d{6}$/.test(c))).toBe(true);
    const beyond = filled.slice(3).filter((c) => c !== '');
    tally.cases++;
    tally.fills += beyond.length;
    tally.controls += 3;
    expect(beyond).toEqual([]);
  });
});

describe('files and floods', () => {
  it('crafted import files bring nothing pending, no foreign owner and no unregistered site', async () => {
    const before = await vault();
    const plain = await ext.send('backup/import', { text: craftedOtpauthList(sb.url) });
    expect(plain).toMatchObject({ ok: true });
    const encrypted = await ext.send('backup/import', { text: await craftedEncryptedBackup({ site: sb.url, passphrase: 'crafted passphrase' }), passphrase: 'crafted passphrase' });
    expect(encrypted).toMatchObject({ ok: true });
    const after = await vault();
    const added = after.filter((l) => !before.includes(l));
    expect(added.some((l) => l.startsWith('pending:'))).toBe(false);
    expect(added.some((l) => l.includes(CRAFTED_KEYS.unregistered) || l.includes(CRAFTED_KEYS.linkUnregistered))).toBe(false);
    expect(added.filter((l) => l.includes(CRAFTED_KEYS.linkClaims))).toEqual([expect.stringMatching(/^active:.*::$/)]);
    expect(added.filter((l) => l.includes(CRAFTED_KEYS.pending))).toEqual([expect.stringMatching(/^archived:/)]);
    expect(JSON.stringify([plain, encrypted])).not.toContain(CRAFTED.unregisteredOrigin.replace('https://', 'x')); // problem lines name origins, never keys
    for (const k of Object.values(CRAFTED_KEYS)) expect(JSON.stringify([plain, encrypted])).not.toContain(k);
    tally.cases++;
    // Leave the vault as it was for the cases that follow.
    const crafted: string[] = Object.values(CRAFTED_KEYS);
    await deleteKeys((secret) => crafted.includes(secret));
  });

  it('a flood of exchanges while the vault is locked never pushes out a wizard\'s key, and is never answered "accepted"', async () => {
    const PASS = 'correct horse battery staple';
    expect(await ext.send('security/passphrase', { next: PASS })).toMatchObject({ ok: true });
    await ext.send('vault/lock');
    const tab = await open('/fixture/flood', '');
    const asks = await ext.asks();
    // 25 real sign-in requests (the browser sees each), then a real enable wizard of Mal2's.
    const key = await tab.evaluate(async ({ mallory, mal3 }) => {
      for (let i = 0; i < 25; i++) await (window as any).signIn(mallory.email, mallory.password);
      const t = await (window as any).tokenOf(mal3.email, mal3.password);
      const w = await (window as any).api('GET', '2fa/google/enable/wizard', undefined, t);
      return w.body.data.key as string;
    }, { mallory: MALLORY, mal3: MAL3 });
    await ext.settled(asks, { asked: 26 });
    const overflow = await ext.session('queueOverflow');
    expect(overflow?.count).toBeGreaterThan(0);
    expect(await ext.send('vault/unlock', { passphrase: PASS })).toMatchObject({ ok: true });
    await expect.poll(async () => (await ext.snapshotAccounts()).filter((a) => a.secret === key).map((a) => a.status), { timeout: 10_000 }).toEqual(['pending']);
    expect(await ext.session('queueOverflow')).toBeUndefined();
    tally.cases++;
    tally.controls++;
    expect(await ext.send('security/passphrase', { current: PASS, next: null })).toMatchObject({ ok: true });
  });
});
