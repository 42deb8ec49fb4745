import { afterEach, describe, expect, it } from 'vitest';
import { firstScreenOf, type AccountView } from '../../../src/storage';
import { substitute } from '../../../src/i18n';
import { readLanguage } from '../../../scripts/locales';
import { firstPaint, parseFirstScreen, type FirstPaintDeps } from '../../../src/ui/popup/first-paint';
import { subtleCode } from '../../../src/totp/subtle-code';

/** The search box's words in English, as the worker writes them into the first screen. */
const SEARCH = (n: number) => `Search ${n} account${n === 1 ? '' : 's'}`;

/** The popup's first paint, in a DOM without layout: what it draws from the first-screen record, and when it steps aside. */
const en = readLanguage('en').messages;
const NOW = 1_764_000_010_000; // 10 s into a period
const view = (i: number, over: Partial<AccountView> = {}): AccountView => ({
  id: `a${i}`,
  origin: `https://broker${i % 2}.example`,
  label: `client${i}@example.com`,
  issuer: 'Broker',
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1',
  digits: i === 1 ? 8 : 6,
  period: 30,
  status: 'active',
  createdAt: i,
  ...over,
});
const record = (accounts: AccountView[], extra = {}) => JSON.stringify({ ...firstScreenOf({ v: 1, accounts, offsets: { 'https://broker1.example': 30_000 }, at: 0 }, SEARCH), ...extra });

function deps(stored: unknown, tabUrl: string | undefined = 'chrome://newtab/'): FirstPaintDeps {
  document.body.innerHTML = '<div id="app"></div>';
  delete document.documentElement.dataset.firstPaint;
  return {
    doc: document,
    record: Promise.resolve(stored),
    tabUrl: Promise.resolve(tabUrl),
    now: () => NOW,
    message: (key, subs = []) => (key in en ? substitute(en[key]!, subs) : ''),
    subtle: globalThis.crypto.subtle,
  };
}
afterEach(() => {
  document.body.innerHTML = '';
});

describe('firstPaint', () => {
  it('draws the header, the search box with the count, and the first rows with their codes, before #app', async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => view(i));
    expect(await firstPaint(deps(record(accounts)))).toBe(true);
    const first = document.getElementById('first')!;
    expect(first.nextElementSibling?.id).toBe('app');
    expect(first.getAttribute('aria-hidden')).toBe('true');
    expect(first.hasAttribute('data-tall')).toBe(true);
    expect(document.documentElement.dataset.firstPaint).toBe('shown');
    expect(first.querySelector('h1')?.textContent).toBe('B2Core Authenticator');
    expect(first.querySelector('input')?.getAttribute('placeholder')).toBe('Search 12 accounts');
    const rows = [...first.querySelectorAll('.accounts > li.account')];
    expect(rows).toHaveLength(8);
    const expected = async (a: AccountView) => {
      const code = await subtleCode(a.secret, { epochSeconds: (NOW + (a.origin.endsWith('1.example') ? 30_000 : 0)) / 1000, digits: a.digits });
      return `${code.slice(0, code.length / 2)} ${code.slice(code.length / 2)}`;
    };
    expect(rows.map((li) => [li.querySelector('.host')?.textContent, li.querySelector('.label')?.textContent, li.querySelector('.code')?.textContent])).toEqual(
      await Promise.all(accounts.slice(0, 8).map(async (a) => [new URL(a.origin).host, a.label, await expected(a)])),
    );
    // The ring: 20 s left of 30.
    expect(rows[0]!.querySelector('.ttl')?.textContent).toBe('20');
    expect(rows[0]!.querySelector('.ttl')?.getAttribute('style')).toBe('--p:0.667');
  });

  it('a label or id with markup in it is text: nothing of it becomes an element or an attribute', async () => {
    const hostile = '<img src=x onerror="window.pwned=1">"><b>bold</b>&amp;';
    await firstPaint(deps(record([view(0, { label: hostile, id: 'x" onclick="window.pwned=2' })])));
    const first = document.getElementById('first')!;
    expect(first.querySelector('.label')?.textContent).toBe(hostile);
    expect(first.querySelectorAll('img, b, [onerror], [onclick]')).toHaveLength(0);
    expect(first.querySelector('li')?.getAttribute('data-id')).toBe('x" onclick="window.pwned=2');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('a short list: no full height, the list area sized to its rows', async () => {
    await firstPaint(deps(record([view(0), view(1)])));
    const first = document.getElementById('first')!;
    expect(first.hasAttribute('data-tall')).toBe(false);
    expect(first.querySelector('.list-area')?.getAttribute('style')).toBe('--rows:2');
    expect(first.querySelector('input')?.getAttribute('placeholder')).toBe('Search 2 accounts');
  });

  it('steps aside: no record, a foreign or broken one, an empty list, a note to show, a tab whose site has accounts, the app already there', async () => {
    const accounts = [view(0), view(1)];
    for (const stored of [undefined, '{"v":2}', 'not json', { v: 1 }, record([]), record(accounts, { notes: true })]) {
      expect(await firstPaint(deps(stored)), JSON.stringify(stored)).toBe(false);
      expect(document.getElementById('first')).toBeNull();
    }
    expect(await firstPaint(deps(record(accounts), 'https://broker1.example/login'))).toBe(false);
    expect(document.getElementById('first')).toBeNull();
    // A tab on a site without accounts, or no web page: drawn.
    expect(await firstPaint(deps(record(accounts), 'https://elsewhere.example/'))).toBe(true);
    expect(await firstPaint(deps(record(accounts), undefined))).toBe(true);
    // The app took over before the codes were ready: nothing is added.
    const late = deps(record(accounts));
    document.documentElement.dataset.firstPaint = 'done';
    expect(await firstPaint(late)).toBe(false);
    expect(document.getElementById('first')).toBeNull();
    // A key that does not decode: the app shows its own "Key error".
    expect(await firstPaint(deps(record([view(0, { secret: '!!!' })])))).toBe(false);
    expect(document.getElementById('first')).toBeNull();
  });

  it('draws while the codes and the tab are on their way: in the document, hidden, codes blank; then only the codes go in', async () => {
    let tab!: (url: string | undefined) => void;
    const painting = firstPaint({ ...deps(record([view(0), view(1)])), tabUrl: new Promise((done) => (tab = done)) });
    await new Promise((done) => setTimeout(done, 20));
    const first = document.getElementById('first')!;
    expect(first.style.display).toBe('none');
    expect([...first.querySelectorAll('.code')].map((c) => c.textContent)).toEqual(['', '']);
    expect(document.documentElement.dataset.firstPaint).toBeUndefined();
    tab(undefined);
    expect(await painting).toBe(true);
    expect(document.getElementById('first')).toBe(first);
    expect(first.hasAttribute('style')).toBe(false);
    expect([...first.querySelectorAll('.code')].map((c) => /^\d{3} \d{3}|\d{4} \d{4}$/.test(c.textContent ?? ''))).toEqual([true, true]);
  });

  it('parseFirstScreen takes only a record the worker wrote', () => {
    expect(parseFirstScreen(record([view(0)]))?.rows).toHaveLength(1);
    expect(parseFirstScreen(JSON.stringify({ v: 1, rows: [], origins: [] }))).toBeNull();
    expect(parseFirstScreen(42)).toBeNull();
  });
});
