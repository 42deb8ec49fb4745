import { describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../../../../src/totp';
import type { Account } from '../../../../src/vault';
import { makeAccount } from '../../../fixtures/accounts';
import { harness, KEY, SITE } from '../harness';

const PASSPHRASE = 'a long passphrase';

/** A harness with `accounts` in its vault and the snapshot published. */
async function withAccounts(accounts: Account[]) {
  const h = harness();
  const key = await h.worker.vaultSession.key();
  if (!key) throw new Error('no key');
  for (const a of accounts) {
    const added = await h.vault.add(key, a);
    if (!added.ok) throw new Error(added.error.message);
  }
  await h.worker.start();
  const list = async () => {
    const reply = await h.page('accounts/list');
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value as { accounts: { id: string; label: string; status: string; pinned: boolean; archivedAt?: number }[]; problems: number };
  };
  const ids = async () => (await list()).accounts.map((a) => a.id);
  const snapshotIds = async () => (await h.snapshot()).map((a) => a.id);
  return { h, key, list, ids, snapshotIds };
}

async function protect(h: ReturnType<typeof harness>) {
  const key = await h.worker.vaultSession.key();
  if (!key) throw new Error('no key');
  const set = await h.vault.setPassphrase(key, PASSPHRASE);
  if (!set.ok) throw new Error(set.error.message);
}

describe('accounts/list', () => {
  it('lists every account, archived too, in the snapshot’s order, without secrets; counts unreadable records', async () => {
    const b = makeAccount({ origin: 'https://b.example', label: 'b@example.com', secret: KEY });
    const a = makeAccount({ origin: 'https://a.example', label: 'a@example.com', status: 'archived', archivedAt: 1_700_000_100_000 });
    const p = makeAccount({ origin: 'https://c.example', label: 'c@example.com', status: 'pending', wizardUuid: 'w-1' });
    const { h, list } = await withAccounts([b, a, p]);
    await h.store.update('entry:damaged-record', () => ({ v: 1, rev: 0, iv: 'AAAA', ct: 'AAAA' }));

    const listed = await list();
    expect(listed.problems).toBe(1);
    expect(listed.accounts.map((x) => [x.id, x.status])).toEqual([
      [a.id, 'archived'],
      [b.id, 'active'],
      [p.id, 'pending'],
    ]);
    expect(listed.accounts[1]).toEqual({
      id: b.id,
      origin: 'https://b.example',
      email: b.client.email,
      label: 'b@example.com',
      issuer: 'B2Core Sandbox',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      status: 'active',
      pinned: false,
      createdAt: b.createdAt,
    });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('w-1');
  });
});

describe('accounts/update and accounts/reorder', () => {
  it('renames and pins; the popup snapshot follows (pinned first)', async () => {
    const a = makeAccount({ origin: 'https://a.example' });
    const b = makeAccount({ origin: 'https://b.example' });
    const { h, snapshotIds } = await withAccounts([a, b]);
    expect(await snapshotIds()).toEqual([a.id, b.id]);

    const renamed = await h.page('accounts/update', { id: b.id, label: '  Main account  ', pinned: true });
    expect(renamed).toMatchObject({ ok: true, value: { account: { id: b.id, label: 'Main account', pinned: true } } });
    expect(await snapshotIds()).toEqual([b.id, a.id]);
    expect((await h.snapshot())[0]!.label).toBe('Main account');

    expect(await h.page('accounts/update', { id: b.id, pinned: false })).toMatchObject({ ok: true, value: { account: { label: 'Main account', pinned: false } } });
    expect(await snapshotIds()).toEqual([a.id, b.id]);
  });

  it('refuses an empty name and an unknown account, changing nothing', async () => {
    const a = makeAccount();
    const { h, list } = await withAccounts([a]);
    expect(await h.page('accounts/update', { id: a.id, label: '   ' })).toMatchObject({ ok: false, error: { kind: 'bad_message' } });
    expect(await h.page('accounts/update', { id: 'no-such-account', label: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found', message: 'That account is no longer in the vault. The list has been refreshed.' },
    });
    expect((await list()).accounts[0]!.label).toBe(a.label);
  });

  it('reorders: named ids first, the rest after in their order; pinned accounts still lead', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => makeAccount({ origin: `https://${x}.example` })) as [Account, Account, Account, Account];
    const { h, ids, snapshotIds } = await withAccounts([a, b, c, d]);
    expect(await h.page('accounts/reorder', { ids: [c.id, a.id, 'gone-account', c.id] })).toEqual({ ok: true, value: { count: 2 } });
    expect(await ids()).toEqual([c.id, a.id, b.id, d.id]);
    expect(await snapshotIds()).toEqual([c.id, a.id, b.id, d.id]);
    // Move d up one place, as the settings page does it: the whole order.
    expect(await h.page('accounts/reorder', { ids: [c.id, a.id, d.id, b.id] })).toEqual({ ok: true, value: { count: 4 } });
    expect(await ids()).toEqual([c.id, a.id, d.id, b.id]);
    await h.page('accounts/update', { id: b.id, pinned: true });
    expect(await snapshotIds()).toEqual([b.id, c.id, a.id, d.id]);
  });
});

