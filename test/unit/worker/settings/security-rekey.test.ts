import { describe, expect, it } from 'vitest';
import { idbKeyValueStore, type Account, type KeyValueStore, type UnlockedKey } from '../../../../src/vault';
import { makeAccount } from '../../../fixtures/accounts';
import { harness } from '../harness';

/**
 * Settings › Security › passphrase, worker side: every set, change and removal re-keys the vault
 * (test/unit/vault/rekey.test.ts has the vault's own cases), and the session follows to the new key.
 */
const PASS = 'correct horse battery';
const NEXT = 'another long passphrase';

let stores = 0;
/** The vault's IndexedDB store, whose entry writes can be made to stop after `entryWrites` (a worker stopping mid-re-key). */
function stoppableStore() {
  const inner = idbKeyValueStore(`security-rekey-${++stores}`);
  const control = { entryWrites: Infinity };
  const store: KeyValueStore = {
    ...inner,
    update: async (key, updater) => {
      if (key.startsWith('entry:') && control.entryWrites-- <= 0) throw new DOMException('the worker stopped', 'AbortError');
      return inner.update(key, updater);
    },
  };
  return { inner, store, control };
}

async function withAccounts(h: ReturnType<typeof harness>, count = 2): Promise<Account[]> {
  const key = (await h.worker.vaultSession.key())!;
  const accounts = Array.from({ length: count }, (_, i) => makeAccount({ label: `user${i}@example.com` }));
  for (const account of accounts) expect((await h.vault.add(key, account)).ok).toBe(true);
  return accounts;
}

const sessionKey = (h: ReturnType<typeof harness>) => h.session.get('vaultKey') as Promise<UnlockedKey>;
const listedIds = async (h: ReturnType<typeof harness>) => {
  const reply = await h.page('accounts/list');
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.value as { accounts: { id: string }[]; problems: number });
};
const generations = async (store: KeyValueStore) => (await store.entries()).filter(([k]) => k.startsWith('entry:')).map(([, e]) => (e as { k?: number }).k);

describe('security/passphrase re-keys the vault', () => {
  it('set, change and removal each put a new key in the session; the previous one opens nothing', async () => {
    const h = harness();
    const accounts = await withAccounts(h);
    const ids = accounts.map((a) => a.id);
    let previous = (await sessionKey(h))!;

    for (const [step, payload] of [
      ['set', { next: PASS }],
      ['change', { current: PASS, next: NEXT }],
      ['removal', { current: NEXT, next: null }],
    ] as const) {
      expect(await h.page('security/passphrase', payload), step).toEqual({ ok: true, value: { protected: payload.next !== null } });
      const key = (await sessionKey(h))!;
      expect(key.key, step).not.toBe(previous.key);
      expect(await h.page('vault/state'), step).toMatchObject({ ok: true, value: { unlocked: true } });
      expect((await listedIds(h)).accounts.map((a) => a.id).sort(), step).toEqual([...ids].sort());
      expect((await h.vault.list(key)).ok, step).toBe(true);
      expect(await h.vault.list(previous), step).toMatchObject({ ok: false, error: { kind: 'locked' } });
      previous = key;
    }
    expect(await generations(h.store)).toEqual([3, 3]);
    const listed = await h.vault.list(previous);
    expect(listed.ok && listed.value.accounts).toEqual(accounts);
  });

  it('a change while locked keeps the vault locked; then only the new passphrase opens it', async () => {
    const h = harness();
    await withAccounts(h);
    await h.page('security/passphrase', { next: PASS });
    await h.page('vault/lock');
    expect(await h.page('security/passphrase', { current: PASS, next: NEXT })).toEqual({ ok: true, value: { protected: true } });
    expect(await sessionKey(h)).toBeUndefined();
    expect(await h.page('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: false } });
    expect(await h.page('vault/unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.page('vault/unlock', { passphrase: NEXT })).toEqual({ ok: true, value: { unlocked: true } });
    expect((await listedIds(h)).accounts).toHaveLength(2);
  });

  it('a wrong current passphrase changes nothing: header, entries and session key stay as they were', async () => {
    const h = harness();
    await withAccounts(h);
    await h.page('security/passphrase', { next: PASS });
    const before = JSON.stringify(await h.store.entries());
    const key = await sessionKey(h);
    expect(await h.page('security/passphrase', { current: 'not the passphrase', next: NEXT })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.page('security/passphrase', { current: 'not the passphrase', next: null })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(JSON.stringify(await h.store.entries())).toBe(before);
    expect(await sessionKey(h)).toEqual(key);
  });
});

describe('a worker stopped in the middle of a re-key', () => {
  it('the next worker, finding the old key in the session, finishes the re-key and keeps the new key', async () => {
    const { inner, store, control } = stoppableStore();
    const h = harness({ store });
    const accounts = await withAccounts(h, 3);
    const old = (await sessionKey(h))!;
    control.entryWrites = 1;
    // The new header is in place, so the change is made; one entry of three was re-sealed.
    expect(await h.page('security/passphrase', { next: PASS })).toEqual({ ok: true, value: { protected: true } });
    const next = (await sessionKey(h))!;
    expect(next.key).not.toBe(old.key);
    expect(await generations(inner)).toEqual(expect.arrayContaining([0, 0, 1]));
    expect(await inner.get('header')).toHaveProperty('rekey');

    // Worst case: the worker stopped before the session followed, so the old key is still there.
    const restarted = harness({ store: inner });
    await restarted.session.set('vaultKey', old);
    const listed = await listedIds(restarted);
    expect(listed.problems).toBe(0);
    expect(listed.accounts.map((a) => a.id).sort()).toEqual(accounts.map((a) => a.id).sort());
    expect(await sessionKey(restarted)).toEqual(next);
    expect(await inner.get('header')).not.toHaveProperty('rekey');
    expect(await generations(inner)).toEqual([1, 1, 1]);
    expect(await restarted.vault.list(old)).toMatchObject({ ok: false, error: { kind: 'locked' } });
  });

  it('after a browser restart (no session key) the old passphrase still unlocks it, and that finishes the change', async () => {
    const { inner, store, control } = stoppableStore();
    const h = harness({ store });
    await withAccounts(h, 3);
    await h.page('security/passphrase', { next: PASS });
    control.entryWrites = 2;
    expect(await h.page('security/passphrase', { current: PASS, next: NEXT })).toEqual({ ok: true, value: { protected: true } });

    const restarted = harness({ store: inner });
    expect(await restarted.page('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: false } });
    expect(await restarted.page('vault/unlock', { passphrase: PASS })).toEqual({ ok: true, value: { unlocked: true } });
    expect((await listedIds(restarted)).accounts).toHaveLength(3);
    expect(await inner.get('header')).not.toHaveProperty('rekey');
    await restarted.page('vault/lock');
    expect(await restarted.page('vault/unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await restarted.page('vault/unlock', { passphrase: NEXT })).toEqual({ ok: true, value: { unlocked: true } });
  });
});
