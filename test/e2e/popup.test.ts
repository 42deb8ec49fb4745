import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../src/totp';
import type { AccountsSnapshot, AccountView } from '../../src/storage/accounts-snapshot';
import { firstScreenOf } from '../../src/storage/first-screen';
import { launch, screenshot, type Browser } from './support/browser';

/** The search box's words in English, as the worker writes them into the first screen. */
const SEARCH = (n: number) => `Search ${n} account${n === 1 ? '' : 's'}`;

/**
 * The built popup in Chromium, fed a seeded `storage.session` snapshot: the list, the codes against
 * Debian's oathtool (an implementation nobody here wrote) at a fixed clock, search, copy, the
 * first-code mark with 500 accounts, "Use on this site" on a page that is not a web page, and the
 * settings page's Sites section against the real worker. Timings are for bench/popup.bench.ts.
 */
declare const chrome: any;

const CHROME = resolve('.output/chrome-mv3');
const OATHTOOL = process.env.OATHTOOL_PATH || '/usr/bin/oathtool';
/** 2023-11-14T22:13:05Z: 25 s left in the step, so nothing rolls over while a test reads codes. */
const EPOCH_MS = 1_699_999_985_000;

function oathtool(a: AccountView, epochSeconds: number): string {
  const args = [`--totp=${a.algorithm.toLowerCase()}`, '-b', '-d', String(a.digits), '-s', `${a.period}s`, '-N', `@${Math.floor(epochSeconds)}`, a.secret];
  return execFileSync(OATHTOOL, args, { encoding: 'utf8' }).trim();
}

const grouped = (code: string) => `${code.slice(0, Math.floor(code.length / 2))} ${code.slice(Math.floor(code.length / 2))}`;

/** Seven brokers' client areas, as B2Core cabinets tend to be named. */
const SITES = [
  'https://my.alpha-markets.com',
  'https://cabinet.northwind.fx',
  'https://client.zenith-trade.io',
  'https://my.orbitcapital.com:8443',
  'https://secure.kestrel.finance',
  'https://portal.bluewave.pro',
  'https://my.emberbroker.net',
];

function makeAccounts(n: number, over: (i: number) => Partial<AccountView> = () => ({})): AccountView[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `e2e-${String(i).padStart(5, '0')}`,
    origin: SITES[i % 7]!,
    label: `client${i}@example.com`,
    issuer: `Broker ${i % 7}`,
    secret: encodeBase32(randomBytes(10)),
    algorithm: 'SHA1' as const,
    digits: 6 as const,
    period: 30,
    status: 'active' as const,
    createdAt: 1_690_000_000_000 + i,
    ...over(i),
  }));
}

const snapshotOf = (accounts: AccountView[], offsets: Record<string, number> = {}): AccountsSnapshot => ({ v: 1, accounts, offsets, at: Date.now() });

/**
 * One browser per describe: Playwright's clock (`setFixedTime`) belongs to the whole context and
 * fakes timers, frames and `performance` too (no `first-code` mark is recorded under it, and
 * `waitForFunction` never polls), so the fixed-time checks get a browser of their own.
 */
