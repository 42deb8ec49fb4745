import { describe, expect, it } from 'vitest';
import type { AccountInfo } from '../../../src/messaging';
import { createAccountsStore, moveTarget, REVEAL_MS } from '../../../src/ui/options/accounts';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { KEY } from '../worker/harness';
import { manualClock } from './support';
import { workerPage } from './worker-page';

const PASSPHRASE = 'a long passphrase';

async function open(accounts: Account[]) {
  const page = workerPage();
  const key = await page.h.worker.vaultSession.key();
  for (const a of accounts) await page.h.vault.add(key!, a);
  await page.h.worker.start();
  const clock = manualClock();
  const store = createAccountsStore({ messenger: page.messenger, session: page.session, clock });
  await store.start();
  const labels = () => store.accounts.value?.map((a) => a.label);
  return { ...page, key: key!, clock, store, labels };
}

const info = (id: string, over: Partial<AccountInfo> = {}): AccountInfo => ({
  id,
  origin: 'https://a.example',
  label: id,
  issuer: '',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  status: 'active',
  pinned: false,
  createdAt: 0,
  ...over,
});

describe('moveTarget', () => {
  it('moves within the accounts in use with the same pin, never past the edge or into the archive', () => {
    const list = [info('p1', { pinned: true }), info('p2', { pinned: true }), info('a'), info('b'), info('x', { status: 'archived' })];
    expect(moveTarget(list, 'p1', -1)).toBeNull();
    expect(moveTarget(list, 'p2', -1)).toBe('p1');
    expect(moveTarget(list, 'p2', 1)).toBeNull();
    expect(moveTarget(list, 'a', -1)).toBeNull();
    expect(moveTarget(list, 'a', 1)).toBe('b');
    expect(moveTarget(list, 'b', 1)).toBeNull();
    expect(moveTarget(list, 'x', -1)).toBeNull();
    expect(moveTarget(list, 'nobody', 1)).toBeNull();
  });
});

