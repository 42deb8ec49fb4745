import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { encodeBase32 } from '../../src/totp';
import { axeTable, expectFocusRing, focused, overflowing, tabTo, until } from './support/a11y';
import { shoot } from './support/browser';
import { launchExtension, type ExtensionHarness } from './support/extension';
import { launchManaged, type ManagedExtension } from './support/managed-policy';
import { controlledClock, poll, serverClock } from './support/server-clock';

/**
 * The settings page's sections in the states people meet them, in Chromium with the built extension
 * and the real sandbox:
 * - axe-core scans (no serious or critical violation; counts printed), light and dark: Guided set-up
 *   signed in with Google on and a filled 2FA history (and a record's panel open); Accounts with
 *   archived accounts, a rename panel open and a revealed key; Security with a passphrase, and
 *   locked; Backup with its reminder and after an import with problems; Sites with sites set by
 *   the organisation;
 * - each section used by keyboard alone (Tab, Shift+Tab, Enter, Space, arrows, Escape) with a
 *   visible focus ring;
 * - Security and History in Russian, with nothing pushed out of its box.
 * One story per extension, in order: each test builds on the one before.
 */
const { scanBothSchemes, print } = axeTable();
afterAll(print);

let sandbox: RunningSandbox;
const clock = controlledClock(() => sandbox.url);
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox?.close());

async function control(path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return res.status === 204 ? null : res.json();
}
/** Moves the sandbox clock on (B2Core takes each TOTP code once), and tells this browser's extension at once. */
const advance = (ext: ExtensionHarness, seconds = 30) => serverClock(clock, () => ext).advance(seconds);

async function openOptions(ext: ExtensionHarness, hash = ''): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.goto(`chrome-extension://${ext.id}/options.html${hash}`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await page.bringToFront();
  return page;
}

/** The section alone, light and dark (support/browser.ts: only when screenshots are asked for). */
const shootSection = (section: Locator, name: string) => shoot(section, `a11y-settings-${name}`);