describe('accounts/set-status and accounts/delete', () => {
  it('archives (dated, out of the popup) and restores to active', async () => {
    const a = makeAccount();
    const { h, list, snapshotIds } = await withAccounts([a]);
    h.set(1_764_000_500_000);
    expect(await h.page('accounts/set-status', { id: a.id, status: 'archived' })).toMatchObject({ ok: true, value: { account: { status: 'archived', archivedAt: 1_764_000_500_000 } } });
    expect(await snapshotIds()).toEqual([]);
    // Archiving twice keeps the first date.
    h.set(1_764_000_600_000);
    expect(await h.page('accounts/set-status', { id: a.id, status: 'archived' })).toMatchObject({ ok: true, value: { account: { archivedAt: 1_764_000_500_000 } } });

    const restored = await h.page('accounts/set-status', { id: a.id, status: 'active' });
    expect(restored).toMatchObject({ ok: true, value: { account: { status: 'active' } } });
    expect(restored.ok && 'archivedAt' in (restored.value as { account: object }).account).toBe(false);
    expect(await snapshotIds()).toEqual([a.id]);
    expect((await list()).accounts[0]!.status).toBe('active');
  });

  it('refuses to make a pending key active or archived, clearly, and leaves it pending', async () => {
    const p = makeAccount({ status: 'pending', wizardUuid: 'w-9' });
    const { h, list } = await withAccounts([p]);
    for (const status of ['active', 'archived'] as const) {
      const reply = await h.page('accounts/set-status', { id: p.id, status });
      expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      expect(!reply.ok && reply.error.message).toMatch(/waiting for the site to confirm it.*delete the key/);
    }
    expect((await list()).accounts[0]!.status).toBe('pending');
  });

  it('deletes for good; a second delete answers deleted: false', async () => {
    const a = makeAccount();
    const b = makeAccount();
    const { h, ids, snapshotIds } = await withAccounts([a, b]);
    expect(await h.page('accounts/delete', { id: a.id })).toEqual({ ok: true, value: { deleted: true } });
    expect(await ids()).toEqual([b.id]);
    expect(await snapshotIds()).toEqual([b.id]);
    expect(await h.page('accounts/delete', { id: a.id })).toEqual({ ok: true, value: { deleted: false } });
  });
});

describe('accounts/reveal', () => {
  it('without a passphrase: the otpauth URI of the key, with its site', async () => {
    const a = makeAccount({ secret: KEY, label: 'demo@example.com', issuer: 'Broker', origin: SITE });
    const { h } = await withAccounts([a]);
    const reply = await h.page('accounts/reveal', { id: a.id });
    if (!reply.ok) throw new Error(reply.error.message);
    const uri = (reply.value as { uri: string }).uri;
    expect(parseOtpauthUri(uri)).toEqual({ ok: true, account: { issuer: 'Broker', label: 'demo@example.com', secret: KEY, algorithm: 'SHA1', digits: 6, period: 30 } });
    expect(new URLSearchParams(uri.split('?')[1]).get('b2core_origin')).toBe(SITE);
    expect(await h.page('accounts/reveal', { id: 'no-such-account' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('with a passphrase set: required and checked; a wrong one shows nothing and changes nothing', async () => {
    const a = makeAccount({ secret: KEY });
    const { h, list } = await withAccounts([a]);
    await protect(h);
    const before = await list();

    const missing = await h.page('accounts/reveal', { id: a.id });
    expect(missing).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Your vault is protected by a passphrase: enter it to continue.' } });
    const wrong = await h.page('accounts/reveal', { id: a.id, passphrase: 'not the passphrase' });
    expect(wrong).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'That passphrase is not the vault’s passphrase. Nothing was shown or changed.' } });
    expect(JSON.stringify([missing, wrong])).not.toContain(KEY);
    expect(await list()).toEqual(before);
    expect(await h.page('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: true } });

    const right = await h.page('accounts/reveal', { id: a.id, passphrase: PASSPHRASE });
    expect(right.ok && (right.value as { uri: string }).uri).toContain(`secret=${KEY}`);
  });
});

describe('a locked vault', () => {
  it('answers every accounts message with `locked` and a clear message', async () => {
    const a = makeAccount();
    const { h } = await withAccounts([a]);
    await protect(h);
    await h.page('vault/lock');
    const locked = { ok: false, error: { kind: 'locked', message: 'The vault is locked. Unlock it with your passphrase (in the popup), then try again.' } };
    expect(await h.page('accounts/list')).toEqual(locked);
    expect(await h.page('accounts/update', { id: a.id, label: 'x' })).toEqual(locked);
    expect(await h.page('accounts/reorder', { ids: [a.id] })).toEqual(locked);
    expect(await h.page('accounts/set-status', { id: a.id, status: 'archived' })).toEqual(locked);
    expect(await h.page('accounts/delete', { id: a.id })).toEqual(locked);
    expect(await h.page('accounts/reveal', { id: a.id, passphrase: PASSPHRASE })).toEqual(locked);
    await h.page('vault/unlock', { passphrase: PASSPHRASE });
    expect(await h.page('accounts/list')).toMatchObject({ ok: true, value: { accounts: [{ id: a.id }] } });
  });
});
