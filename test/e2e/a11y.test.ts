import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, useSandbox } from '../fixtures/sandbox';
import { axeTable, escapeRegExp as escape, expectFocusRing, focused, overflowing, tabTo, until } from './support/a11y';
import { screenshot } from './support/browser';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { signInUi } from './support/sandbox-ui';

/**
 * Accessibility and languages of the built popup and settings page in Chromium:
 * - axe-core scans (no serious or critical violation; counts printed) with an empty vault and with
 *   accounts captured for real through the sandbox's enable wizard, light and dark;
 * - the popup and the Sites section driven by keyboard only, with a visible focus ring;
 * - the Russian UI (Chromium started with `--lang=ru` and LANGUAGE=ru).
 * The settings page's other sections in their states (signed in, locked, a revealed key…) are
 * scanned and driven by keyboard in a11y-settings.test.ts.
 */
declare const chrome: any;

const { scanBothSchemes, print } = axeTable();
afterAll(print);

const sb = useSandbox();

async function openPopup(ext: ExtensionHarness): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(`chrome-extension://${ext.id}/popup.html`);
  return page;
}

async function openOptions(ext: ExtensionHarness, sitesHeading = 'Sites'): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1000, height: 760 });
  await page.goto(`chrome-extension://${ext.id}/options.html`);
  await page.getByRole('heading', { level: 2, name: sitesHeading }).waitFor();
  return page;
}

/**
 * One account captured the way a person gets one: a client signs in to the sandbox's client area
 * and enables Google Authenticator; the extension stages the key, fills the wizard's code and keeps
 * the key once the server accepts it. With `abandon`, the wizard is cancelled: a pending key.
 */
