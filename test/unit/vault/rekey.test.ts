import { describe, expect, it } from 'vitest';
import { createVault, fromBase64, idbKeyValueStore, type Account, type KeyValueStore, type UnlockedKey } from '../../../src/vault';
import { importVaultKey, open, seal, type SealedEntry } from '../../../src/vault/entry-cipher';
import { unwrapVaultKey, type VaultHeader } from '../../../src/vault/key-wrap';
import { makeAccount } from '../../fixtures/accounts';
import { TEST_KDF_ITERATIONS } from '../../fixtures/kdf';

/**
 * Re-keying on a passphrase change (set, change, removal): a new vault key, every entry re-sealed,
 * crash-safe. PBKDF2 runs at the production 600,000 iterations here (about 0.1 s each), so each
 * test keeps its passphrase steps few.
 */
const PASS = 'correct horse battery';
const NEXT = 'another long passphrase';

let dbCount = 0;
const freshStore = () => idbKeyValueStore(`rekey-test-${++dbCount}`, 'vault');

type Header = VaultHeader & { gen?: number; rekey?: { from: VaultHeader & { gen: number } } };

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function entries(store: KeyValueStore): Promise<[string, SealedEntry][]> {
  return (await store.entries()).filter(([k]) => k.startsWith('entry:')).map(([k, v]) => [k.slice('entry:'.length), v as SealedEntry]);
}

/** How many entries `key` (raw, base64) decrypts. */
async function opensWith(store: KeyValueStore, key: UnlockedKey): Promise<number> {
  const cryptoKey = await importVaultKey(crypto.subtle, fromBase64(key.key)!);
  let opened = 0;
  for (const [id, record] of await entries(store)) if ((await open(crypto.subtle, cryptoKey, id, record)).ok) opened++;
  return opened;
}

async function seeded(count: number, passphrase?: string) {
  const store = freshStore();
  const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
  let key = must(await vault.unlock());
  const accounts: Account[] = [];
  for (let i = 0; i < count; i++) {
    const account = makeAccount({ label: `user${i}@example.com`, ...(i % 2 ? { status: 'pending' as const, wizardUuid: `w-${i}` } : {}) });
    must(await vault.add(key, account));
    accounts.push(account);
  }
  if (passphrase) key = must(await vault.setPassphrase(key, passphrase));
  return { store, vault, key, accounts };
}

const listed = async (vault: ReturnType<typeof createVault>, key: UnlockedKey) => must(await vault.list(key));

/** A store whose writes throw after `n` of them succeeded, as if the worker stopped there. */
function crashingAfter(inner: KeyValueStore, n: number): KeyValueStore {
  let writes = 0;
  const stop = () => {
    if (writes++ >= n) throw new DOMException('the worker stopped', 'AbortError');
  };
  return {
    get: (key) => inner.get(key),
    entries: () => inner.entries(),
    update: async (key, updater) => {
      stop();
      return inner.update(key, updater);
    },
    del: async (key) => {
      stop();
      return inner.del(key);
    },
  };
}

