import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionsPage } from '../../../src/ui';
import { AccountsSection, createAccountsStore, qrPath, REVEAL_MS } from '../../../src/ui/options/accounts';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { KEY, SITE } from '../worker/harness';
import { allByRole, byRole, click, manualClock, mount, nameOf, settle, submit, unmount } from './support';
import { workerPage } from './worker-page';

const PASSPHRASE = 'a long passphrase';
let roots: HTMLElement[] = [];
afterEach(async () => {
  for (const root of roots) await unmount(root);
  roots = [];
});

async function openSection(accounts: Account[], options: { passphrase?: boolean; reminder?: boolean } = {}) {
  const page = workerPage();
  const key = (await page.h.worker.vaultSession.key())!;
  for (const a of accounts) await page.h.vault.add(key, a);
  if (options.passphrase) await page.h.vault.setPassphrase(key, PASSPHRASE);
  await page.h.worker.start();
  const clock = manualClock();
  const store = createAccountsStore({ messenger: page.messenger, session: page.session, clock });
  await store.start();
  const reminder = signal(options.reminder ?? false);
  const root = await mount(<OptionsPage sections={[{ id: 'accounts', title: 'Accounts', content: <AccountsSection store={store} reminder={reminder} /> }]} />);
  roots.push(root);
  await settle();
  const rows = (list = 'Accounts in use') => [...byRole(root, 'list', list).querySelectorAll<HTMLElement>(':scope > li')];
  const labels = (list?: string) => rows(list).map((li) => li.querySelector('.acct-label')!.textContent);
  const button = (name: string | RegExp) => byRole(root, 'button', name);
  return { ...page, root, store, clock, reminder, rows, labels, button };
}

/** Waits (in real time, rendering as it goes) until `check` passes: the worker behind the page is IndexedDB and WebCrypto. */
const until = (check: () => void) =>
  vi.waitFor(
    async () => {
      await settle(1);
      check();
    },
    { timeout: 5000, interval: 5 },
  );

const demo = () => makeAccount({ secret: KEY, label: 'demo@example.com', client: { email: 'demo@example.com' }, origin: SITE });

