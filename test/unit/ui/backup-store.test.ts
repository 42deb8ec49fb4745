import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { AccountInfo } from '../../../src/messaging';
import { createBackupStore, isBackupDue } from '../../../src/ui/options/backup';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { CRAFTED, craftedEncryptedBackup } from '../../fixtures/import-crafted';
import { KEY, SITE } from '../worker/harness';
import { settle } from './support';
import { workerPage } from './worker-page';

const BACKUP_PASSPHRASE = 'correct horse battery';
const VAULT_PASSPHRASE = 'a long passphrase';

async function open(accounts: Account[], h?: ReturnType<typeof workerPage>['h']) {
  const page = workerPage(h);
  const key = (await page.h.worker.vaultSession.key())!;
  for (const a of accounts) await page.h.vault.add(key, a);
  await page.h.worker.start();
  const download = vi.fn<(filename: string, text: string, mime: string) => void>();
  const reminder = signal(false);
  const store = createBackupStore({ messenger: page.messenger, local: page.local, session: page.session, download, reminder });
  await store.start();
  return { ...page, key, store, download, reminder };
}

const info = (over: Partial<AccountInfo>): AccountInfo => ({
  id: 'x',
  origin: SITE,
  label: 'x',
  issuer: '',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  status: 'active',
  pinned: false,
  createdAt: 1000,
  ...over,
});

describe('the backup reminder', () => {
  it('is due with an active account made (or confirmed) after the last export, or no export at all', () => {
    expect(isBackupDue([], undefined)).toBe(false);
    expect(isBackupDue([info({ status: 'pending' }), info({ status: 'archived' })], undefined)).toBe(false);
    expect(isBackupDue([info({})], undefined)).toBe(true);
    expect(isBackupDue([info({ createdAt: 1000 })], { lastExportAt: 2000, format: 'encrypted' })).toBe(false);
    expect(isBackupDue([info({ createdAt: 1000 }), info({ createdAt: 3000 })], { lastExportAt: 2000, format: 'otpauth' })).toBe(true);
    // Staged before the export, confirmed after it: the export could not hold it as active.
    expect(isBackupDue([info({ createdAt: 1000, confirmedAt: 2500 })], { lastExportAt: 2000, format: 'otpauth' })).toBe(true);
  });

});

