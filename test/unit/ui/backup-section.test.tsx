import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionsPage } from '../../../src/ui';
import { AccountsSection, createAccountsStore } from '../../../src/ui/options/accounts';
import { backupReminder, BackupSection, createBackupStore, createPhoneTransferStore, TRANSFER_SHOWN_MS } from '../../../src/ui/options/backup';
import { parseMigrationUri } from '../../../src/totp';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { CRAFTED, CRAFTED_KEYS, craftedOtpauthList } from '../../fixtures/import-crafted';
import { KEY, SITE } from '../worker/harness';
import { allByRole, byRole, click, manualClock, mount, nameOf, settle, submit, unmount } from './support';
import { workerPage } from './worker-page';

const BACKUP_PASSPHRASE = 'correct horse battery';
let roots: HTMLElement[] = [];
afterEach(async () => {
  for (const root of roots) await unmount(root);
  roots = [];
});

const until = (check: () => void) =>
  vi.waitFor(
    async () => {
      await settle(1);
      check();
    },
    { timeout: 5000, interval: 5 },
  );

/** The settings page with the Accounts and Backup sections over the real worker, as main.tsx mounts them. */
async function openPage(accounts: Account[]) {
  const page = workerPage();
  const key = (await page.h.worker.vaultSession.key())!;
  for (const a of accounts) await page.h.vault.add(key, a);
  await page.h.worker.start();
  const download = vi.fn<(filename: string, text: string, mime: string) => void>();
  const backup = createBackupStore({ messenger: page.messenger, local: page.local, session: page.session, download, reminder: backupReminder });
  const accountsStore = createAccountsStore({ messenger: page.messenger, session: page.session, clock: manualClock() });
  const clock = manualClock();
  const transfer = createPhoneTransferStore({ messenger: page.messenger, session: page.session, clock });
  await Promise.all([backup.start(), accountsStore.start(), transfer.start()]);
  const root = await mount(
    <OptionsPage
      sections={[
        { id: 'accounts', title: 'Accounts', content: <AccountsSection store={accountsStore} reminder={backupReminder} /> },
        { id: 'backup', title: 'Backup', content: <BackupSection store={backup} transfer={transfer} /> },
      ]}
    />,
  );
  roots.push(root);
  await settle();
  const form = (name: string) => {
    const found = [...root.querySelectorAll('form')].filter((f) => nameOf(f) === name);
    if (found.length !== 1) throw new Error(`expected one form named ${name}, found ${found.length}`);
    return found[0]!;
  };
  const input = (within: HTMLElement, name: string) => byRole(within, 'textbox', name) as HTMLInputElement;
  return { ...page, root, download, backup, form, input, clock };
}

/** Puts `text` in the form's file input as a chosen file (happy-dom lets a test set `files`). */
function chooseFile(input: HTMLInputElement, text: string, name = 'backup.json') {
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
}