describe('Settings › Accounts', () => {
  it('explains how accounts get here when there are none', async () => {
    const { root } = await openSection([]);
    expect(byRole(root, 'heading', 'Accounts').tagName).toBe('H2');
    expect(root.textContent).toContain('No accounts yet');
    expect(root.textContent).toContain('when you enable Google Authenticator on a registered site');
    expect(root.textContent).toContain('import a backup or a list of otpauth links under Backup');
  });

  it('lists label, site, email and status; archived accounts in their own list; a reminder links to Backup', async () => {
    const { root, rows, labels, reminder } = await openSection(
      [
        makeAccount({ label: 'Trading', client: { email: 'ann@example.com' }, origin: 'https://my.broker.example' }),
        makeAccount({ label: 'old@example.com', origin: 'https://b.example', status: 'archived' }),
        makeAccount({ label: 'new@example.com', origin: 'https://c.example:8443', status: 'pending', wizardUuid: 'w-1' }),
      ],
      { reminder: true },
    );
    // By site: c.example before my.broker.example.
    expect(labels()).toEqual(['new@example.com', 'Trading']);
    const [second, first] = rows();
    expect(first!.querySelector('.acct-host')!.textContent).toBe('my.broker.example');
    expect(first!.querySelector('.acct-email')!.textContent).toBe('ann@example.com');
    expect(first!.querySelector('.badge-active')!.textContent).toBe('Active');
    expect(second!.querySelector('.badge-pending')!.textContent).toBe('Waiting for confirmation');
    // A pending key can only be finished on its site or deleted.
    expect(allByRole(second!, 'button').map(nameOf)).not.toContain('Archive new@example.com on c.example:8443');
    expect(labels('Archived accounts')).toEqual(['old@example.com']);
    expect(allByRole(rows('Archived accounts')[0]!, 'button').map((b) => b.textContent)).toEqual(['Rename', 'Show key', 'Restore', 'Delete']);

    const link = root.querySelector<HTMLAnchorElement>('.accounts-reminder a')!;
    expect(link.getAttribute('href')).toBe('#backup');
    expect(link.textContent).toBe('No backup since your newest account was added: back up your keys');
    reminder.value = false;
    await settle();
    expect(root.querySelector('.accounts-reminder')).toBeNull();
  });

  it('renames inline: Save keeps the new name, Escape cancels, focus returns to Rename', async () => {
    const { root, labels, button } = await openSection([demo()]);
    await click(button('Rename demo@example.com on 127.0.0.1:8787'));
    const box = byRole(root, 'textbox', 'New name for demo@example.com on 127.0.0.1:8787') as HTMLInputElement;
    expect(box.value).toBe('demo@example.com');
    box.value = 'Main account';
    await submit(box.form!);
    await until(() => expect(labels()).toEqual(['Main account']));
    expect(allByRole(root, 'textbox')).toEqual([]);
    expect(document.activeElement).toBe(button('Rename Main account on 127.0.0.1:8787'));
    expect(byRole(root, 'status').textContent).toBe('Renamed the account on 127.0.0.1:8787 to Main account.');

    await click(button('Rename Main account on 127.0.0.1:8787'));
    const again = byRole(root, 'textbox', /^New name for/) as HTMLInputElement;
    again.value = 'Something else';
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(allByRole(root, 'textbox')).toEqual([]);
    expect(labels()).toEqual(['Main account']);
    expect(document.activeElement).toBe(button('Rename Main account on 127.0.0.1:8787'));
  });

  it('pins and moves by keyboard-operable buttons; focus stays with the moved account', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => makeAccount({ origin: `https://${x}.example`, label: x })) as [Account, Account, Account];
    const { labels, button, rows, h } = await openSection([a, b, c]);
    expect((button('Move a on a.example up') as HTMLButtonElement).disabled).toBe(true);
    await click(button('Move a on a.example down'));
    await until(() => expect(labels()).toEqual(['b', 'a', 'c']));
    await until(() => expect(document.activeElement).toBe(button('Move a on a.example down')));
    await click(button('Move a on a.example down'));
    await until(() => expect(labels()).toEqual(['b', 'c', 'a']));
    // At the bottom now: focus goes to its other move button.
    await until(() => expect(document.activeElement).toBe(button('Move a on a.example up')));
    expect((button('Move a on a.example down') as HTMLButtonElement).disabled).toBe(true);

    await click(button('Pin a on a.example'));
    await until(() => expect(labels()).toEqual(['a', 'b', 'c']));
    expect(rows()[0]!.querySelector('.badge-pin')!.textContent).toBe('Pinned');
    await until(() => expect(document.activeElement).toBe(button('Unpin a on a.example')));
    expect((await h.snapshot()).map((x) => x.label)).toEqual(['a', 'b', 'c']);
  });

  it('archives and restores', async () => {
    const { labels, button } = await openSection([demo()]);
    await click(button('Archive demo@example.com on 127.0.0.1:8787'));
    await until(() => expect(labels('Archived accounts')).toEqual(['demo@example.com']));
    await until(() => expect(document.activeElement).toBe(button('Restore demo@example.com on 127.0.0.1:8787')));
    await click(button('Restore demo@example.com on 127.0.0.1:8787'));
    await until(() => expect(labels()).toEqual(['demo@example.com']));
  });

  it('deletes only after a confirmation that names the account and warns about the codes', async () => {
    const { root, button, labels, h } = await openSection([demo(), makeAccount({ label: 'old', status: 'archived' })]);
    await click(button('Delete demo@example.com on 127.0.0.1:8787'));
    const confirm = byRole(root, 'group', 'Delete demo@example.com on 127.0.0.1:8787?');
    expect(confirm.textContent).toContain('Its 2FA codes will be lost');
    expect(confirm.textContent).toContain('you will not be able to sign in to 127.0.0.1:8787');
    // The safe choice has the focus.
    expect(document.activeElement?.textContent).toBe('Cancel');
    await click(byRole(confirm, 'button', 'Cancel'));
    expect(labels()).toEqual(['demo@example.com']);
    expect(document.activeElement).toBe(button('Delete demo@example.com on 127.0.0.1:8787'));

    await click(button('Delete old on 127.0.0.1:8787'));
    expect(byRole(root, 'group', 'Delete old on 127.0.0.1:8787?').textContent).toContain('This archived key will be gone for good.');
    await click(button('Cancel'));

    await click(button('Delete demo@example.com on 127.0.0.1:8787'));
    await click(button('Delete for good'));
    await until(() => expect(allByRole(root, 'list', 'Accounts in use')).toEqual([]));
    expect(root.textContent).toContain('No account is in use');
    expect(byRole(root, 'status').textContent).toBe('Deleted demo@example.com on 127.0.0.1:8787.');
    await until(() => expect(document.activeElement).toBe(byRole(root, 'heading', 'Accounts')));
    expect(await h.snapshot()).toEqual([]);
  });

  it('"Show key" without a passphrase: the QR code and the otpauth link, hidden on "Hide" and after a minute', async () => {
    const { root, button, clock } = await openSection([demo()]);
    await click(button('Show key of demo@example.com on 127.0.0.1:8787'));
    await until(() => expect(root.querySelector('.qr')).not.toBeNull());
    const qr = byRole(root, 'img', 'QR code of the key of demo@example.com on 127.0.0.1:8787');
    expect(qr.tagName.toLowerCase()).toBe('svg');
    const uri = root.querySelector('.key-uri')!.textContent!;
    expect(uri).toMatch(new RegExp(`^otpauth://totp/.*secret=${KEY}`));
    expect(qr.querySelector('path')!.getAttribute('d')).toBe(qrPath(uri).d);
    expect(root.textContent).toContain('Anyone who sees this QR code or link can make your 2FA codes.');
    // While shown, the button is named for what it does now (its visible text is part of its name).
    expect(button('Hide key of demo@example.com on 127.0.0.1:8787').textContent).toBe('Hide key');

    await click(button('Hide'));
    expect(root.querySelector('.qr')).toBeNull();
    expect(root.textContent).not.toContain(KEY);

    await click(button('Show key of demo@example.com on 127.0.0.1:8787'));
    await until(() => expect(root.querySelector('.qr')).not.toBeNull());
    clock.advance(REVEAL_MS);
    await settle();
    expect(root.querySelector('.qr')).toBeNull();
    expect(root.textContent).not.toContain(KEY);
  });

  it('"Show key" with a passphrase set asks for it first; a wrong one shows nothing', async () => {
    const { root, button } = await openSection([demo()], { passphrase: true });
    await click(button('Show key of demo@example.com on 127.0.0.1:8787'));
    const field = byRole(root, 'textbox', 'Vault passphrase') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(document.activeElement).toBe(field);
    field.value = 'not the passphrase';
    await submit(field.form!);
    await until(() => expect(byRole(root, 'alert').textContent).not.toBe(''));
    expect(byRole(root, 'alert').textContent).toBe('That passphrase is not the vault’s passphrase. Nothing was shown or changed.');
    expect(root.querySelector('.qr')).toBeNull();
    field.value = PASSPHRASE;
    await submit(field.form!);
    await until(() => expect(root.querySelector('.key-uri')).not.toBeNull());
    expect(root.querySelector('.key-uri')!.textContent).toContain(`secret=${KEY}`);
    expect(allByRole(root, 'textbox', 'Vault passphrase')).toEqual([]);
  });

  it('says the vault is locked instead of an empty list', async () => {
    const { root, h, outside } = await openSection([demo()], { passphrase: true });
    await outside(() => h.page('vault/lock'));
    await until(() => expect(root.textContent).toContain('The vault is locked.'));
    expect(root.textContent).toContain('The vault is locked. Unlock it with your passphrase in the popup to see your accounts.');
    expect(root.textContent).not.toContain('No accounts yet');
  });
});