describe('the accounts store, against the real worker', () => {
  it('reads every account in display order, archived too, and counts unreadable records', async () => {
    const { store, labels, h, outside } = await open([
      makeAccount({ origin: 'https://b.example', label: 'b' }),
      makeAccount({ origin: 'https://a.example', label: 'a', status: 'archived' }),
    ]);
    expect(labels()).toEqual(['a', 'b']);
    expect(store.problems.value).toBe(0);
    expect(store.passphraseSet.value).toBe(false);
    await outside(() => h.store.update('entry:damaged-record', () => ({ v: 1, rev: 0, iv: 'AAAA', ct: 'AAAA' })));
    await store.refresh();
    expect(store.problems.value).toBe(1);
  });

  it('renames (not to nothing), pins, moves, archives, restores and deletes, with a notice each time', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => makeAccount({ origin: `https://${x}.example`, label: `${x}@example.com` })) as [Account, Account, Account];
    const { store, labels, h } = await open([a, b, c]);

    expect(await store.rename(a.id, '   ')).toBe(false);
    expect(store.error.value).toBe('A name cannot be empty.');
    expect(await store.rename(a.id, ' Main ')).toBe(true);
    expect(store.notice.value).toBe('Renamed the account on a.example to Main.');
    expect(store.error.value).toBeNull();

    expect(await store.setPinned(c.id, true)).toBe(true);
    expect(labels()).toEqual(['c@example.com', 'Main', 'b@example.com']);
    expect(store.notice.value).toBe('Pinned c@example.com on c.example: it comes first in the popup.');
    expect((await h.snapshot()).map((x) => x.id)).toEqual([c.id, a.id, b.id]);

    expect(await store.move(b.id, -1)).toBe(true);
    expect(labels()).toEqual(['c@example.com', 'b@example.com', 'Main']);
    expect(store.notice.value).toBe('Moved b@example.com on b.example up.');
    // The pinned account leads its own group: b cannot pass it.
    expect(await store.move(b.id, -1)).toBe(false);

    expect(await store.setStatus(a.id, 'archived')).toBe(true);
    expect(store.accounts.value?.find((x) => x.id === a.id)?.status).toBe('archived');
    expect(store.notice.value).toBe('Archived Main on a.example: no codes are offered for it now.');
    expect(await store.setStatus(a.id, 'active')).toBe(true);
    expect(store.notice.value).toBe('Restored Main on a.example: its codes are offered again.');

    expect(await store.remove(b.id)).toBe(true);
    expect(labels()).toEqual(['c@example.com', 'Main']);
    expect(store.notice.value).toBe('Deleted b@example.com on b.example.');
    expect(store.busy.value).toBe(false);
  });

  it('shows the worker’s refusal for a pending key, and re-reads after a change from elsewhere', async () => {
    const pending = makeAccount({ status: 'pending', wizardUuid: 'w-1', label: 'p@example.com' });
    const { store, labels, h, key, outside } = await open([pending]);
    expect(await store.setStatus(pending.id, 'archived')).toBe(false);
    expect(store.error.value).toMatch(/still waiting for the site to confirm it/);
    expect(store.notice.value).toBeNull();

    await outside(async () => {
      await h.vault.add(key, makeAccount({ label: 'new@example.com', origin: 'https://z.example' }));
      await h.worker.start(); // the worker republishes its snapshot after every vault change
    });
    await expect.poll(labels).toEqual(['p@example.com', 'new@example.com']);
  });

  it('reveals a key for a minute, hides it on "Hide", on the timer, and when the list is read again', async () => {
    const a = makeAccount({ secret: KEY });
    const { store, clock } = await open([a]);
    expect(await store.reveal(a.id)).toBe(true);
    expect(store.revealed.value).toEqual({ id: a.id, uri: expect.stringContaining(`secret=${KEY}`) });
    clock.advance(REVEAL_MS - 1);
    expect(store.revealed.value).not.toBeNull();
    clock.advance(1);
    expect(store.revealed.value).toBeNull();
    expect(clock.pending).toBe(0);

    await store.reveal(a.id);
    store.hide();
    expect(store.revealed.value).toBeNull();
    expect(clock.pending).toBe(0);

    await store.reveal(a.id);
    await store.refresh();
    expect(store.revealed.value).toBeNull();
    expect(clock.pending).toBe(0);
  });

  it('with a vault passphrase: says so, and reveals only with the right one', async () => {
    const a = makeAccount({ secret: KEY });
    const { store, h, key } = await open([a]);
    await h.vault.setPassphrase(key, PASSPHRASE);
    await store.refresh();
    expect(store.passphraseSet.value).toBe(true);
    expect(await store.reveal(a.id)).toBe(false);
    expect(store.error.value).toBe('Your vault is protected by a passphrase: enter it to continue.');
    expect(await store.reveal(a.id, 'wrong passphrase')).toBe(false);
    expect(store.error.value).toBe('That passphrase is not the vault’s passphrase. Nothing was shown or changed.');
    expect(store.revealed.value).toBeNull();
    expect(await store.reveal(a.id, PASSPHRASE)).toBe(true);
    expect(store.revealed.value?.uri).toContain(`secret=${KEY}`);
  });

  it('is locked while the vault is, and comes back when it is unlocked', async () => {
    const a = makeAccount();
    const { store, h, key, outside } = await open([a]);
    await h.vault.setPassphrase(key, PASSPHRASE);
    await outside(() => h.page('vault/lock'));
    // The store follows storage changes on its own (decrypting takes WebCrypto's thread pool: polled, not counted).
    await expect.poll(() => store.locked.value).toBe(true);
    expect(store.accounts.value).toBeUndefined();
    expect(store.error.value).toBeNull();
    await outside(() => h.page('vault/unlock', { passphrase: PASSPHRASE }));
    await expect.poll(() => store.accounts.value?.map((x) => x.id)).toEqual([a.id]);
    expect(store.locked.value).toBe(false);
  });

  it('stops following the worker once disposed', async () => {
    const { store, watchers } = await open([]);
    expect(watchers()).toBe(1);
    store.dispose();
    expect(watchers()).toBe(0);
  });
});