async function captureAccount(ext: ExtensionHarness, email: string, abandon = false): Promise<void> {
  await sb.createClient({ email, password: DEMO.password });
  const page = await newTab(ext.context, `${sb.url}/#/outbox`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${sb.url}/#/signin`);
  await signInUi(page, DEMO.password, email);
  await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
  const key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
  const field = page.getByLabel('Verification code');
  await until('the wizard\'s code is filled', async () => /^\d{6}$/.test(await field.inputValue()));
  if (abandon) await page.getByRole('button', { name: 'Cancel' }).click();
  else {
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await until('the site enables Google Authenticator', async () => (await page.getByRole('status').first().textContent()) === 'Google Authenticator is enabled.');
  }
  const status = abandon ? 'pending' : 'active';
  await until(`the key is ${status}`, async () => (await ext.snapshotAccounts()).some((a) => a.secret === key && a.status === status));
  await page.close();
}

/** One browser for the empty vault and then, once accounts are captured into it, the full one. */
let english: ExtensionHarness;
beforeAll(async () => {
  english = await launchExtension();
});
afterAll(() => english?.close());

describe('an empty vault', () => {
  let ext: ExtensionHarness;
  beforeAll(() => {
    ext = english;
  });

  it('popup and settings page: no serious or critical axe violation, light and dark', async () => {
    const popup = await openPopup(ext);
    await expect.poll(() => popup.getByText('No accounts yet.').count()).toBe(1);
    await scanBothSchemes(popup, 'popup-empty');
    const options = await openOptions(ext);
    await expect.poll(() => options.getByText('No sites yet.', { exact: false }).count()).toBe(1);
    await scanBothSchemes(options, 'options-empty');
    // The same browser goes on with captured accounts: these two would redraw at every change.
    await popup.close();
    await options.close();
  });
});

describe('with captured accounts', () => {
  let ext: ExtensionHarness;
  const emails = ['ada.lovelace@example.com', 'grace.hopper@example.com'];
  beforeAll(async () => {
    ext = english;
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    expect(await ext.send('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
    for (const email of emails) await captureAccount(ext, email);
    await captureAccount(ext, 'pending.person@example.com', true);
  }, 90_000);

  it('popup and settings page: no serious or critical axe violation, light and dark', async () => {
    const popup = await openPopup(ext);
    await expect.poll(() => popup.getByRole('list', { name: 'Accounts' }).getByRole('listitem').count()).toBe(2);
    await expect.poll(() => popup.locator('.banner').textContent()).toMatch(/A key captured on .+ is waiting/);
    await scanBothSchemes(popup, 'popup-accounts');
    // With the copy confirmation showing, and "Use on this site" disabled with its reason (this tab is the popup page).
    await popup.getByRole('button', { name: /^Copy code: .* ada\.lovelace/ }).click();
    expect(await popup.getByRole('button', { name: 'Use on this site' }).isDisabled()).toBe(true);
    await expect.poll(() => popup.locator('#site-why').textContent()).toMatch(/not a web page/);
    await popup.waitForTimeout(250); // the toast's fade-in
    await scanBothSchemes(popup, 'popup-copied-and-error');

    const options = await openOptions(ext);
    await expect.poll(() => options.getByRole('list', { name: 'Registered sites' }).getByRole('listitem').count()).toBe(1);
    await options.getByRole('textbox', { name: 'Site address' }).fill('http://broker.example');
    await options.getByRole('button', { name: 'Add site' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toMatch(/Only https sites/);
    await scanBothSchemes(options, 'options-sites');
  });

  it('popup by keyboard: Tab reaches search, each copy button, Fill and "Use on this site"; Enter and Space act; focus is visible', async () => {
    // The popup opened in a tab sees itself as the active tab; a real popup sees the page under it.
    // Stand that page (the sandbox's client area) in for the popup's one `tabs.query`.
    const site = await newTab(ext.context, `${sb.url}/#/signin`);
    const popup = await ext.context.newPage();
    await popup.addInitScript((origin: string) => {
      const query = chrome.tabs.query.bind(chrome.tabs);
      chrome.tabs.query = (info: { active?: boolean }, callback?: (tabs: unknown[]) => void) => {
        const answer = info.active ? query({}).then((tabs: { url?: string }[]) => tabs.filter((t) => t.url?.startsWith(origin))) : query(info);
        if (!callback) return answer;
        void answer.then(callback);
      };
    }, sb.url);
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`chrome-extension://${ext.id}/popup.html`);
    await popup.bringToFront();
    const host = new URL(sb.url).host;
    // A copy button is named by what it shows: "Copy code:" (hidden), the site, the account, the code.
    const copyName = (email: string) => expect.stringMatching(new RegExp(`^Copy code: ${escape(host)} ${escape(email)} \\d{3} \\d{3}$`));
    await expect.poll(() => popup.getByRole('button', { name: /^Fill the code for/ }).count()).toBe(2);
    await expect.poll(() => popup.locator('.site-name').textContent()).toBe(host);

    // The search box has focus on opening; Tab goes through the list in order, then the tab's bar.
    expect(await focused(popup)).toBe('Search');
    const order = await tabTo(popup, 'Use on this site');
    expect(order).toEqual([
      copyName(emails[0]!),
      `Fill the code for ${emails[0]} on ${host}`,
      copyName(emails[1]!),
      `Fill the code for ${emails[1]} on ${host}`,
      'Use on this site',
    ]);
    await expectFocusRing(popup);
    // Backwards from the search box: the settings button.
    await popup.getByRole('searchbox', { name: 'Search' }).focus();
    await popup.keyboard.press('Shift+Tab');
    expect(await focused(popup)).toBe('Settings');
    await expectFocusRing(popup);

    // Arrow keys: down from the search box into the list, along the copy buttons, up back out.
    await popup.keyboard.press('Tab');
    expect(await focused(popup)).toBe('Search');
    await expectFocusRing(popup);
    await popup.keyboard.press('ArrowDown');
    expect(await focused(popup)).toEqual(copyName(emails[0]!));
    await expectFocusRing(popup);
    await popup.keyboard.press('ArrowDown');
    expect(await focused(popup)).toEqual(copyName(emails[1]!));
    await popup.keyboard.press('Home');
    expect(await focused(popup)).toEqual(copyName(emails[0]!));

    // Enter copies the focused account's code, Space the next one's.
    const codeOf = (i: number) => popup.getByRole('listitem').nth(i).locator('.code').textContent();
    // (The code shown before the key press or after the check: a 30 s step may end in between.)
    const shownAround = async (i: number, act: () => Promise<void>) => {
      const before = (await codeOf(i))!.replace(' ', '');
      await act();
      return [before, (await codeOf(i))!.replace(' ', '')];
    };
    const toast = popup.locator('.toast');
    const first = await shownAround(0, async () => {
      await popup.keyboard.press('Enter');
      await expect.poll(() => toast.textContent()).toBe(`Copied code for ${emails[0]} on ${host}. The clipboard is cleared in 30 s.`);
    });
    expect(first).toContain(await popup.evaluate(() => navigator.clipboard.readText()));
    await popup.keyboard.press('ArrowDown');
    const second = await shownAround(1, async () => {
      await popup.keyboard.press(' ');
      await expect.poll(() => toast.textContent()).toBe(`Copied code for ${emails[1]} on ${host}. The clipboard is cleared in 30 s.`);
    });
    expect(second).toContain(await popup.evaluate(() => navigator.clipboard.readText()));

    // Fill, by keyboard: the worker asks the sandbox's tab to fill; its sign-in page has no code
    // field, and the content script answers so (after its short wait for a person's Fill).
    await popup.keyboard.press('Tab');
    expect(await focused(popup)).toBe(`Fill the code for ${emails[1]} on ${host}`);
    await expectFocusRing(popup);
    await popup.keyboard.press('Enter');
    await expect
      .poll(() => popup.locator('.site-status').allTextContents().then((texts) => texts.join('')), { timeout: 10_000 })
      .toBe('No code field was found on this page.');

    // "Use on this site" by keyboard: the sandbox's origin is registered (again).
    await tabTo(popup, 'Use on this site');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.locator('.site-status[role=status]').textContent()).toBe(`${host} is registered: codes can be filled there.`);
    await screenshot(popup, 'a11y-popup-keyboard');
    await popup.close();
    await site.close();
  });

  it('settings › Sites by keyboard: Tab to the address, Enter adds, Space removes; focus stays in the section and is visible', async () => {
    const page = await openOptions(ext);
    await page.bringToFront();
    // The table of contents first: its links work from the keyboard.
    const links = await tabTo(page, 'Sites');
    expect(links).toEqual(['Guided set-up', '2FA history', 'Accounts', 'Security', 'Backup', 'Sites']);
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#sites');

    await tabTo(page, 'Site address');
    await expectFocusRing(page);
    await page.keyboard.type('http://localhost:9/');
    await page.keyboard.press('Enter');
    const remove = (origin: string) => page.getByRole('button', { name: `Remove ${origin}` });
    await expect.poll(() => remove('http://localhost:9').count()).toBe(1);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Added http://localhost:9.');
    // The field is emptied and keeps focus, for the next address.
    expect(await focused(page)).toBe('Site address');
    expect(await page.getByRole('textbox', { name: 'Site address' }).inputValue()).toBe('');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Add site');
    await expectFocusRing(page);
    const order = await tabTo(page, 'Remove http://localhost:9');
    expect(order).toEqual([`Remove ${sb.url}`, 'Remove http://localhost:9']);
    await expectFocusRing(page);
    await page.keyboard.press(' ');
    await expect.poll(() => remove('http://localhost:9').count()).toBe(0);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Removed localhost:9.');
    // Focus does not fall back to the page's start: it goes to the neighbouring site (here the one before).
    await expect.poll(() => focused(page)).toBe(`Remove ${sb.url}`);
    await expectFocusRing(page);
    await screenshot(page, 'a11y-options-keyboard');
    await page.close();
  });
});

describe('in Russian (Chromium started with --lang=ru, LANGUAGE=ru)', () => {
  let ext: ExtensionHarness;
  beforeAll(async () => {
    ext = await launchExtension({ args: ['--lang=ru'], env: { LANGUAGE: 'ru', LANG: 'ru_RU.UTF-8' } });
    expect(await ext.send('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
    await captureAccount(ext, 'konstantin.konstantinopolsky@example.com');
  }, 60_000);
  afterAll(() => ext?.close());

  it('the popup speaks Russian: names, placeholder with the right plural form, status texts; no serious axe violation', async () => {
    const popup = await openPopup(ext);
    const search = popup.getByRole('searchbox', { name: 'Поиск' });
    await expect.poll(() => search.count()).toBe(1);
    expect(await popup.evaluate(() => ({ lang: document.documentElement.lang, title: document.title }))).toEqual({ lang: 'ru', title: 'B2Core Authenticator' });
    expect(await search.getAttribute('placeholder')).toBe('Поиск среди 1 аккаунта');
    expect(await popup.getByRole('list', { name: 'Аккаунты' }).getByRole('listitem').count()).toBe(1);
    await expect.poll(() => popup.getByRole('button', { name: /^Скопировать код: .+ konstantin\.konstantinopolsky@example\.com \d{3} \d{3}$/ }).count()).toBe(1);
    expect(await popup.getByRole('button', { name: 'Добавить этот сайт' }).isDisabled()).toBe(true);
    await expect.poll(() => popup.locator('#site-why').textContent()).toBe('Эта вкладка — не веб-страница. Откройте в ней сайт вашего брокера и попробуйте снова.');
    await popup.getByRole('button', { name: /^Скопировать код/ }).click();
    await expect.poll(() => popup.locator('.toast').textContent()).toMatch(/^Скопировано: код для konstantin\.konstantinopolsky@example\.com на .+\. Буфер обмена очистится через 30 с\.$/);
    await popup.waitForTimeout(250);
    await scanBothSchemes(popup, 'popup-ru');
    // Long Russian words must not push anything out of the 360 px popup.
    expect(await overflowing(popup)).toEqual([]);
  });

  it('the settings page speaks Russian, its Sites section too', async () => {
    const options = await openOptions(ext, 'Сайты');
    expect(await options.evaluate(() => ({ lang: document.documentElement.lang, title: document.title }))).toEqual({ lang: 'ru', title: 'Настройки B2Core Authenticator' });
    await options.getByRole('textbox', { name: 'Адрес сайта' }).fill('http://broker.example');
    await options.getByRole('button', { name: 'Добавить сайт' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toBe('Добавить можно только сайт с https (обычный http — только для localhost и 127.0.0.1).');
    expect(await options.getByRole('button', { name: `Удалить ${sb.url}` }).textContent()).toBe('Удалить');
    await scanBothSchemes(options, 'options-ru');
    expect(await overflowing(options)).toEqual([]);
  });
});