describe('Settings › Backup', () => {
  it('shows "Back up your keys" (and the Accounts link to it) until an encrypted backup is exported', async () => {
    const { root, form, input, download } = await openPage([makeAccount({ secret: KEY })]);
    expect(byRole(root, 'heading', 'Backup').tagName).toBe('H2');
    expect(root.querySelector('.backup-banner')!.textContent).toContain('Back up your keys');
    expect(root.querySelector('.accounts-reminder a')!.getAttribute('href')).toBe('#backup');
    expect(root.textContent).toContain('No backup has been exported from this browser yet.');

    const encrypted = form('Encrypted backup');
    input(encrypted, 'Backup passphrase').value = BACKUP_PASSPHRASE;
    input(encrypted, 'Repeat the backup passphrase').value = 'typo';
    await submit(encrypted);
    await until(() => expect(byRole(encrypted, 'alert').textContent).toBe('The two passphrases differ. Type the same passphrase twice.'));

    input(encrypted, 'Repeat the backup passphrase').value = BACKUP_PASSPHRASE;
    await submit(encrypted);
    await until(() => expect(download).toHaveBeenCalledTimes(1));
    await until(() => expect(root.querySelector('.backup-banner')).toBeNull());
    expect(root.querySelector('.accounts-reminder')).toBeNull();
    // The notice follows the refreshed backup record (a render later under load).
    await until(() => expect(byRole(encrypted, 'status').textContent).toMatch(/^Saved b2core-authenticator-\d{4}-\d{2}-\d{2}\.json with 1 account\./));
    expect(byRole(encrypted, 'alert').textContent).toBe('');
    // The passphrase does not stay on the page.
    expect(input(encrypted, 'Backup passphrase').value).toBe('');
    expect(root.textContent).toMatch(/Last export: .+\./);
  });

  it('the plain list warns, and its button works only after the explicit "I understand"', async () => {
    const { form, download } = await openPage([makeAccount({ secret: KEY })]);
    const plain = form('Plain list of keys (to move them to a phone)');
    expect(plain.textContent).toContain('anyone who gets it can make your 2FA codes');
    const button = byRole(plain, 'button', 'Export plain list') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    const box = plain.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    expect(box.closest('label')!.textContent).toBe('I understand that anyone with this file can make my codes');
    await click(box);
    expect(button.disabled).toBe(false);
    await click(button);
    await until(() => expect(download).toHaveBeenCalledTimes(1));
    expect(download.mock.calls[0]![1]).toContain(`secret=${KEY}`);
    expect(download.mock.calls[0]![2]).toBe('text/plain');
    await until(() => expect(box.checked).toBe(false));
  });

  it('imports a chosen file: added and skipped counts, problems listed, the account appears under Accounts', async () => {
    const { root, form, input, h, outside } = await openPage([]);
    await outside(() => h.page('sites/add', { site: SITE }));
    const importForm = form('Import');
    await click(byRole(importForm, 'button', 'Import'));
    await until(() => expect(byRole(importForm, 'alert').textContent).toBe('Choose a backup file first.'));

    const good = `otpauth://totp/Broker:a%40example.com?secret=${KEY}&issuer=Broker&b2core_origin=${encodeURIComponent(SITE)}`;
    chooseFile(importForm.querySelector<HTMLInputElement>('input[type=file]')!, [good, 'not a link'].join('\n'), 'keys.txt');
    await submit(importForm);
    await until(() => expect(byRole(importForm, 'status').textContent).toBe('Added 1 account. 0 already here were skipped.'));
    expect(allByRole(importForm, 'listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Line 2: /)]);
    await until(() => expect(root.querySelector('[aria-label="Accounts in use"] .acct-label')?.textContent).toBe('a@example.com'));

    // The same file again: nothing twice.
    chooseFile(importForm.querySelector<HTMLInputElement>('input[type=file]')!, good, 'keys.txt');
    await submit(importForm);
    await until(() => expect(byRole(importForm, 'status').textContent).toBe('Added 0 accounts. 1 already here was skipped.'));
    expect(input(importForm, 'Backup passphrase (encrypted backups only)').value).toBe('');
  });

  it('says that keys for a site not registered need a site chosen, names that site, and imports them only for the chosen one', async () => {
    const { root, form, h, outside } = await openPage([]);
    await outside(() => h.page('sites/add', { site: SITE }));
    const importForm = form('Import');
    expect(importForm.textContent).toContain('Keys are added only for registered sites');
    expect(importForm.textContent).toContain('a file may name a site that is not registered here: such keys go to the registered site you pick. With none picked they are skipped.');
    const fileInput = importForm.querySelector<HTMLInputElement>('input[type=file]')!;

    chooseFile(fileInput, craftedOtpauthList(SITE), 'keys.txt');
    await submit(importForm);
    await until(() => expect(byRole(importForm, 'status').textContent).toBe('Added 1 account. 0 already here were skipped.'));
    expect(importForm.querySelector('.backup-problems .acct-warning')!.textContent).toBe('About this import (1):');
    expect(allByRole(byRole(importForm, 'list', 'Problems in the file'), 'listitem').map((li) => li.textContent)).toEqual([
      `1 key for ${CRAFTED.unregisteredOrigin} was not imported: that site is not registered here. Add it under Sites, or choose a site below, and import the file again.`,
    ]);

    await until(() => expect([...importForm.querySelectorAll('option')].map((o) => o.value)).toEqual(['', SITE]));
    chooseFile(fileInput, craftedOtpauthList(SITE), 'keys.txt');
    (importForm.querySelector('select') as HTMLSelectElement).value = SITE;
    await submit(importForm);
    await until(() => expect(byRole(importForm, 'status').textContent).toBe('Added 1 account. 1 already here was skipped.'));
    expect(allByRole(importForm, 'listitem').map((li) => li.textContent)).toEqual([
      `1 key named ${CRAFTED.unregisteredOrigin}, which is not a registered site: it was imported for the chosen site, ${SITE}.`,
    ]);
    const key = (await h.worker.vaultSession.key())!;
    const listed = await h.vault.list(key);
    expect(listed.ok && listed.value.accounts.map((a) => [a.secret, a.origin, a.client]).sort()).toEqual(
      [
        [CRAFTED_KEYS.linkClaims, SITE, {}],
        [CRAFTED_KEYS.linkUnregistered, SITE, {}],
      ].sort(),
    );
    expect(await h.local.get('sites')).toEqual([SITE]);
    expect(root.textContent).not.toContain(CRAFTED_KEYS.linkUnregistered);
  });

  it('offers registered sites for a phone’s keys, and refuses a wrong backup passphrase with nothing written', async () => {
    const source = await openPage([makeAccount({ secret: KEY })]);
    const encrypted = source.form('Encrypted backup');
    source.input(encrypted, 'Backup passphrase').value = BACKUP_PASSPHRASE;
    source.input(encrypted, 'Repeat the backup passphrase').value = BACKUP_PASSPHRASE;
    await submit(encrypted);
    await until(() => expect(source.download).toHaveBeenCalledTimes(1));
    const file = source.download.mock.calls[0]![1];
    for (const root of roots.splice(0)) await unmount(root);

    const { root, form, input, h, outside } = await openPage([]);
    await outside(() => h.page('sites/add', { site: SITE }));
    const importForm = form('Import');
    await until(() => expect([...importForm.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['None (skip such keys)', '127.0.0.1:8787']));

    chooseFile(importForm.querySelector<HTMLInputElement>('input[type=file]')!, file);
    input(importForm, 'Backup passphrase (encrypted backups only)').value = 'not the passphrase';
    await submit(importForm);
    await until(() => expect(byRole(importForm, 'alert').textContent).toBe('That passphrase does not open this backup (or the file was changed). Nothing was imported.'));
    expect(root.textContent).toContain('No accounts yet');
    expect(await h.snapshot()).toEqual([]);
  });

  it('"Add to a phone": the chosen active accounts as transfer QR codes, hidden again after a minute; an archived one is not offered', async () => {
    const a = makeAccount({ label: 'ann@example.com', secret: KEY });
    const b = makeAccount({ label: 'bob@example.com', secret: 'JBSWY3DPEHPK3PXP' });
    const old = makeAccount({ label: 'old@example.com', status: 'archived' });
    const { root, form, clock, h } = await openPage([a, b, old]);
    const panel = form('Add to a phone');
    const boxes = allByRole(panel, 'checkbox');
    expect(boxes.map((box) => box.closest('label')?.textContent ?? '').sort()).toEqual([expect.stringContaining('ann@example.com'), expect.stringContaining('bob@example.com')]);
    expect(boxes).toHaveLength(2);
    const show = byRole(panel, 'button', 'Show transfer code') as HTMLButtonElement;
    expect(show.disabled).toBe(true); // nothing chosen yet
    for (const box of boxes) await click(box);
    expect(show.disabled).toBe(false);
    await submit(panel);
    await until(() => expect(allByRole(panel, 'img')).toHaveLength(1));
    expect(nameOf(allByRole(panel, 'img')[0]!)).toBe('Transfer code 1 of 1');
    expect(panel.textContent).toContain('Scan the code with Google Authenticator on your phone.');
    // What the code holds: both keys, nothing else (the worker's answer, as the panel drew it).
    const reply = await h.page('backup/transfer', { ids: [a.id, b.id] });
    const parsed = parseMigrationUri((reply as { value: { uris: string[] } }).value.uris[0]!);
    expect(parsed.ok && parsed.accounts.map((x) => x.secret).sort()).toEqual([KEY, 'JBSWY3DPEHPK3PXP'].sort());
    clock.advance(TRANSFER_SHOWN_MS);
    await until(() => expect(allByRole(panel, 'img')).toHaveLength(0));
    expect(root.textContent).not.toContain('Transfer code 1 of 1');
  });
});