describe('a passphrase change re-keys the vault', () => {
  it('new key, every entry re-sealed under it; the old header and old passphrase open nothing current', async () => {
    const { store, vault, key: k1, accounts } = await seeded(5, PASS);
    const oldHeader = (await store.get('header')) as Header;
    expect(oldHeader).toMatchObject({ mode: 'passphrase', gen: 1 });
    expect(oldHeader.rekey).toBeUndefined();

    const k2 = must(await vault.setPassphrase(k1, NEXT));
    expect(k2.key).not.toBe(k1.key);
    const header = (await store.get('header')) as Header & { kdf: { iterations: number } };
    expect(header).toMatchObject({ mode: 'passphrase', gen: 2 });
    expect(header.kdf.iterations).toBe(TEST_KDF_ITERATIONS);
    expect(header.rekey).toBeUndefined();
    expect(JSON.stringify(header)).not.toContain(k1.key);
    expect(JSON.stringify(header)).not.toContain(k2.key);

    // Every entry is under generation 2; the old raw key, which the old header and old passphrase
    // still give, decrypts none of them.
    expect((await entries(store)).map(([, e]) => e.k)).toEqual([2, 2, 2, 2, 2]);
    const fromOldHeader = await unwrapVaultKey(crypto.subtle, oldHeader as Extract<VaultHeader, { mode: 'passphrase' }>, PASS);
    expect(fromOldHeader && Buffer.from(fromOldHeader).toString('base64')).toBe(k1.key);
    expect(await opensWith(store, k1)).toBe(0);
    expect(await opensWith(store, k2)).toBe(5);

    // Even with the old header put back over today's entries, nothing opens.
    const restored = freshStore();
    await restored.update('header', () => oldHeader);
    for (const [id, record] of await entries(store)) await restored.update(`entry:${id}`, () => record);
    const old = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: restored });
    const oldKey = must(await old.unlock(PASS));
    expect(oldKey).toEqual(k1);
    const fromOld = await listed(old, oldKey);
    expect(fromOld.accounts).toEqual([]);
    expect(fromOld.problems.map((p) => p.kind)).toEqual(['tampered', 'tampered', 'tampered', 'tampered', 'tampered']);

    // Every account survives, identical; the old key and passphrase are refused.
    expect(await vault.unlock(PASS)).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    expect(await vault.unlock(NEXT)).toEqual({ ok: true, value: k2 });
    expect((await listed(vault, k2)).accounts).toEqual(accounts);
    expect(await vault.list(k1)).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await vault.update(k1, accounts[0]!.id, (a) => a)).toMatchObject({ ok: false, error: { kind: 'locked' } });
  });

  it('setting and removing a passphrase re-key too', async () => {
    const { store, vault, key: k0, accounts } = await seeded(3);
    expect(await store.get('header')).toMatchObject({ mode: 'plain', key: k0.key });

    const k1 = must(await vault.setPassphrase(k0, PASS));
    expect(await opensWith(store, k0)).toBe(0);
    expect(await opensWith(store, k1)).toBe(3);
    expect(JSON.stringify(await store.get('header'))).not.toContain(k0.key);

    const k2 = must(await vault.setPassphrase(k1, null));
    expect(await vault.state()).toEqual({ kind: 'plain' });
    expect(await store.get('header')).toEqual(expect.objectContaining({ mode: 'plain', key: k2.key, gen: 2 }));
    expect(await opensWith(store, k1)).toBe(0);
    expect(await opensWith(store, k2)).toBe(3);
    expect(await vault.unlock()).toEqual({ ok: true, value: k2 });
    expect((await listed(vault, k2)).accounts).toEqual(accounts);
  });

  it('a refused change (foreign key, short passphrase) changes nothing', async () => {
    const { store, vault, key } = await seeded(2);
    const { key: foreign } = await seeded(0);
    const before = JSON.stringify(await store.entries());
    expect(await vault.setPassphrase(foreign, PASS)).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await vault.setPassphrase(key, 'short')).toMatchObject({ ok: false, error: { kind: 'weak_passphrase' } });
    expect(JSON.stringify(await store.entries())).toBe(before);
  });

  it('keeps entries written before re-keying existed (no generation) readable, and re-keys them', async () => {
    const { store, vault, key, accounts } = await seeded(2);
    // Entries and header as the previous version wrote them: no `k`, no `gen`.
    for (const [id, record] of await entries(store)) {
      const { k: _k, ...legacy } = record;
      await store.update(`entry:${id}`, () => legacy);
    }
    expect((await listed(vault, key)).accounts).toEqual(accounts);
    const next = must(await vault.setPassphrase(key, PASS));
    expect((await entries(store)).map(([, e]) => e.k)).toEqual([1, 1]);
    expect((await listed(vault, next)).accounts).toEqual(accounts);
  });
});