function extensionBrowser() {
  const handle = { browser: undefined as unknown as Browser, id: '' };
  beforeAll(async () => {
    handle.browser = await launch({ extensionDir: CHROME });
    const worker = handle.browser.context.serviceWorkers()[0] ?? (await handle.browser.context.waitForEvent('serviceworker'));
    handle.id = new URL(worker.url()).host;
    // Extension origins count as opaque to the permission API: grant for every origin of this profile.
    await handle.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  afterAll(() => handle.browser?.close());
  return handle;
}

/**
 * A popup tab showing `snapshot`. The worker publishes its own snapshot when it starts (an empty
 * vault here): wait for that first, so it cannot overwrite the seed.
 */
async function openPopup(
  { browser, id }: { browser: Browser; id: string },
  snapshot: AccountsSnapshot,
  options: { fixedTime?: number; size?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await browser.context.newPage();
  if (options.size) await page.setViewportSize(options.size);
  if (options.fixedTime !== undefined) await page.clock.setFixedTime(options.fixedTime);
  await page.goto(`chrome-extension://${id}/popup.html`);
  // (On a busy machine the worker's start can take seconds; a seed written before it would be lost.)
  await expect.poll(() => page.evaluate(async () => (await chrome.storage.session.get('accountsSnapshot')).accountsSnapshot !== undefined), { timeout: 20_000 }).toBe(true);
  await page.evaluate((s) => chrome.storage.session.set({ accountsSnapshot: s }), snapshot);
  await page.reload();
  return page;
}

const items = (page: Page) => page.getByRole('list', { name: 'Accounts' }).getByRole('listitem');

describe('the popup at a fixed clock', () => {
  const ext = extensionBrowser();
  it('lists every active account with the code oathtool computes at the same time (offsets applied)', async () => {
    const accounts = makeAccounts(12, (i) => (i === 3 ? { digits: 8, algorithm: 'SHA256' } : i === 5 ? { algorithm: 'SHA512' } : {}));
    accounts.push({ ...makeAccounts(1)[0]!, id: 'e2e-pending', origin: 'https://new.broker.example', label: 'pending@example.com', status: 'pending' });
    // Zenith's server runs 40 s ahead of this machine: its codes are the next step's.
    const offsets = { [SITES[2]!]: 40_000 };
    const page = await openPopup(ext, snapshotOf(accounts, offsets), { fixedTime: EPOCH_MS, size: { width: 360, height: 600 } });
    await expect.poll(() => items(page).count()).toBe(12);
    const rows = await items(page).evaluateAll((lis) =>
      lis.map((li) => ({ host: li.querySelector('.host')?.textContent, label: li.querySelector('.label')?.textContent, code: li.querySelector('.code')?.textContent })),
    );
    const active = accounts.filter((a) => a.status === 'active');
    const want = active.map((a) => ({
      host: new URL(a.origin).host,
      label: a.label,
      code: grouped(oathtool(a, (EPOCH_MS + (offsets[a.origin] ?? 0)) / 1000)),
    }));
    expect(rows).toEqual(want);
    expect(rows[3]!.code).toMatch(/^\d{4} \d{4}$/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'A key captured on new.broker.example is waiting' }).count()).toBe(1);
    await screenshot(page, 'popup-01-list');

    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'popup-02-list-dark');
    await page.close();
  });

  it('searches as you type, copies on click with "Copied", and disables "Use on this site" here, saying why', async () => {
    const accounts = makeAccounts(20);
    const page = await openPopup(ext, snapshotOf(accounts), { fixedTime: EPOCH_MS, size: { width: 360, height: 600 } });
    await expect.poll(() => items(page).count()).toBe(20);
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('client1');
    // client1, client10…client19
    await expect.poll(() => items(page).count()).toBe(11);
    await search.fill('orbit client17');
    await expect.poll(() => items(page).count()).toBe(1);
    await screenshot(page, 'popup-03-search');

    const target = accounts[17]!;
    await page.getByRole('button', { name: /my\.orbitcapital\.com:8443 client17@example\.com/ }).click();
    const toast = page.getByRole('status').filter({ hasText: 'Copied' });
    await expect.poll(() => toast.textContent()).toBe('Copied code for client17@example.com on my.orbitcapital.com:8443. The clipboard is cleared in 30 s.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oathtool(target, EPOCH_MS / 1000));
    await page.waitForTimeout(250); // the toast's fade-in
    await screenshot(page, 'popup-04-copied');

    await search.fill('');
    await expect.poll(() => items(page).count()).toBe(20);
    // This tab is the popup page itself: not a web page. The button is disabled and says why.
    const useHere = page.getByRole('button', { name: 'Use on this site' });
    expect(await useHere.isDisabled()).toBe(true);
    expect(await page.locator(`#${await useHere.getAttribute('aria-describedby')}`).textContent()).toMatch(/not a web page/);
    await screenshot(page, 'popup-05-not-a-web-page');
    await page.close();
  });
});

describe('the popup and settings page', () => {
  const ext = extensionBrowser();

  it('with 500 accounts: marks "first-code", then lists all 500', async () => {
    const page = await openPopup(ext, snapshotOf(makeAccounts(500)));
    expect(await firstCodeAt(page)).toBeGreaterThan(0);
    await expect.poll(() => items(page).count(), { timeout: 10_000 }).toBe(500);
    await expect.poll(() => page.locator('.accounts .code').evaluateAll((els) => els.every((el) => /^\d{3} \d{3}$/.test(el.textContent ?? '')))).toBe(true);
    // Exactly one mark, whatever else happens while the list grows.
    expect(await page.evaluate(() => performance.getEntriesByName('first-code').length)).toBe(1);
    await page.close();
  });

  it('shows "No accounts yet" for an empty vault', async () => {
    const page = await openPopup(ext, snapshotOf([]), { size: { width: 360, height: 600 } });
    await expect.poll(() => page.getByText('No accounts yet.').count()).toBe(1);
    await screenshot(page, 'popup-06-empty');
    await page.close();
  });

  it('settings › Sites: add a loopback site through the worker, refuse an http one, remove it', async () => {
    const page = await ext.browser.context.newPage();
    await page.goto(`chrome-extension://${ext.id}/options.html`);
    const field = page.getByRole('textbox', { name: 'Site address' });
    await field.fill('http://broker.example');
    await page.getByRole('button', { name: 'Add site' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Only https sites/);
    await screenshot(page, 'options-01-invalid');

    await field.fill('http://127.0.0.1:8787/#/signin');
    await page.getByRole('button', { name: 'Add site' }).click();
    const remove = page.getByRole('button', { name: 'Remove http://127.0.0.1:8787' });
    await expect.poll(() => remove.count()).toBe(1);
    expect(await remove.textContent()).toBe('Remove');
    expect(await page.evaluate(async () => (await chrome.storage.local.get('sites')).sites)).toContain('http://127.0.0.1:8787');
    await screenshot(page, 'options-02-added');

    await remove.click();
    await expect.poll(() => remove.count()).toBe(0);
    expect(await page.evaluate(async () => (await chrome.storage.local.get('sites')).sites ?? [])).not.toContain('http://127.0.0.1:8787');
    await page.close();
  });
});

/** ms from the popup document's time origin to `performance.mark('first-code')`, once it is there (-1: never). */
async function firstCodeAt(page: Page, timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const at = await page.evaluate(() => performance.getEntriesByName('first-code')[0]?.startTime ?? -1);
    if (at >= 0 || Date.now() > until) return at;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the clipboard after the popup closed', () => {
  const ext = extensionBrowser();
  /** The worker's `chrome.alarms` alarm, as the browser fires it: its due time brought to now (the test does not wait 30 s). */
  async function alarmDue(page: Page) {
    const worker = ext.browser.context.serviceWorkers().find((w) => w.url().includes(ext.id))!;
    const scheduled = await worker.evaluate(async () => (await chrome.alarms.get('clipboard-clear'))?.scheduledTime as number | undefined);
    await page.evaluate(async () => {
      const { copiedCode } = await chrome.storage.session.get('copiedCode');
      await chrome.storage.session.set({ copiedCode: { ...copiedCode, clearAt: Date.now() } });
    });
    await worker.evaluate(() => chrome.alarms.onAlarm.dispatch({ name: 'clipboard-clear', scheduledTime: Date.now() }));
    return scheduled;
  }
  const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

  it('a copied code is cleared 30 s later by the worker (an offscreen document), after the popup has closed', async () => {
    const accounts = makeAccounts(3);
    const popup = await openPopup(ext, snapshotOf(accounts));
    await expect.poll(() => items(popup).count()).toBe(3);
    const copiedAt = Date.now();
    await popup.getByRole('button', { name: /client1@example\.com/ }).click();
    await expect.poll(() => clipboardText(popup)).toMatch(/^\d{6}$/);
    await expect.poll(() => popup.evaluate(async () => (await chrome.storage.session.get('copiedCode')).copiedCode?.code)).toMatch(/^\d{6}$/);
    // Another extension page to look at the clipboard and storage with; the popup closes.
    const viewer = await ext.browser.context.newPage();
    await viewer.goto(`chrome-extension://${ext.id}/options.html`);
    await popup.close();
    const scheduled = await alarmDue(viewer);
    expect(scheduled! - copiedAt).toBeGreaterThanOrEqual(29_000);
    expect(scheduled! - copiedAt).toBeLessThanOrEqual(31_000 + 5_000);
    await expect.poll(() => clipboardText(viewer)).toBe('');
    expect(await viewer.evaluate(async () => (await chrome.storage.session.get('copiedCode')).copiedCode)).toBeUndefined();
    await viewer.close();
  });

  it('what the person copied since stays', async () => {
    const popup = await openPopup(ext, snapshotOf(makeAccounts(2)));
    await expect.poll(() => items(popup).count()).toBe(2);
    await popup.getByRole('button', { name: /client0@example\.com/ }).click();
    await expect.poll(() => clipboardText(popup)).toMatch(/^\d{6}$/);
    await expect.poll(() => popup.evaluate(async () => (await chrome.storage.session.get('copiedCode')).copiedCode?.code)).toMatch(/^\d{6}$/);
    await popup.evaluate(() => navigator.clipboard.writeText('IBAN DE89 3704 0044 0532 0130 00'));
    await alarmDue(popup);
    // The worker has read the clipboard and dropped the code; the person's text is still there.
    await expect.poll(() => popup.evaluate(async () => (await chrome.storage.session.get('copiedCode')).copiedCode)).toBeUndefined();
    await expect.poll(() => popup.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length)).toBe(0);
    expect(await clipboardText(popup)).toBe('IBAN DE89 3704 0044 0532 0130 00');
    await popup.close();
  });
});

