import { describe, expect, it } from 'vitest';
import { createVault, fromBase64, idbKeyValueStore, type KeyValueStore, type UnlockedKey } from '../../../src/vault';
import { seal, importVaultKey } from '../../../src/vault/entry-cipher';
import { makeAccount } from '../../fixtures/accounts';
import { TEST_KDF_ITERATIONS } from '../../fixtures/kdf';

let dbCount = 0;
/** A fresh IndexedDB database (fake-indexeddb: real IndexedDB semantics) per vault. */
const freshStore = () => idbKeyValueStore(`vault-test-${++dbCount}`, 'vault');

async function unlockedVault(store: KeyValueStore = freshStore()) {
  const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
  const unlocked = await vault.unlock();
  if (!unlocked.ok) throw new Error('unlock failed');
  return { vault, key: unlocked.value, store };
}

describe('a new vault', () => {
  it('is created plain on first unlock, with a random 256-bit key that stays the same', async () => {
    const store = freshStore();
    const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    expect(await vault.state()).toEqual({ kind: 'new' });
    const first = await vault.unlock();
    expect(first.ok && fromBase64(first.value.key)?.length).toBe(32);
    expect(await vault.state()).toEqual({ kind: 'plain' });
    expect(await vault.unlock()).toEqual(first);
    const other = await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: freshStore() }).unlock();
    expect(other.ok && first.ok && other.value.key !== first.value.key).toBe(true);
  });

  it('two first unlocks at once agree on one key', async () => {
    const store = freshStore();
    const [a, b] = await Promise.all([createVault({ kdfIterations: TEST_KDF_ITERATIONS, store }).unlock(), createVault({ kdfIterations: TEST_KDF_ITERATIONS, store }).unlock()]);
    expect(a).toEqual(b);
  });
});

