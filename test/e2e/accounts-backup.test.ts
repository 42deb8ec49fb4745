import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { encodeBase32, generateCode, parseMigrationUri } from '../../src/totp';
import { oathtool } from '../fixtures/oathtool';
import { shoot } from './support/browser';
import { launchExtension, type ExtensionHarness } from './support/extension';

/**
 * Settings › Accounts and Settings › Backup in the built extension, in Chromium, against the real
 * worker: accounts seeded through `backup/import` of an otpauth list; rename, pin, move,
 * archive/restore, delete with its confirmation, Show key (no passphrase set in this branch); then
 * an encrypted export caught as a download, a wipe as a reinstall would do it (worker stopped,
 * IndexedDB and session storage cleared), a wrong backup passphrase refused with nothing changed,
 * and the import restoring every account with the codes Debian's oathtool computes from the
 * original keys.
 */
declare const chrome: any;

const SITE = 'http://127.0.0.1:8787';
/** A second broker's site (loopback: its host access is granted up front, so no prompt to click). */
const BROKER = 'http://localhost:9999';
const BACKUP_PASSPHRASE = 'correct horse battery staple';

interface Seed {
  label: string;
  origin: string;
  secret: string;
}
const SEEDS: Seed[] = [
  { label: 'ann@example.com', origin: SITE, secret: encodeBase32(randomBytes(10)) },
  { label: 'bob@example.com', origin: SITE, secret: encodeBase32(randomBytes(10)) },
  { label: 'cy@example.com', origin: BROKER, secret: encodeBase32(randomBytes(20)) },
];
const linkOf = (s: Seed) => `otpauth://totp/${encodeURIComponent(s.label)}?secret=${s.secret}&issuer=Broker&b2core_origin=${encodeURIComponent(s.origin)}`;
const host = (origin: string) => new URL(origin).host;
const nameOf = (s: { label: string; origin: string }) => `${s.label} on ${host(s.origin)}`;

let ext: ExtensionHarness;
beforeAll(async () => {
  ext = await launchExtension();
  // An import brings keys for registered sites only (a file cannot add a site).
  for (const site of [SITE, BROKER]) expect(await ext.send('sites/add', { site })).toMatchObject({ ok: true });
});
afterAll(() => ext?.close());

async function openOptions(): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`chrome-extension://${ext.id}/options.html`);
  return page;
}

/** The section, light and dark (support/browser.ts: only when screenshots are asked for). */
const shootSection = (page: Page, section: 'accounts' | 'backup', name: string) => shoot(page.locator(`#${section}`), `accounts-${name}`);

const inUse = (page: Page) => page.getByRole('list', { name: 'Accounts in use' });
const archived = (page: Page) => page.getByRole('list', { name: 'Archived accounts' });
const labels = (list: Locator) => list.locator(':scope > li .acct-label').allTextContents();
const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