describe('the first paint (a classic script before the app)', () => {
  const ext = extensionBrowser();
  /** In the page: the first paint's rows (text and box) when they appear, and the app's once it took over. */
  function watchTakeOver() {
    // The header's title and icons, the search box, then each row (and its parts): text and box.
    const rowsOf = (root: Element) =>
      [...root.querySelectorAll('.top h1, .top svg, .search input, .search svg'), ...[...root.querySelectorAll('.accounts > li')].slice(0, 8)].map((el) => {
        const box = el.getBoundingClientRect();
        const parts = [...el.querySelectorAll('.avatar, .code, .ttl')].map((part) => JSON.stringify(part.getBoundingClientRect())).join();
        const text = el.matches('li') ? (el.querySelector('.names')?.textContent ?? '') + (el.querySelector('.code')?.textContent ?? '') : (el.textContent ?? '') + ((el as HTMLInputElement).placeholder ?? '');
        return { text, x: box.x, y: box.y, w: box.width, h: box.height, parts: parts.replace(/"(?:x|left|right)":[\d.]+,?/g, '') };
      });
    const seen: { first?: unknown; app?: unknown; firstAt?: number } = {};
    (window as any).__takeOver = seen;
    new MutationObserver(() => {
      // The first screen as shown (it is drawn hidden while its codes are computed).
      const first = document.documentElement.dataset.firstPaint === 'shown' ? document.getElementById('first') : null;
      if (first && !seen.first) {
        seen.first = rowsOf(first);
        seen.firstAt = performance.now();
      }
      if (document.documentElement.dataset.firstPaint === 'done' && seen.first && !seen.app) seen.app = rowsOf(document.getElementById('app')!);
    }).observe(document, { childList: true, subtree: true, attributes: true });
  }

  it('draws the first rows before the app, and the app takes over with the same rows in the same places', async () => {
    const accounts = makeAccounts(30);
    const snapshot = snapshotOf(accounts);
    const page = await ext.browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 600 });
    await page.addInitScript(watchTakeOver);
    await page.goto(`chrome-extension://${ext.id}/popup.html`);
    await expect.poll(() => page.evaluate(async () => (await chrome.storage.session.get('accountsSnapshot')).accountsSnapshot !== undefined), { timeout: 20_000 }).toBe(true);
    await page.evaluate(
      ([s, f]) => chrome.storage.session.set({ accountsSnapshot: s, popupFirstScreen: f }),
      [JSON.stringify(snapshot), JSON.stringify(firstScreenOf(snapshot, SEARCH))] as const,
    );
    await page.reload();
    await expect.poll(() => page.evaluate(() => (window as any).__takeOver.app !== undefined)).toBe(true);
    const { first, app } = await page.evaluate(() => (window as any).__takeOver);
    expect(first).toHaveLength(5 + 8);
    // Same words and codes (a 30 s step may end in between: then only the codes differ), same boxes.
    expect(app.map((r: { x: number; y: number; w: number; h: number }) => [r.x, r.y, r.w, r.h])).toEqual(first.map((r: { x: number; y: number; w: number; h: number }) => [r.x, r.y, r.w, r.h]));
    expect(app.map((r: { text: string }) => r.text.replace(/[\d ]+$/, ''))).toEqual(first.map((r: { text: string }) => r.text.replace(/[\d ]+$/, '')));
    for (const [i, row] of (first as { text: string }[]).slice(5).entries()) {
      const code = row.text.match(/(\d{3}) (\d{3})$/)!.slice(1).join('');
      const now = Date.now() / 1000;
      expect([oathtool(accounts[i]!, now), oathtool(accounts[i]!, now - 30)]).toContain(code);
    }
    // The first code was the first paint's; the app's own mark came later.
    const marks = await page.evaluate(() => performance.getEntriesByName('first-code').map((m) => m.startTime));
    expect(marks.length).toBe(2);
    expect(await page.locator('#first').count()).toBe(0);
    expect(await items(page).count()).toBe(30);
    await page.close();
  });

  it('steps aside where the first screen is not a plain list (a pending capture), and where there is no record (a locked vault writes none)', async () => {
    const accounts = makeAccounts(10);
    const pending = [...accounts, { ...makeAccounts(1)[0]!, id: 'p', status: 'pending' as const }];
    const page = await ext.browser.context.newPage();
    await page.addInitScript(watchTakeOver);
    await page.goto(`chrome-extension://${ext.id}/popup.html`);
    await page.evaluate(([f]) => chrome.storage.session.set({ popupFirstScreen: f }), [JSON.stringify(firstScreenOf(snapshotOf(pending), SEARCH))] as const);
    await page.reload();
    await expect.poll(() => items(page).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as any).__takeOver.first)).toBeUndefined();
    // No record (a locked vault writes none): nothing drawn, the app shows what it has.
    await page.evaluate(() => chrome.storage.session.remove('popupFirstScreen'));
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.firstPaint ?? 'none')).not.toBe('shown');
    expect(await page.evaluate(() => (window as any).__takeOver.first)).toBeUndefined();
    await page.close();
  });
});