describe('a crash part-way through a re-key', () => {
  // Writes of a change over 3 entries: 0 the new header, 1–3 the entries, 4 dropping the old key.
  it.each([0, 1, 2, 3, 4])('stopped after %i writes: opens with the old or the new passphrase, loses nothing, and the next unlock finishes it', async (n) => {
    const { store, key: k1, accounts } = await seeded(3, PASS);
    const before = await store.get('header');

    const crashed = await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: crashingAfter(store, n) }).setPassphrase(k1, NEXT);
    // Once the new header is in place the change is made (the rest resumes later); before, nothing changed.
    if (n === 0) {
      expect(crashed).toMatchObject({ ok: false, error: { kind: 'storage', message: expect.not.stringMatching(/horse|another/) } });
      expect(await store.get('header')).toEqual(before);
    } else {
      expect(crashed.ok).toBe(true);
      const header = (await store.get('header')) as Header;
      expect(header.gen).toBe(2);
      // The previous key stays in the header wrapped exactly as before, until every entry is rewritten.
      expect(header.rekey?.from).toEqual({ ...(before as object), check: undefined, gen: 1 });
      expect((await entries(store)).filter(([, e]) => e.k === 2)).toHaveLength(Math.min(n - 1, 3));
    }

    // A restarted worker: a new vault over the same database, writes working again.
    const reopened = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    // The old session key still reads every entry, whichever key sealed it.
    for (const account of accounts) expect(await reopened.get(k1, account.id)).toEqual({ ok: true, value: account });

    // Old passphrase on even n, new one on odd n: either opens.
    const usesOld = n === 0 || n % 2 === 0;
    const unlocked = must(await reopened.unlock(usesOld ? PASS : NEXT));
    const finished = (await store.get('header')) as Header;
    expect(finished.rekey).toBeUndefined();
    expect((await listed(reopened, unlocked)).accounts).toEqual(accounts);
    if (n === 0) {
      expect(unlocked).toEqual(k1);
      return;
    }
    expect(unlocked).toEqual(must(crashed as { ok: true; value: UnlockedKey }));
    expect((await entries(store)).map(([, e]) => e.k)).toEqual([2, 2, 2]);
    expect(await opensWith(store, k1)).toBe(0);
    // Finished: from now on only the new passphrase opens it.
    expect(await reopened.unlock(PASS)).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    expect(await reopened.list(k1)).toMatchObject({ ok: false, error: { kind: 'locked' } });
  });

  it('resume: a session still holding the old key gets the new one, and the re-key is finished', async () => {
    const { store, key: k0, accounts } = await seeded(3);
    const k1 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: crashingAfter(store, 2) }).setPassphrase(k0, PASS));
    const reopened = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    expect(await reopened.resume(k0)).toEqual({ ok: true, value: k1 });
    expect(((await store.get('header')) as Header).rekey).toBeUndefined();
    expect(await opensWith(store, k0)).toBe(0);
    expect((await listed(reopened, k1)).accounts).toEqual(accounts);
    expect(await reopened.resume(k1)).toEqual({ ok: true, value: k1 });
    expect(await reopened.resume(k0)).toMatchObject({ ok: false, error: { kind: 'locked' } });
  });

  it('an interrupted set (plain → passphrase): no passphrase still opens it, but a wrong passphrase does not', async () => {
    const { store, key: k0, accounts } = await seeded(2);
    const k1 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: crashingAfter(store, 1) }).setPassphrase(k0, PASS));
    const reopened = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    expect(await reopened.state()).toEqual({ kind: 'protected', iterations: TEST_KDF_ITERATIONS });
    expect(await reopened.unlock('not the passphrase')).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    expect(((await store.get('header')) as Header).rekey).toBeDefined();
    expect(await reopened.unlock()).toEqual({ ok: true, value: k1 });
    expect(((await store.get('header')) as Header).rekey).toBeUndefined();
    expect(await reopened.unlock()).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect((await listed(reopened, k1)).accounts).toEqual(accounts);
  });

  it('an interrupted removal finishes too', async () => {
    const { store, key: k1, accounts } = await seeded(3, PASS);
    const k2 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: crashingAfter(store, 2) }).setPassphrase(k1, null));
    const reopened = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    expect(await reopened.state()).toEqual({ kind: 'plain' });
    expect(await reopened.unlock()).toEqual({ ok: true, value: k2 });
    expect((await entries(store)).map(([, e]) => e.k)).toEqual([2, 2, 2]);
    expect(await opensWith(store, k1)).toBe(0);
    expect((await listed(reopened, k2)).accounts).toEqual(accounts);
  });

  it('a change started on a half-done re-key finishes that one first', async () => {
    const { store, key: k0, accounts } = await seeded(3);
    const k1 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: crashingAfter(store, 2) }).setPassphrase(k0, PASS));
    const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    // The caller still holds the old key: accepted while the first re-key is unfinished.
    const k2 = must(await vault.setPassphrase(k0, NEXT));
    const header = (await store.get('header')) as Header;
    expect(header).toMatchObject({ gen: 2 });
    expect(header.rekey).toBeUndefined();
    expect(await opensWith(store, k0)).toBe(0);
    expect(await opensWith(store, k1)).toBe(0);
    expect((await listed(vault, k2)).accounts).toEqual(accounts);
  });
});