describe('Settings › Accounts', () => {
  it('seeded accounts: rename, pin, move, archive/restore, delete with confirmation, show key', async () => {
    expect(await ext.send('backup/import', { text: SEEDS.map(linkOf).join('\n') })).toEqual({ ok: true, value: { added: 3, skipped: 0, problems: [] } });
    const page = await openOptions();
    await expect.poll(() => labels(inUse(page))).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
    // Nothing is backed up yet: the Accounts section links to Backup.
    expect(await page.locator('#accounts').getByRole('link', { name: /back up your keys/ }).getAttribute('href')).toBe('#backup');
    await shootSection(page, 'accounts', '01-list');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shootSection(page, 'accounts', '02-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Rename inline, by keyboard.
    await page.getByRole('button', { name: `Rename ${nameOf(SEEDS[1]!)}` }).click();
    const box = page.getByRole('textbox', { name: `New name for ${nameOf(SEEDS[1]!)}` });
    await box.fill('Bob — main');
    await box.press('Enter');
    await expect.poll(() => labels(inUse(page))).toEqual(['ann@example.com', 'Bob — main', 'cy@example.com']);
    expect((await ext.snapshotAccounts()).map((a) => a.label)).toEqual(['ann@example.com', 'Bob — main', 'cy@example.com']);

    // Pin cy: first here and in the popup's snapshot.
    const cy = nameOf(SEEDS[2]!);
    await page.getByRole('button', { name: `Pin ${cy}` }).click();
    await expect.poll(() => labels(inUse(page))).toEqual(['cy@example.com', 'ann@example.com', 'Bob — main']);
    expect((await ext.snapshotAccounts()).map((a) => a.label)).toEqual(['cy@example.com', 'ann@example.com', 'Bob — main']);

    // Move ann down with the keyboard: focus stays on its button.
    const annDown = page.getByRole('button', { name: `Move ${nameOf(SEEDS[0]!)} down` });
    await annDown.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => labels(inUse(page))).toEqual(['cy@example.com', 'Bob — main', 'ann@example.com']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move ${nameOf(SEEDS[0]!)} up`);

    // Archive and restore.
    const bob = `Bob — main on ${host(SITE)}`;
    await page.getByRole('button', { name: `Archive ${bob}` }).click();
    await expect.poll(() => labels(archived(page))).toEqual(['Bob — main']);
    expect((await ext.snapshotAccounts()).map((a) => a.label)).toEqual(['cy@example.com', 'ann@example.com']);
    // Alone in their groups now (pinned / not pinned): nowhere to move.
    for (const who of [cy, nameOf(SEEDS[0]!)]) {
      for (const way of ['up', 'down']) expect(await page.getByRole('button', { name: `Move ${who} ${way}` }).isDisabled(), `${who} ${way}`).toBe(true);
    }
    await shootSection(page, 'accounts', '03-archived');
    await page.getByRole('button', { name: `Restore ${bob}` }).click();
    await expect.poll(() => labels(inUse(page))).toEqual(['cy@example.com', 'Bob — main', 'ann@example.com']);
    expect(await archived(page).count()).toBe(0);

    // Show key: the otpauth link and its QR code; Hide.
    await page.getByRole('button', { name: `Show key of ${cy}` }).click();
    const qr = page.getByRole('img', { name: `QR code of the key of ${cy}` });
    await qr.waitFor();
    expect(await page.locator('.key-uri').textContent()).toContain(`secret=${SEEDS[2]!.secret}`);
    expect(await qr.evaluate((svg) => svg.getBoundingClientRect().width)).toBeGreaterThan(150);
    await shootSection(page, 'accounts', '04-key');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shootSection(page, 'accounts', '05-key-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Hide', exact: true }).click();
    await expect.poll(() => page.locator('.qr').count()).toBe(0);
    expect(await page.content()).not.toContain(SEEDS[2]!.secret);

    // Delete: a confirmation naming the account, warning about the codes; Cancel keeps it.
    const ann = nameOf(SEEDS[0]!);
    await page.getByRole('button', { name: `Delete ${ann}` }).click();
    const confirm = page.getByRole('group', { name: `Delete ${ann}?` });
    expect(await confirm.textContent()).toContain('Its 2FA codes will be lost');
    await shootSection(page, 'accounts', '06-delete-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await labels(inUse(page))).toContain('ann@example.com');
    await page.getByRole('button', { name: `Delete ${ann}` }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => labels(inUse(page))).toEqual(['cy@example.com', 'Bob — main']);
    expect(await status(page, `Deleted ${ann}.`).count()).toBe(1);
    expect((await ext.snapshotAccounts()).map((a) => a.label)).toEqual(['cy@example.com', 'Bob — main']);
    // Back as it was for the backup test.
    expect(await ext.send('backup/import', { text: linkOf(SEEDS[0]!) })).toMatchObject({ ok: true, value: { added: 1 } });
    await page.close();
  });
});

describe('Settings › Backup', () => {
  /** The codes the popup shows now, by label, and oathtool's codes of the original keys around now. */
  async function popupCodes(): Promise<Map<string, string>> {
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.id}/popup.html`);
    const rows = popup.getByRole('list', { name: 'Accounts' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(SEEDS.length);
    await expect.poll(() => popup.locator('.accounts .code').evaluateAll((els) => els.every((el) => /^\d{3} \d{3}$/.test(el.textContent ?? '')))).toBe(true);
    const read = await rows.evaluateAll((lis) => lis.map((li) => [li.querySelector('.label')?.textContent ?? '', (li.querySelector('.code')?.textContent ?? '').replace(' ', '')] as const));
    await popup.close();
    return new Map(read);
  }

  const expectOriginalCodes = async () => {
    const since = Date.now() / 1000;
    const shown = await popupCodes();
    const until = Date.now() / 1000;
    const labelOf = (s: Seed) => (s === SEEDS[1] ? 'Bob — main' : s.label);
    for (const seed of SEEDS) {
      const allowed = new Set<string>();
      for (let t = since - 1; t <= until + 1; t += 1) allowed.add(oathtool(seed.secret, t));
      expect([...allowed], labelOf(seed)).toContain(shown.get(labelOf(seed)));
    }
  };

  it('export → wipe → import restores every account with identical codes; a wrong passphrase changes nothing', async () => {
    const page = await openOptions();
    const backup = page.locator('#backup');
    await expect.poll(() => backup.locator('.backup-banner').count()).toBe(1);
    // ann was deleted and imported again in the test before: it comes last, after the moved ones.
    const before = ['cy@example.com', 'Bob — main', 'ann@example.com'];
    await expect.poll(() => labels(inUse(page))).toEqual(before);
    await shootSection(page, 'backup', '07-backup');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shootSection(page, 'backup', '08-backup-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expectOriginalCodes();

    // Export, encrypted: caught as the browser's download.
    const encrypted = page.getByRole('form', { name: 'Encrypted backup' });
    await encrypted.getByLabel('Backup passphrase', { exact: true }).fill(BACKUP_PASSPHRASE);
    await encrypted.getByLabel('Repeat the backup passphrase').fill(BACKUP_PASSPHRASE);
    const [download] = await Promise.all([page.waitForEvent('download'), encrypted.getByRole('button', { name: 'Export encrypted backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^b2core-authenticator-\d{4}-\d{2}-\d{2}\.json$/);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(file)).toMatchObject({ format: 'b2core-authenticator-backup', version: 1, kdf: { name: 'PBKDF2', iterations: 600_000 } });
    for (const seed of SEEDS) expect(file).not.toContain(seed.secret);
    await expect.poll(() => backup.locator('.backup-banner').count()).toBe(0);
    expect(await page.locator('#accounts .accounts-reminder').count()).toBe(0);
    await expect.poll(() => encrypted.getByRole('status').textContent()).toMatch(/^Saved b2core-authenticator-.*\.json with 3 accounts\./);

    // The plain list: only after "I understand".
    const plain = page.getByRole('form', { name: 'Plain list of keys (to move them to a phone)' });
    expect(await plain.getByRole('button', { name: 'Export plain list' }).isDisabled()).toBe(true);
    await plain.getByRole('checkbox', { name: 'I understand that anyone with this file can make my codes' }).check();
    const [listDownload] = await Promise.all([page.waitForEvent('download'), plain.getByRole('button', { name: 'Export plain list' }).click()]);
    expect(listDownload.suggestedFilename()).toMatch(/^b2core-authenticator-\d{4}-\d{2}-\d{2}\.txt$/);
    const list = readFileSync((await listDownload.path())!, 'utf8').split('\n');
    expect(list).toHaveLength(3);
    for (const seed of SEEDS) expect(list.some((line) => line.includes(`secret=${seed.secret}`))).toBe(true);
    await shootSection(page, 'backup', '09-exported');

    // Wipe, as a reinstall would: the worker stopped, its IndexedDB and session storage gone.
    await ext.stopWorker();
    const extensionPage = await ext.extensionPage();
    await extensionPage.evaluate(async () => {
      for (const db of await indexedDB.databases()) {
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase(db.name!);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
          request.onblocked = () => reject(new Error('blocked'));
        });
      }
      await chrome.storage.session.clear();
      await chrome.storage.local.remove('backup');
    });
    await page.reload();
    await expect.poll(() => page.locator('#accounts').textContent()).toContain('No accounts yet');
    expect(await ext.send('accounts/list')).toEqual({ ok: true, value: { accounts: [], problems: 0 } });
    await shootSection(page, 'accounts', '12-empty');

    // A wrong backup passphrase: refused, nothing written.
    const importForm = page.getByRole('form', { name: 'Import' });
    await importForm.getByLabel('Backup file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(file) });
    await importForm.getByLabel('Backup passphrase (encrypted backups only)').fill('not the backup passphrase');
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => importForm.getByRole('alert').textContent()).toBe('That passphrase does not open this backup (or the file was changed). Nothing was imported.');
    await shootSection(page, 'backup', '10-wrong-passphrase');
    expect(await ext.send('accounts/list')).toEqual({ ok: true, value: { accounts: [], problems: 0 } });
    expect(await page.locator('#accounts').textContent()).toContain('No accounts yet');

    // The right one: every account back, with its name, pin, status, and codes.
    await importForm.getByLabel('Backup passphrase (encrypted backups only)').fill(BACKUP_PASSPHRASE);
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => importForm.getByRole('status').textContent()).toBe('Added 3 accounts. 0 already here were skipped.');
    await expect.poll(() => labels(inUse(page))).toEqual(before);
    expect(await page.locator('#accounts .badge-pin').count()).toBe(1);
    await shootSection(page, 'backup', '11-imported');
    await expectOriginalCodes();

    // Importing the same backup again adds nothing.
    await importForm.getByLabel('Backup file').setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await importForm.getByLabel('Backup passphrase (encrypted backups only)').fill(BACKUP_PASSPHRASE);
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => importForm.getByRole('status').textContent()).toBe('Added 0 accounts. 3 already here were skipped.');
    expect((await ext.snapshotAccounts()).length).toBe(3);
    await page.close();
  });

  it('"Add to a phone": the QR code shown decodes to a Google Authenticator transfer whose codes oathtool agrees with, and goes away on Hide', async () => {
    const page = await openOptions();
    const panel = page.getByRole('form', { name: 'Add to a phone' });
    const boxes = panel.getByRole('checkbox');
    await expect.poll(() => boxes.count()).toBe(SEEDS.length);
    for (let i = 0; i < SEEDS.length; i++) await boxes.nth(i).check();
    await panel.getByRole('button', { name: 'Show transfer code' }).click();
    const qr = panel.getByRole('img', { name: 'Transfer code 1 of 1' });
    await qr.waitFor();
    await shootSection(page, 'backup', '13-phone-transfer');
    // Read as a phone's camera would: pixels, through a QR reader (jsQR), not our own encoder.
    await qr.evaluate((svg) => Object.assign((svg as SVGElement).style, { width: '480px', height: '480px' }));
    const png = PNG.sync.read(await qr.screenshot());
    const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(read?.data).toMatch(/^otpauth-migration:\/\/offline\?data=/);
    const parsed = parseMigrationUri(read!.data);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.accounts.map((a) => a.secret).sort()).toEqual(SEEDS.map((s) => s.secret).sort());
    const at = Math.floor(Date.now() / 1000);
    for (const account of parsed.accounts) {
      expect(await generateCode(account.secret, { epochSeconds: at, algorithm: account.algorithm, digits: account.digits, period: account.period }), account.label).toBe(oathtool(account.secret, at));
    }
    await panel.getByRole('button', { name: 'Hide' }).click();
    expect(await panel.getByRole('img').count()).toBe(0);
    await page.close();
  });
});