/** Moves the keyboard's starting point to the start of `section` (as following a link to it does), without focusing anything in it. */
async function startAt(page: Page, id: string) {
  await page.evaluate((hash) => {
    location.hash = '';
    location.hash = hash;
  }, `#${id}`);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

const ALICE = { email: 'alice@example.com', password: 'Alice-Passw0rd' };

describe('English: every section', () => {
  let ext: ExtensionHarness;
  let page: Page;
  const host = () => new URL(sandbox.url).host;
  const setup = () => page.getByRole('region', { name: 'Guided set-up' });
  const history = () => page.getByRole('region', { name: '2FA history' });
  const statusOf = (region: Locator) => region.getByRole('status').first().textContent();

  beforeAll(async () => {
    await control('/__sandbox/clients', ALICE);
    ext = await launchExtension();
    expect(await ext.send('sites/add', { site: sandbox.url })).toEqual({ ok: true, value: { origin: sandbox.url } });
    page = await openOptions(ext);
  });
  afterAll(() => ext?.close());

  it('Guided set-up by keyboard: the contents link, the site, email and password, Enter signs in; Space and Enter turn Google on and off', async () => {
    // From the top of the page: the table of contents' first link leads to the section.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Guided set-up');
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => location.hash)).toBe('#setup');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Site');
    await expectFocusRing(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Email');
    await expectFocusRing(page);
    await page.keyboard.type(ALICE.email);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Password');
    await page.keyboard.type(ALICE.password);
    // Backwards and forwards again: the email is still there.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Email');
    expect(await page.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(ALICE.email);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await poll(() => statusOf(setup())).toBe(`Signed in as ${ALICE.email} on ${host()}.`);

    // The form is gone: focus is not dropped to the page's start, it lands on the signed-in view's first control.
    await poll(() => focused(page)).toBe('Sign out');
    await expectFocusRing(page);
    // The signed-in view asks the site for the 2FA state; its button appears once the answer is in (a person sees it first).
    await setup().getByRole('button', { name: 'Enable Google Authenticator' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Enable Google Authenticator');
    await expectFocusRing(page);
    await page.keyboard.press(' ');
    await poll(() => statusOf(setup())).toBe(`Google Authenticator is on for ${ALICE.email}. The key is in the vault, and codes are filled when the site asks for one.`);
    // The button it was on is replaced by "Disable": focus follows to it.
    await poll(() => focused(page)).toBe('Disable Google Authenticator');
    await expectFocusRing(page);

    await advance(ext);
    await page.keyboard.press('Enter');
    await poll(() => statusOf(setup())).toBe('Google Authenticator is off. Its key is archived in the vault (kept, but no longer offering codes).');
    await poll(() => focused(page)).toBe('Enable Google Authenticator');
    await advance(ext);
    await page.keyboard.press('Enter');
    await poll(() => statusOf(setup())).toMatch(/^Google Authenticator is on for /);
    await poll(() => focused(page)).toBe('Disable Google Authenticator');

    // Sign out is reachable backwards.
    const back = await tabTo(page, 'Sign out', 4, 'Shift+Tab');
    expect(back.at(-1)).toBe('Sign out');
    await expectFocusRing(page);
  });

  it('2FA history by keyboard: filters change with the arrow keys, Enter opens a record, Escape closes it and gives focus back', async () => {
    await page.reload();
    await poll(() => history().getByRole('table', { name: '2FA history' }).getByRole('row').count()).toBe(4);
    await startAt(page, 'history');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Method');
    await expectFocusRing(page);
    // A closed select changes with the arrow keys: All → Google Authenticator.
    await page.keyboard.press('ArrowDown');
    await poll(() => history().getByRole('combobox', { name: 'Method' }).inputValue()).toBe('google');
    await tabTo(page, 'Change');
    await page.keyboard.press('ArrowDown');
    await poll(() => history().getByRole('table', { name: '2FA history' }).getByRole('row').count()).toBe(3);
    await page.keyboard.press('ArrowUp');
    await poll(() => history().getByRole('table', { name: '2FA history' }).getByRole('row').count()).toBe(4);
    for (const name of ['Order', 'From', 'To']) {
      await tabTo(page, name, 8);
      await expectFocusRing(page);
    }

    const seen = await tabTo(page, /^Details: Google Authenticator Disabled/, 12);
    await expectFocusRing(page);
    const opener = seen.at(-1)!;
    await page.keyboard.press('Enter');
    const dialog = history().getByRole('dialog', { name: /^Change \d+$/ });
    await dialog.waitFor();
    await poll(() => dialog.textContent()).toContain('Disabled');
    await poll(() => focused(page)).toBe('Close');
    await expectFocusRing(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe(opener);
    await expectFocusRing(page);
    // Space opens it too; its Close button closes it with Enter, focus back again.
    await page.keyboard.press(' ');
    await dialog.waitFor();
    await poll(() => focused(page)).toBe('Close');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe(opener);

    // The pager: past the last row's button to "Rows per page" (Previous and Next are disabled with one page).
    await tabTo(page, 'Rows per page', 8);
    await expectFocusRing(page);
  });

  it('Guided set-up and 2FA history, signed in with Google on and a filled history: no serious or critical axe violation, light and dark', async () => {
    await page.reload();
    await poll(() => history().getByRole('table', { name: '2FA history' }).getByRole('row').count()).toBe(4);
    await setup().getByRole('button', { name: 'Disable Google Authenticator' }).waitFor();
    await shootSection(setup(), 'setup-signed-in');
    await shootSection(history(), 'history');
    await scanBothSchemes(page, 'settings-signed-in-history');
    await history().getByRole('button', { name: /^Details: Google Authenticator Enabled/ }).first().click();
    await history().getByRole('dialog').getByText('Recorded by the site').waitFor();
    await shootSection(history(), 'history-details');
    await scanBothSchemes(page, 'settings-history-details');
  });

  // ── Accounts ──
  const SEEDS = [
    { label: 'ann@example.com', secret: encodeBase32(randomBytes(10)) },
    { label: 'bob@example.com', secret: encodeBase32(randomBytes(10)) },
    { label: 'cy.very.long.address.of.a.client@example.com', secret: encodeBase32(randomBytes(20)) },
  ];
  const nameOf = (label: string) => `${label} on ${host()}`;
  const accounts = () => page.locator('#accounts');

  it('Accounts by keyboard: rename (Enter saves, Escape cancels), pin with Space, show and hide the key, archive, delete asks first; focus stays with the account', async () => {
    const text = SEEDS.map((s) => `otpauth://totp/${encodeURIComponent(s.label)}?secret=${s.secret}&issuer=Broker`).join('\n');
    expect(await ext.send('backup/import', { text, site: sandbox.url })).toEqual({ ok: true, value: { added: 3, skipped: 0, problems: [] } });
    await page.reload();
    const bob = nameOf(SEEDS[1]!.label);
    await accounts().getByRole('button', { name: `Rename ${bob}` }).waitFor();
    await startAt(page, 'accounts');

    // Rename: Enter opens the field with the name selected; Escape closes it, focus back on Rename.
    await tabTo(page, `Rename ${bob}`, 40);
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe(`New name for ${bob}`);
    await expectFocusRing(page);
    await page.keyboard.press('Escape');
    await poll(() => focused(page)).toBe(`Rename ${bob}`);
    await page.keyboard.press(' ');
    await poll(() => focused(page)).toBe(`New name for ${bob}`);
    await page.keyboard.type('Bob main');
    await page.keyboard.press('Enter');
    const renamed = nameOf('Bob main');
    await poll(() => focused(page)).toBe(`Rename ${renamed}`);
    await expectFocusRing(page);

    // Pin with Space: the account moves to the top, focus goes with it (now "Unpin").
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`Pin ${renamed}`);
    await page.keyboard.press(' ');
    await poll(() => focused(page)).toBe(`Unpin ${renamed}`);
    await expectFocusRing(page);
    await poll(() => accounts().getByRole('list', { name: 'Accounts in use' }).locator(':scope > li .acct-label').first().textContent()).toBe('Bob main');

    // Show key: the panel's heading takes focus; Hide (Enter) gives it back to "Show key".
    await tabTo(page, `Show key of ${renamed}`, 6);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe(`Key of ${renamed}`);
    await expectFocusRing(page);
    await accounts().getByRole('img', { name: `QR code of the key of ${renamed}` }).waitFor();
    await tabTo(page, 'Hide', 4);
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe(`Show key of ${renamed}`);
    expect(await accounts().locator('.qr').count()).toBe(0);

    // Archive: focus stays on the account's button, now "Restore" in the archived list.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`Archive ${renamed}`);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe(`Restore ${renamed}`);
    await expectFocusRing(page);
    await poll(() => accounts().getByRole('list', { name: 'Archived accounts' }).locator(':scope > li .acct-label').allTextContents()).toContain('Bob main');

    // Delete asks first, with focus on Cancel (Enter twice deletes nothing); Escape closes.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`Delete ${renamed}`);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe('Cancel');
    await expectFocusRing(page);
    expect(await accounts().getByRole('group', { name: `Delete ${renamed}?` }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => focused(page)).toBe(`Delete ${renamed}`);
    expect(await accounts().getByRole('group', { name: `Delete ${renamed}?` }).count()).toBe(0);

    // Move: Shift+Tab back from the first account in use to its "Move down", Enter moves it.
    const ann = nameOf(SEEDS[0]!.label);
    await accounts().getByRole('button', { name: `Rename ${ann}` }).focus();
    await tabTo(page, `Move ${ann} down`, 4);
    await page.keyboard.press('Enter');
    await poll(() => accounts().getByRole('list', { name: 'Accounts in use' }).locator(':scope > li .acct-label').first().textContent()).not.toBe('ann@example.com');
    await poll(() => focused(page)).toMatch(new RegExp(`^Move ${ann.replace(/[.]/g, '\\.')} (up|down)$`));
    await expectFocusRing(page);
  });

  it('Accounts with archived ones, a rename panel open, a revealed key: no serious or critical axe violation, light and dark', async () => {
    await page.reload();
    await accounts().getByRole('list', { name: 'Archived accounts' }).waitFor();
    await shootSection(accounts(), 'accounts');
    await scanBothSchemes(page, 'settings-accounts');
    const cy = nameOf(SEEDS[2]!.label);
    await accounts().getByRole('button', { name: `Rename ${cy}` }).click();
    await accounts().getByRole('textbox', { name: `New name for ${cy}` }).waitFor();
    await shootSection(accounts(), 'accounts-rename');
    await scanBothSchemes(page, 'settings-accounts-rename');
    await accounts().getByRole('button', { name: `Show key of ${cy}` }).click();
    await accounts().getByRole('img', { name: `QR code of the key of ${cy}` }).waitFor();
    await shootSection(accounts(), 'accounts-key');
    await scanBothSchemes(page, 'settings-accounts-key');
    await accounts().getByRole('button', { name: 'Hide', exact: true }).click();
  });

  // ── Backup ──
  const backup = () => page.locator('#backup');

  it('Backup with its reminder: no serious or critical axe violation, light and dark', async () => {
    await page.reload();
    await backup().locator('.backup-banner').waitFor();
    await shootSection(backup(), 'backup-reminder');
    await scanBothSchemes(page, 'settings-backup-reminder');
  });

  it('Backup by keyboard: both exports with Enter, the plain one after Space ticks "I understand", a file chosen and imported without a mouse', async () => {
    // Asked for now: Playwright catches the file chooser only once its interception is on (one round trip to the browser).
    const fileChooser = page.waitForEvent('filechooser', { timeout: 60_000 });
    await startAt(page, 'backup');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Backup passphrase');
    await expectFocusRing(page);
    await page.keyboard.type('correct horse battery staple');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Repeat the backup passphrase');
    await page.keyboard.type('correct horse battery staple');
    await tabTo(page, 'Export encrypted backup', 3);
    await expectFocusRing(page);
    const [encrypted] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(encrypted.suggestedFilename()).toMatch(/\.json$/);
    await poll(() => backup().getByRole('status').first().textContent()).toMatch(/^Saved b2core-authenticator-.*\.json with \d+ accounts?\./);
    // The button was disabled while the export ran: focus comes back to it.
    await poll(() => focused(page)).toBe('Export encrypted backup');
    await expectFocusRing(page);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('I understand that anyone with this file can make my codes');
    await expectFocusRing(page);
    await page.keyboard.press(' ');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Export plain list');
    const [plain] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(plain.suggestedFilename()).toMatch(/\.txt$/);
    // "I understand" is cleared for the next time, so the button is disabled: focus goes back to the box.
    await poll(() => focused(page)).toBe('I understand that anyone with this file can make my codes');
    expect(await page.getByRole('checkbox', { name: 'I understand that anyone with this file can make my codes' }).isChecked()).toBe(false);

    // Import: Space on the file field opens the browser's file chooser.
    await tabTo(page, 'Backup file', 3);
    await expectFocusRing(page);
    await page.keyboard.press(' ');
    const chooser = await fileChooser;
    const list = [`otpauth://totp/dan%40example.com?secret=${encodeBase32(randomBytes(10))}&issuer=Broker`, 'otpauth://totp/broken?secret=not*base32', 'hello'].join('\n');
    await chooser.setFiles({ name: 'keys.txt', mimeType: 'text/plain', buffer: Buffer.from(list) });
    await tabTo(page, 'Site for keys that name none', 3);
    await expectFocusRing(page);
    await page.keyboard.press('ArrowDown'); // "None" → the sandbox's site
    expect(await backup().getByRole('combobox', { name: 'Site for keys that name none' }).inputValue()).toBe(sandbox.url);
    await tabTo(page, 'Import', 2);
    await page.keyboard.press('Enter');
    await poll(() => backup().getByRole('list', { name: 'Problems in the file' }).getByRole('listitem').count()).toBe(2);
    await poll(() => focused(page)).toBe('Import');
  });

  it('Backup after an import with problems: no serious or critical axe violation, light and dark', async () => {
    await shootSection(backup(), 'backup-problems');
    await scanBothSchemes(page, 'settings-backup-problems');
  });

  // ── Security ──
  const PASS = 'correct horse battery';
  const security = () => page.locator('#security');

  it('Security by keyboard: set a passphrase with Enter, autofill mode with the arrow keys, auto-submit with Space, Lock now, unlock; focus is never dropped', { timeout: 120_000 }, async () => {
    await startAt(page, 'security');
    await tabTo(page, 'New passphrase', 4);
    await expectFocusRing(page);
    await page.keyboard.type(PASS);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Repeat the new passphrase');
    await page.keyboard.type(PASS);
    await page.keyboard.press('Enter');
    await expect.poll(() => security().locator('#security-passphrase-status').textContent(), { timeout: 30_000 }).toContain('Passphrase set.');
    // The form gave way to "change" and "remove": focus lands on the first field of what is there now.
    await poll(() => focused(page)).toBe('Current passphrase');
    await expectFocusRing(page);

    await tabTo(page, /^Automatically/, 12);
    await expectFocusRing(page);
    await page.keyboard.press('ArrowDown');
    await poll(() => security().locator('#security-settings-status').textContent()).toBe('Saved.');
    expect((await ext.send('security/state')).value.settings.autofill).toBe('manual');
    await poll(() => focused(page)).toMatch(/^Only on shortcut or click/);
    await expectFocusRing(page);
    await page.keyboard.press('ArrowUp');
    await poll(() => focused(page)).toMatch(/^Automatically/);
    await poll(() => ext.send('security/state').then((r) => r.value.settings.autofill)).toBe('auto');
    await tabTo(page, /^Submit the form after filling the code/, 3);
    await page.keyboard.press(' ');
    await poll(() => ext.send('security/state').then((r) => r.value.settings.autoSubmit)).toBe(true);
    await poll(() => focused(page)).toMatch(/^Submit the form after filling the code/);
    await page.keyboard.press(' ');
    await poll(() => ext.send('security/state').then((r) => r.value.settings.autoSubmit)).toBe(false);

    // Check clock, by keyboard.
    await tabTo(page, `Check clock of ${sandbox.url}`, 6);
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await poll(() => security().locator('#security-clocks-status').textContent()).toBe(`Checked the clock of ${sandbox.url}.`);
    await poll(() => focused(page)).toBe(`Check clock of ${sandbox.url}`);

    // Lock now, backwards; the unlock field takes focus; Enter unlocks and focus returns to "Lock now".
    await tabTo(page, 'Lock now', 30, 'Shift+Tab');
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe('Passphrase to unlock');
    await expectFocusRing(page);
    await shootSection(security(), 'security-locked');
    await scanBothSchemes(page, 'settings-security-locked');
    await page.keyboard.type(PASS);
    await page.keyboard.press('Enter');
    await expect.poll(() => security().locator('#security-vault-status').textContent(), { timeout: 30_000 }).toBe('The vault is unlocked.');
    await poll(() => focused(page)).toBe('Lock now');
  });

  it('Security with a passphrase (unlocked): no serious or critical axe violation, light and dark', async () => {
    await page.reload();
    await security().getByText('Protected by a passphrase, and unlocked.').waitFor();
    await shootSection(security(), 'security-protected');
    await scanBothSchemes(page, 'settings-security-protected');
  });
});

describe('in Russian (Chromium started with --lang=ru, LANGUAGE=ru)', () => {
  const BORIS = { email: 'boris.konstantinopolsky@example.com', password: 'Boris-Passw0rd' };
  let ext: ExtensionHarness;
  let page: Page;
  const region = (name: string) => page.getByRole('region', { name });
  const setup = () => region('Пошаговая настройка');
  const history = () => region('История 2FA');

  beforeAll(async () => {
    await control('/__sandbox/clients', BORIS);
    ext = await launchExtension({ args: ['--lang=ru'], env: { LANGUAGE: 'ru', LANG: 'ru_RU.UTF-8' } });
    expect(await ext.send('sites/add', { site: sandbox.url })).toEqual({ ok: true, value: { origin: sandbox.url } });
    const text = ['ann', 'konstantin.konstantinopolsky'].map((who) => `otpauth://totp/${who}%40example.com?secret=${encodeBase32(randomBytes(10))}&issuer=Broker`).join('\n');
    expect(await ext.send('backup/import', { text, site: sandbox.url })).toMatchObject({ ok: true, value: { added: 2 } });
    page = await openOptions(ext);
  });
  afterAll(() => ext?.close());

  it('Guided set-up and History: signed in, Google turned on and off, a record open; no serious or critical axe violation; nothing overflows', async () => {
    await setup().getByRole('combobox', { name: 'Сайт' }).selectOption(sandbox.url);
    await setup().getByRole('textbox', { name: 'Электронная почта' }).fill(BORIS.email);
    await setup().getByRole('textbox', { name: 'Пароль' }).fill(BORIS.password);
    await setup().getByRole('button', { name: 'Войти' }).click();
    await poll(() => setup().getByRole('status').first().textContent()).toBe(`Вы вошли как ${BORIS.email} на ${new URL(sandbox.url).host}.`);
    for (const [button, done] of [
      ['Включить Google Authenticator', /^Google Authenticator включён для /],
      ['Выключить Google Authenticator', /^Google Authenticator выключен\./],
      ['Включить Google Authenticator', /^Google Authenticator включён для /],
    ] as const) {
      await advance(ext);
      await setup().getByRole('button', { name: button }).click();
      await poll(() => setup().getByRole('status').first().textContent()).toMatch(done);
    }
    await page.reload();
    await poll(() => history().getByRole('table', { name: 'История 2FA' }).getByRole('row').count()).toBe(4);
    await shootSection(setup(), 'ru-setup');
    await shootSection(history(), 'ru-history');
    await history().getByRole('button', { name: /^Подробнее: Google Authenticator Выключено/ }).click();
    await history().getByRole('dialog').getByRole('button', { name: 'Закрыть' }).waitFor();
    await shootSection(history(), 'ru-history-details');
    await scanBothSchemes(page, 'settings-ru-history');
    expect(await overflowing(page, 'main')).toEqual([]);
  });

  it('Security, Accounts and Backup: with a passphrase, then locked; no serious or critical axe violation; nothing overflows', async () => {
    expect(await ext.send('security/passphrase', { next: 'правильный конь батарейка' })).toEqual({ ok: true, value: { protected: true } });
    await page.reload();
    await page.locator('#security').getByText('Защищено паролем и разблокировано.').waitFor();
    await page.locator('#accounts .acct').first().waitFor();
    for (const id of ['security', 'accounts', 'backup', 'sites']) await shootSection(page.locator(`#${id}`), `ru-${id}`);
    await scanBothSchemes(page, 'settings-ru-protected');
    expect(await overflowing(page, 'main')).toEqual([]);

    expect(await ext.send('vault/lock')).toEqual({ ok: true, value: { locked: true } });
    await page.locator('#security').getByRole('textbox', { name: 'Пароль для разблокировки' }).waitFor();
    await shootSection(page.locator('#security'), 'ru-security-locked');
    await scanBothSchemes(page, 'settings-ru-locked');
    expect(await overflowing(page, 'main')).toEqual([]);
  });
});

/** A broker's managed policy (support/managed-policy.ts: the way Linux Chromium reads one). */
describe('Set by your organisation: a managed policy', () => {
  const POLICY_HTTPS = 'https://policy.broker.example';
  let managed: ManagedExtension;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    managed = await launchManaged({ sites: [sandbox.url, POLICY_HTTPS], requirePassphrase: true, maxAutoLockMinutes: 10 });
    ext = managed.ext;
    expect(ext.id).toBe(managed.expectedId);
    const expected = JSON.stringify([sandbox.url, POLICY_HTTPS].sort());
    await until('the policy is read', async () => JSON.stringify((await ext.send('security/state')).value?.policy.sites) === expected);
    // …and its sites registered (the worker writes them on start): a site added meanwhile could meet that write.
    await until('the policy\'s sites are registered', async () => JSON.stringify((await ext.send('sites/list')).value?.sites) === expected);
    expect(await ext.send('sites/add', { site: 'http://localhost:9' })).toEqual({ ok: true, value: { origin: 'http://localhost:9' } });
  });
  afterAll(() => managed?.close());

  it('Sites shows the policy\'s sites as set by the organisation, without "Remove"; Tab passes over them; no serious or critical axe violation', async () => {
    const page = await openOptions(ext, '#sites');
    const list = page.getByRole('list', { name: 'Registered sites' });
    await poll(() => list.getByRole('listitem').allTextContents()).toEqual(
      [`http://localhost:9Remove`, `${POLICY_HTTPS}Set by your organisation`, `${sandbox.url}Set by your organisation`].sort(),
    );
    expect(await list.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))).toEqual(['Remove http://localhost:9']);
    await page.locator('#security').getByText('Your organisation requires a passphrase').waitFor();
    await shootSection(page.locator('#sites'), 'sites-policy');
    await shootSection(page.locator('#security'), 'security-policy');
    await scanBothSchemes(page, 'settings-policy');

    // By keyboard: from the field, past "Add site", straight to the one site that can be removed.
    await page.getByRole('textbox', { name: 'Site address' }).focus();
    expect(await tabTo(page, 'Remove http://localhost:9', 3)).toEqual(['Add site', 'Remove http://localhost:9']);
    await expectFocusRing(page);
    await page.keyboard.press(' ');
    await poll(() => list.getByRole('listitem').count()).toBe(2);
    // No site left that can be removed: focus goes back to the address field.
    await poll(() => focused(page)).toBe('Site address');
    await expectFocusRing(page);
    await page.close();
  });
});