describe('writers during a re-key', () => {
  it('concurrent updates in the same context lose nothing and end up under the new key', async () => {
    const { store, vault, key: k0, accounts } = await seeded(3);
    for (const a of accounts) must(await vault.update(k0, a.id, (x) => ({ ...x, label: '0' })));
    const bump = (a: Account) => vault.update(k0, a.id, (x) => ({ ...x, label: String(Number(x.label) + 1) }));
    const updates = accounts.flatMap((a) => Array.from({ length: 10 }, () => bump(a)));
    const [k1, ...results] = await Promise.all([vault.setPassphrase(k0, PASS), ...updates]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const key = must(k1);
    expect((await listed(vault, key)).accounts.map((a) => a.label)).toEqual(['10', '10', '10']);
    expect((await entries(store)).every(([, e]) => e.k === 1)).toBe(true);
    expect(((await store.get('header')) as Header).rekey).toBeUndefined();
    expect(await opensWith(store, k0)).toBe(0);
  });

  it('an add in the same context that chose the old key just before the re-key still lands, under the new key', async () => {
    const inner = freshStore();
    const k0 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner }).unlock());
    let newHeader!: () => void;
    const headerWritten = new Promise<void>((done) => (newHeader = done));
    const late = makeAccount();
    const hooked: KeyValueStore = {
      ...inner,
      update: async (key, updater) => {
        // The add has read the old header and sealed under the old key; its write reaches the store
        // only well after the new header (the re-key waits for it rather than dropping the old key).
        if (key === `entry:${late.id}`) {
          await headerWritten;
          await new Promise((done) => setTimeout(done, 50));
        }
        await inner.update(key, updater);
        if (key === 'header') newHeader();
      },
    };
    const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: hooked });
    const [added, k1] = await Promise.all([vault.add(k0, late), vault.setPassphrase(k0, PASS)]);
    expect(added).toEqual({ ok: true, value: late });
    expect(await vault.get(must(k1), late.id)).toEqual({ ok: true, value: late });
    expect((await entries(inner)).map(([, e]) => e.k)).toEqual([1]);
    expect(((await inner.get('header')) as Header).rekey).toBeUndefined();
  });

  it('a writer in another context holding the old key: its writes either land readable under the new key or are refused', async () => {
    for (const at of [0, 1, 2, 3]) {
      const inner = freshStore();
      const seed = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner });
      const k0 = must(await seed.unlock());
      const accounts = [makeAccount({ label: '0' }), makeAccount({ label: '0' }), makeAccount({ label: '0' })];
      for (const a of accounts) must(await seed.add(k0, a));

      // The other context (say, the options page) uses the old key while this one re-keys: its
      // operations start just before write number `at` of the re-key (0 is the new header).
      const other = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner });
      const late = makeAccount({ label: 'late' });
      const started: Promise<unknown>[] = [];
      let writes = 0;
      const hooked: KeyValueStore = {
        ...inner,
        update: async (key, updater) => {
          if (writes++ === at) {
            started.push(
              other.update(k0, accounts[0]!.id, (x) => ({ ...x, label: String(Number(x.label) + 1) })),
              other.update(k0, accounts[2]!.id, (x) => ({ ...x, label: String(Number(x.label) + 1) })),
              other.add(k0, late),
            );
          }
          return inner.update(key, updater);
        },
      };
      const k1 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: hooked }).setPassphrase(k0, PASS));
      const [u0, u2, added] = (await Promise.all(started)) as { ok: boolean; error?: { kind: string } }[];
      // A refusal can only be "locked": the old key was dropped before that write could land.
      for (const r of [u0!, u2!, added!]) if (!r.ok) expect(r.error?.kind).toBe('locked');

      const { accounts: final, problems } = await listed(createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner }), k1);
      expect(problems).toEqual([]);
      const label = (id: string) => final.find((a) => a.id === id)?.label;
      expect(label(accounts[0]!.id)).toBe(u0!.ok ? '1' : '0');
      expect(label(accounts[1]!.id)).toBe('0');
      expect(label(accounts[2]!.id)).toBe(u2!.ok ? '1' : '0');
      expect(final.some((a) => a.id === late.id)).toBe(added!.ok);
      expect(await opensWith(inner, k0)).toBe(0);
      expect(((await inner.get('header')) as Header).rekey).toBeUndefined();
    }
  });

  it('a write from another context that chose the old key and lands after the old key was dropped is taken back and refused, never left unreadable', async () => {
    const inner = freshStore();
    const seed = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner });
    const k0 = must(await seed.unlock());
    const existing = makeAccount({ label: '0' });
    must(await seed.add(k0, existing));
    const rekeyer = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner });
    let k1: UnlockedKey | undefined;
    // The other context read the header (old key) and sealed its write; a whole re-key runs here
    // before that write reaches the store.
    const stalled: KeyValueStore = {
      ...inner,
      update: async (key, updater) => {
        if (key.startsWith('entry:') && !k1) k1 = must(await rekeyer.setPassphrase(k0, PASS));
        return inner.update(key, updater);
      },
    };
    const late = makeAccount();
    expect(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: stalled }).add(k0, late)).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await inner.get(`entry:${late.id}`)).toBeUndefined();

    k1 = undefined;
    const rekeyed = freshStore();
    const seed2 = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: rekeyed });
    const j0 = must(await seed2.unlock());
    must(await seed2.add(j0, existing));
    const rekeyer2 = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: rekeyed });
    const stalled2: KeyValueStore = {
      ...rekeyed,
      update: async (key, updater) => {
        if (key.startsWith('entry:') && !k1) k1 = must(await rekeyer2.setPassphrase(j0, PASS));
        return rekeyed.update(key, updater);
      },
    };
    // An update's compare-and-swap fails (the re-key rewrote the entry); its retry finds its key gone.
    expect(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: stalled2 }).update(j0, existing.id, (x) => ({ ...x, label: 'lost?' }))).toMatchObject({ ok: false, error: { kind: 'locked' } });
    const after = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: rekeyed }).list(k1!));
    expect(after).toEqual({ accounts: [existing], problems: [] });
  });

  it('an entry landing under the old key between the last pass and the drop is still carried over', async () => {
    const inner = freshStore();
    const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: inner });
    const k0 = must(await vault.unlock());
    must(await vault.add(k0, makeAccount()));
    const late = makeAccount({ label: 'late' });
    const oldKey = await importVaultKey(crypto.subtle, fromBase64(k0.key)!);
    let headerWrites = 0;
    const hooked: KeyValueStore = {
      ...inner,
      update: async (key, updater) => {
        // Just before the drop (the second header write): a raw write under the old key, as a
        // writer in another context that read the header long ago would make it.
        if (key === 'header' && ++headerWrites === 2) {
          const sealed = await seal(crypto.subtle, oldKey, late.id, JSON.stringify(late), 0, crypto.getRandomValues(new Uint8Array(12)), 0);
          await inner.update(`entry:${late.id}`, () => sealed);
        }
        return inner.update(key, updater);
      },
    };
    const k1 = must(await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: hooked }).setPassphrase(k0, PASS));
    expect(await vault.get(k1, late.id)).toEqual({ ok: true, value: late });
    expect(await opensWith(inner, k0)).toBe(0);
  });
});

describe('onKeyChange', () => {
  it('tells listeners the old and new key once the new header is in place, before entries move; a failing listener changes nothing', async () => {
    const { store, vault, key: k0, accounts } = await seeded(2);
    const heard: { from: string[]; to: string; rekeying: boolean; moved: number }[] = [];
    vault.onKeyChange(async ({ from, to }) => {
      const header = (await store.get('header')) as Header;
      heard.push({ from: from.map((k) => k.key), to: to.key, rekeying: header.rekey !== undefined, moved: (await entries(store)).filter(([, e]) => e.k === 1).length });
    });
    const stop = vault.onKeyChange(() => {
      throw new Error('listener broke');
    });
    const k1 = must(await vault.setPassphrase(k0, PASS));
    expect(heard).toEqual([{ from: [k0.key], to: k1.key, rekeying: true, moved: 0 }]);
    expect((await listed(vault, k1)).accounts).toEqual(accounts);
    stop();
    must(await vault.setPassphrase(k1, null));
    expect(heard).toHaveLength(2);
  });
});