describe('the backup store, against the real worker', () => {
  it('exports an encrypted backup through download, records it, and the reminder goes', async () => {
    const { store, download, reminder, h } = await open([makeAccount({ secret: KEY })]);
    expect(reminder.value).toBe(true);
    expect(store.lastExportAt.value).toBeUndefined();

    expect(await store.exportEncrypted({ passphrase: 'short', repeat: 'short' })).toBe(false);
    expect(store.forms.value.encrypted.error).toBe('A backup passphrase needs at least 8 characters.');
    expect(await store.exportEncrypted({ passphrase: BACKUP_PASSPHRASE, repeat: 'something else' })).toBe(false);
    expect(store.forms.value.encrypted.error).toBe('The two passphrases differ. Type the same passphrase twice.');
    expect(download).not.toHaveBeenCalled();

    expect(await store.exportEncrypted({ passphrase: BACKUP_PASSPHRASE, repeat: BACKUP_PASSPHRASE })).toBe(true);
    expect(download).toHaveBeenCalledTimes(1);
    const [filename, text, mime] = download.mock.calls[0]!;
    expect(filename).toMatch(/^b2core-authenticator-\d{4}-\d{2}-\d{2}\.json$/);
    expect(mime).toBe('application/json');
    expect(text).not.toContain(KEY);
    expect(store.forms.value.encrypted).toEqual({ error: null, notice: `Saved ${filename} with 1 account. Keep its passphrase somewhere safe.` });
    expect(store.lastExportAt.value).toBe(h.now());
    expect(reminder.value).toBe(false);
    expect(store.busy.value).toBeNull();
  });

  it('exports the plain list only after "I understand"', async () => {
    const { store, download } = await open([makeAccount({ secret: KEY })]);
    expect(await store.exportPlain({ understood: false })).toBe(false);
    expect(store.forms.value.plain.error).toBe('Tick the box first: the plain list is readable by anyone who gets the file.');
    expect(download).not.toHaveBeenCalled();
    expect(await store.exportPlain({ understood: true })).toBe(true);
    const [filename, text, mime] = download.mock.calls[0]!;
    expect(filename).toMatch(/\.txt$/);
    expect(mime).toBe('text/plain');
    expect(text).toContain(`secret=${KEY}`);
    expect(store.forms.value.plain.notice).toBe(`Saved ${filename} with 1 key. Delete it once the key is moved.`);
  });

  it('asks for the vault passphrase when one is set', async () => {
    const { store, download, h, key } = await open([makeAccount({ secret: KEY })]);
    await h.vault.setPassphrase(key, VAULT_PASSPHRASE);
    await store.refresh();
    expect(store.passphraseSet.value).toBe(true);
    expect(await store.exportPlain({ understood: true })).toBe(false);
    expect(store.forms.value.plain.error).toBe('Your vault is protected by a passphrase: enter it to continue.');
    expect(await store.exportPlain({ understood: true, vaultPassphrase: 'wrong passphrase' })).toBe(false);
    expect(download).not.toHaveBeenCalled();
    expect(await store.exportPlain({ understood: true, vaultPassphrase: VAULT_PASSPHRASE })).toBe(true);
    expect(download).toHaveBeenCalledTimes(1);
  });

  it('imports: counts added and skipped, lists problems, refuses a wrong passphrase with nothing written', async () => {
    const source = await open([makeAccount({ secret: KEY, label: 'a@example.com' }), makeAccount({ secret: 'JBSWY3DPEHPK3PXP', label: 'b@example.com' })]);
    await source.store.exportEncrypted({ passphrase: BACKUP_PASSPHRASE, repeat: BACKUP_PASSPHRASE });
    const file = source.download.mock.calls[0]![1];

    const { store, h, key, reminder, outside } = await open([makeAccount({ secret: KEY, label: 'a@example.com' })]);
    await outside(() => h.page('sites/add', { site: SITE }));
    expect(await store.importText({ text: file, passphrase: 'not the backup passphrase' })).toBe(false);
    expect(store.forms.value.import.error).toBe('That passphrase does not open this backup (or the file was changed). Nothing was imported.');
    expect((await h.vault.list(key)).ok && (await h.vault.list(key))).toMatchObject({ value: { accounts: [{ label: 'a@example.com' }] } });

    expect(await store.importText({ text: file, passphrase: BACKUP_PASSPHRASE })).toBe(true);
    expect(store.imported.value).toEqual({ added: 1, skipped: 1, problems: [] });
    expect(store.forms.value.import.notice).toBe('Added 1 account. 1 already here was skipped.');
    expect(reminder.value).toBe(true);

    expect(await store.importText({ text: 'hello\notpauth://totp/x?secret=SECRETWITH1' })).toBe(true);
    expect(store.imported.value).toEqual({ added: 0, skipped: 0, problems: [expect.stringMatching(/^Line 1: /), expect.stringMatching(/^Line 2: /)] });
  });

  it('lists what a crafted file could not do: a key for an unregistered site is named and skipped, a pending one arrives archived', async () => {
    const { store, h, key, outside } = await open([]);
    await outside(() => h.page('sites/add', { site: SITE }));
    const text = await craftedEncryptedBackup({ site: SITE, passphrase: BACKUP_PASSPHRASE, now: h.now() });
    expect(await store.importText({ text, passphrase: BACKUP_PASSPHRASE })).toBe(true);
    expect(store.forms.value.import.notice).toBe('Added 3 accounts. 0 already here were skipped.');
    expect(store.imported.value!.problems).toEqual([
      `1 key for ${CRAFTED.unregisteredOrigin} was not imported: that site is not registered here. Add it under Sites, or choose a site below, and import the file again.`,
      '1 key was still waiting for a site to confirm it: it was imported as archived. Restore it under Accounts only if you know its site accepts its codes.',
    ]);
    const listed = await h.vault.list(key);
    expect(listed.ok && listed.value.accounts.every((a) => a.origin === SITE && a.status !== 'pending')).toBe(true);
    expect(store.sites.value).toEqual([SITE]);
  });

  it('offers the registered sites for keys whose file names none', async () => {
    const { store, h, outside } = await open([]);
    expect(store.sites.value).toEqual([]);
    await outside(() => h.page('sites/add', { site: SITE }));
    await vi.waitFor(() => expect(store.sites.value).toEqual([SITE]));
  });

  it('follows exports made elsewhere (LOCAL.backup) and stops following once disposed', async () => {
    const { store, h, outside, watchers } = await open([makeAccount({ secret: KEY })]);
    expect(watchers()).toBe(3);
    await outside(() => h.page('backup/export', { format: 'otpauth' }));
    await settle();
    await vi.waitFor(() => expect(store.lastExportAt.value).toBe(h.now()));
    store.dispose();
    expect(watchers()).toBe(0);
  });
});