describe('accounts', () => {
  it('add, get, list and update round-trip; the unlocked key survives JSON (storage.session)', async () => {
    const { vault, key } = await unlockedVault();
    const a = makeAccount();
    const b = makeAccount({ status: 'pending', wizardUuid: '36f59381-5b54-48bd-a0c7-3b908c476732' });
    expect(await vault.add(key, a)).toEqual({ ok: true, value: a });
    await vault.add(key, b);
    const revived = JSON.parse(JSON.stringify(key)) as UnlockedKey;
    expect(await vault.get(revived, a.id)).toEqual({ ok: true, value: a });
    const updated = await vault.update(revived, b.id, (acc) => ({ ...acc, status: 'active', confirmedAt: 5 }));
    expect(updated.ok && updated.value.status).toBe('active');
    const listed = await vault.list(key);
    expect(listed.ok && listed.value.accounts.map((x) => [x.id, x.status])).toEqual([
      [a.id, 'active'],
      [b.id, 'active'],
    ]);
  });

  it('never overwrites on add, never changes an id on update, refuses invalid accounts', async () => {
    const { vault, key } = await unlockedVault();
    const a = makeAccount();
    await vault.add(key, a);
    expect(await vault.add(key, { ...a, label: 'other' })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(await vault.update(key, a.id, (x) => ({ ...x, id: 'another-id-123' }))).toMatchObject({ ok: false, error: { kind: 'invalid_account' } });
    const bad = await vault.add(key, makeAccount({ secret: 'not base32!' }));
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid_account', message: expect.stringContaining('secret') } });
    expect(JSON.stringify(bad)).not.toContain('not base32!');
    expect(await vault.get(key, 'missing-id-1')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await vault.update(key, 'missing-id-1', (x) => x)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('50 concurrent read-modify-writes of one account lose nothing', async () => {
    const { vault, key } = await unlockedVault();
    const a = makeAccount({ label: '0' });
    await vault.add(key, a);
    const results = await Promise.all(Array.from({ length: 50 }, () => vault.update(key, a.id, (x) => ({ ...x, label: String(Number(x.label) + 1) }))));
    expect(results.every((r) => r.ok)).toBe(true);
    const final = await vault.get(key, a.id);
    expect(final.ok && final.value.label).toBe('50');
  });

  it('50 concurrent captures from separate vault instances all land', async () => {
    const store = freshStore();
    const { key } = await unlockedVault(store);
    const accounts = Array.from({ length: 50 }, () => makeAccount({ status: 'pending' }));
    await Promise.all(accounts.map((acc) => createVault({ kdfIterations: TEST_KDF_ITERATIONS, store }).add(key, acc)));
    const listed = await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store }).list(key);
    expect(listed.ok && listed.value.accounts.length).toBe(50);
  });

  it('remove deletes one entry; removing a missing one is not_found', async () => {
    const { vault, key } = await unlockedVault();
    const a = makeAccount();
    await vault.add(key, a);
    expect(await vault.remove(key, a.id)).toEqual({ ok: true, value: undefined });
    expect(await vault.remove(key, a.id)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('damaged records', () => {
  it('tampered ciphertext, a moved record and garbage each give their own error; the rest stay readable', async () => {
    const { vault, key, store } = await unlockedVault();
    const good = makeAccount();
    const victim = makeAccount();
    const moved = makeAccount();
    for (const acc of [good, victim, moved]) await vault.add(key, acc);

    const sealed = (await store.get(`entry:${victim.id}`)) as { ct: string };
    const bytes = fromBase64(sealed.ct)!;
    bytes[3]! ^= 0x01;
    await store.update(`entry:${victim.id}`, () => ({ ...sealed, ct: btoa(String.fromCharCode(...bytes)) }));
    // A record copied under another id fails: the id is bound as associated data.
    await store.update(`entry:${moved.id}`, () => sealed);
    await store.update('entry:garbage-1234', () => 'not a record');

    expect(await vault.get(key, victim.id)).toMatchObject({ ok: false, error: { kind: 'tampered', id: victim.id } });
    expect(await vault.get(key, moved.id)).toMatchObject({ ok: false, error: { kind: 'tampered', id: moved.id } });
    expect(await vault.get(key, 'garbage-1234')).toMatchObject({ ok: false, error: { kind: 'corrupt', id: 'garbage-1234' } });
    const listed = await vault.list(key);
    expect(listed.ok && listed.value.accounts.map((a) => a.id)).toEqual([good.id]);
    expect(listed.ok && listed.value.problems.map((p) => p.kind).sort()).toEqual(['corrupt', 'tampered', 'tampered']);
    // A damaged record cannot be overwritten by an update either.
    expect(await vault.update(key, victim.id, (x) => x)).toMatchObject({ ok: false, error: { kind: 'tampered' } });
  });

  it('an authentic record that is not an account is corrupt', async () => {
    const { vault, key, store } = await unlockedVault();
    const cryptoKey = await importVaultKey(crypto.subtle, fromBase64(key.key)!);
    await store.update('entry:weird-record-1', () => null);
    await store.update('entry:weird-record-1', () => undefined);
    const notJson = await seal(crypto.subtle, cryptoKey, 'weird-record-1', '{oops', 0, crypto.getRandomValues(new Uint8Array(12)));
    await store.update('entry:weird-record-1', () => notJson);
    const notAccount = await seal(crypto.subtle, cryptoKey, 'weird-record-2', '{"id":"weird-record-2"}', 0, crypto.getRandomValues(new Uint8Array(12)));
    await store.update('entry:weird-record-2', () => notAccount);
    expect(await vault.get(key, 'weird-record-1')).toMatchObject({ ok: false, error: { kind: 'corrupt', message: expect.stringContaining('not JSON') } });
    expect(await vault.get(key, 'weird-record-2')).toMatchObject({ ok: false, error: { kind: 'corrupt', message: expect.stringContaining('not an account') } });
  });

  it('a corrupt header says so instead of making a new key over the old entries', async () => {
    const store = freshStore();
    await store.update('header', () => ({ v: 1, mode: 'mystery' }));
    const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
    expect(await vault.state()).toEqual({ kind: 'corrupt' });
    expect(await vault.unlock()).toMatchObject({ ok: false, error: { kind: 'corrupt' } });
  });
});

describe('passphrase', () => {
  it('wraps the key with PBKDF2-SHA256 (the injected iteration count, 16-byte salt); wrong passphrase refused without damage', async () => {
    const { vault, key, store } = await unlockedVault();
    const a = makeAccount();
    await vault.add(key, a);
    const set = await vault.setPassphrase(key, 'correct horse battery');
    if (!set.ok) throw new Error(set.error.message);
    // Setting a passphrase re-keys (see rekey.test.ts): a new key, the old one refused.
    expect(set.value.key).not.toBe(key.key);
    expect(await vault.get(key, a.id)).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await vault.state()).toEqual({ kind: 'protected', iterations: TEST_KDF_ITERATIONS });
    const header = (await store.get('header')) as { kdf: { iterations: number; salt: string; hash: string }; key?: string };
    expect(header.kdf.iterations).toBe(TEST_KDF_ITERATIONS);
    expect(header.kdf.hash).toBe('SHA-256');
    expect(fromBase64(header.kdf.salt)!.length).toBeGreaterThanOrEqual(16);
    expect(header.key).toBeUndefined();
    expect(JSON.stringify(header)).not.toContain(key.key);
    expect(JSON.stringify(header)).not.toContain(set.value.key);

    expect(await vault.unlock()).toMatchObject({ ok: false, error: { kind: 'locked' } });
    const wrong = await vault.unlock('wrong horse battery');
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    expect(JSON.stringify(wrong)).not.toContain('horse');
    const right = await vault.unlock('correct horse battery');
    expect(right).toEqual({ ok: true, value: set.value });
    expect(await vault.get(set.value, a.id)).toEqual({ ok: true, value: a });
  });

  it('normalises the passphrase to NFC, refuses short ones, and can be removed again', async () => {
    const { vault, key } = await unlockedVault();
    expect(await vault.setPassphrase(key, 'short')).toMatchObject({ ok: false, error: { kind: 'weak_passphrase' } });
    const set = await vault.setPassphrase(key, 'caf\u00e9-au-lait');
    expect(await vault.unlock('cafe\u0301-au-lait')).toEqual(set);
    if (!set.ok) throw new Error(set.error.message);
    const removed = await vault.setPassphrase(set.value, null);
    expect(await vault.state()).toEqual({ kind: 'plain' });
    expect(await vault.unlock()).toEqual(removed);
  });

  it('a key that is not this vault\'s is refused everywhere ("locked"), so it can never write', async () => {
    const { vault } = await unlockedVault();
    const { key: foreign } = await unlockedVault();
    const garbage: UnlockedKey = { v: 1, key: 'AAAA' };
    for (const k of [foreign, garbage]) {
      expect(await vault.list(k)).toMatchObject({ ok: false, error: { kind: 'locked' } });
      expect(await vault.add(k, makeAccount())).toMatchObject({ ok: false, error: { kind: 'locked' } });
      expect(await vault.update(k, 'any-id-123', (x) => x)).toMatchObject({ ok: false, error: { kind: 'locked' } });
      expect(await vault.get(k, 'any-id-123')).toMatchObject({ ok: false, error: { kind: 'locked' } });
      expect(await vault.remove(k, 'any-id-123')).toMatchObject({ ok: false, error: { kind: 'locked' } });
      expect(await vault.setPassphrase(k, 'a long passphrase')).toMatchObject({ ok: false, error: { kind: 'locked' } });
    }
  });
});

describe('storage failures', () => {
  it('a quota error is a storage error that changes nothing and names no secret', async () => {
    const store = freshStore();
    const { key, vault } = await unlockedVault(store);
    const full: KeyValueStore = {
      ...store,
      update: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    const account = makeAccount();
    const result = await createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: full }).add(key, account);
    expect(result).toMatchObject({ ok: false, error: { kind: 'storage', message: expect.stringContaining('QuotaExceededError') } });
    expect(JSON.stringify(result)).not.toContain(account.secret);
    const listed = await vault.list(key);
    expect(listed.ok && listed.value.accounts).toEqual([]);
  });
});

describe('writers in separate contexts', () => {
  it('concurrent read-modify-writes from 5 vault instances (worker, pages) lose nothing', async () => {
    const store = freshStore();
    const { key, vault } = await unlockedVault(store);
    const a = makeAccount({ label: '0' });
    await vault.add(key, a);
    const contexts = Array.from({ length: 5 }, () => createVault({ kdfIterations: TEST_KDF_ITERATIONS, store }));
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => contexts[i % 5]!.update(key, a.id, (x) => ({ ...x, label: String(Number(x.label) + 1) }))),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const final = await vault.get(key, a.id);
    expect(final.ok && final.value.label).toBe('25');
  });
});
