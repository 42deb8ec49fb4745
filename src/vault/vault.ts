import * as v from 'valibot';
import { err, ok, type Result } from '../result';
import { AccountSchema, type Account } from './account';
import { fromBase64, toBase64 } from './bytes';
import { importVaultKey, isSealedEntry, open, seal, type SealedEntry } from './entry-cipher';
import { vaultError, type VaultError } from './errors';
import { isVaultHeader, MIN_ITERATIONS, unwrapVaultKey, wrapVaultKey, type VaultHeader } from './key-wrap';
import type { KeyValueStore } from './kv-store';

/**
 * The vault: encrypted accounts in a key-value store (IndexedDB via idb-keyval), one writer API.
 *
 * - The header (`header`) holds the vault key, plain or wrapped by a passphrase, plus a key check
 *   (a known text sealed under the vault key) so a stale or foreign unlocked key is refused before
 *   it can write anything.
 * - Each account is one sealed entry (`entry:<id>`). Writes are compare-and-swap on the entry's
 *   revision inside one IndexedDB transaction (`update`), retried, so concurrent writers lose nothing.
 * - One bad record (tampered, corrupt) is reported and skipped; every other record stays readable.
 */
export interface UnlockedKey {
  v: 1;
  /** The raw 256-bit vault key, base64: JSON-safe for `storage.session`. */
  key: string;
}

export type VaultState = { kind: 'new' } | { kind: 'plain' } | { kind: 'protected'; iterations: number } | { kind: 'corrupt' };

export interface VaultDeps {
  store: KeyValueStore;
  crypto?: Crypto;
}

type StoredHeader = VaultHeader & { check: { iv: string; ct: string } };

const HEADER = 'header';
const ENTRY = 'entry:';
const CHECK_TEXT = 'b2core-authenticator vault key check';
const MAX_CAS_TRIES = 20;
export const MIN_PASSPHRASE_LENGTH = 8;

export function createVault(deps: VaultDeps) {
  const webCrypto = deps.crypto ?? globalThis.crypto;
  const subtle = webCrypto.subtle;
  const random = (n: number) => webCrypto.getRandomValues(new Uint8Array(n));
  const { store } = deps;
  const keys = new Map<string, Promise<CryptoKey>>();
  // Writers in this context queue per entry; writers in other contexts (worker, options page)
  // are caught by the compare-and-swap and retried.
  const queues = new Map<string, Promise<unknown>>();
  const serialized = <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(id) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(id, settled);
    void settled.then(() => {
      if (queues.get(id) === settled) queues.delete(id);
    });
    return run;
  };

  const cryptoKey = (unlocked: UnlockedKey) => {
    let key = keys.get(unlocked.key);
    if (!key) {
      const raw = fromBase64(unlocked.key);
      key = raw && raw.length === 32 ? importVaultKey(subtle, raw) : Promise.reject(new Error('bad key'));
      keys.set(unlocked.key, key);
    }
    return key;
  };

  async function guard<T>(work: () => Promise<Result<T, VaultError>>): Promise<Result<T, VaultError>> {
    try {
      return await work();
    } catch (cause) {
      return err(vaultError.storage(cause));
    }
  }

  async function readHeader(): Promise<StoredHeader | null | 'corrupt'> {
    const header = await store.get(HEADER);
    if (header === undefined) return null;
    const h = header as StoredHeader;
    return isVaultHeader(header) && typeof h.check?.iv === 'string' && typeof h.check.ct === 'string' ? h : 'corrupt';
  }

  async function keyMatches(header: StoredHeader, unlocked: UnlockedKey): Promise<boolean> {
    try {
      const opened = await open(subtle, await cryptoKey(unlocked), 'check', { v: 1, rev: 0, ...header.check });
      return opened.ok && opened.text === CHECK_TEXT;
    } catch {
      return false;
    }
  }

  async function checkFor(raw: Uint8Array) {
    const sealed = await seal(subtle, await importVaultKey(subtle, raw), 'check', CHECK_TEXT, 0, random(12));
    return { iv: sealed.iv, ct: sealed.ct };
  }

  /** 'locked' unless `unlocked` is the key of the current header. */
  async function assertKey(unlocked: UnlockedKey): Promise<VaultError | null> {
    const header = await readHeader();
    if (!header || header === 'corrupt' || !(await keyMatches(header, unlocked))) return vaultError.locked();
    return null;
  }

  async function readAccount(unlocked: UnlockedKey, id: string, record: unknown): Promise<Result<Account, VaultError>> {
    if (record === undefined) return err(vaultError.notFound(id));
    const opened = await open(subtle, await cryptoKey(unlocked), id, record);
    if (!opened.ok) return err(opened.why === 'tampered' ? vaultError.tampered(id) : vaultError.corrupt(id, 'not a vault record'));
    let parsed: unknown;
    try {
      parsed = JSON.parse(opened.text);
    } catch {
      return err(vaultError.corrupt(id, 'not JSON'));
    }
    const account = v.safeParse(AccountSchema, parsed);
    if (!account.success || account.output.id !== id) return err(vaultError.corrupt(id, 'not an account'));
    return ok(account.output);
  }

  function validAccount(account: Account): Result<Account, VaultError> {
    const parsed = v.safeParse(AccountSchema, account);
    if (parsed.success) return ok(parsed.output);
    const fields = [...new Set(parsed.issues.map((i) => v.getDotPath(i) ?? 'account'))].join(', ');
    return err({ kind: 'invalid_account', message: `The account is not valid (${fields}).` });
  }

  /** Writes `next` over exactly revision `expected` (null: only if absent). */
  async function swap(id: string, expected: SealedEntry | null, next: SealedEntry): Promise<boolean> {
    let swapped = false;
    await store.update(ENTRY + id, (current) => {
      const same =
        expected === null ? current === undefined : isSealedEntry(current) && current.rev === expected.rev && current.iv === expected.iv;
      if (!same) return current;
      swapped = true;
      return next;
    });
    return swapped;
  }

  return {
    async state(): Promise<VaultState> {
      const header = await readHeader();
      if (header === null) return { kind: 'new' };
      if (header === 'corrupt') return { kind: 'corrupt' };
      return header.mode === 'plain' ? { kind: 'plain' } : { kind: 'protected', iterations: header.kdf.iterations };
    },

    /**
     * The key material to keep in `storage.session`. A new vault is created here (plain); a
     * protected one needs its passphrase.
     */
    unlock(passphrase?: string): Promise<Result<UnlockedKey, VaultError>> {
      return guard(async () => {
        let header = await readHeader();
        if (header === 'corrupt') return err(vaultError.corrupt(HEADER, 'the vault header'));
        if (header === null) {
          const raw = random(32);
          const fresh: StoredHeader = { v: 1, mode: 'plain', key: toBase64(raw), check: await checkFor(raw) };
          // Two first unlocks at once must not make two keys: only the first header is kept.
          await store.update(HEADER, (current) => current ?? fresh);
          header = await readHeader();
          if (header === null || header === 'corrupt') return err(vaultError.corrupt(HEADER, 'the vault header'));
        }
        if (header.mode === 'plain') return ok({ v: 1, key: header.key });
        if (passphrase === undefined) return err(vaultError.locked());
        const raw = await unwrapVaultKey(subtle, header, passphrase);
        return raw ? ok({ v: 1, key: toBase64(raw) }) : err(vaultError.wrongPassphrase());
      });
    },

    /** Protects the vault key with `passphrase` (null removes the protection). Entries are untouched. */
    setPassphrase(unlocked: UnlockedKey, passphrase: string | null, options: { iterations?: number } = {}): Promise<Result<void, VaultError>> {
      return guard(async () => {
        const header = await readHeader();
        if (!header || header === 'corrupt' || !(await keyMatches(header, unlocked))) return err(vaultError.locked());
        const raw = fromBase64(unlocked.key)!;
        let next: StoredHeader;
        if (passphrase === null) {
          next = { v: 1, mode: 'plain', key: unlocked.key, check: header.check };
        } else {
          if (passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
            return err({ kind: 'weak_passphrase', message: `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` });
          }
          next = { ...(await wrapVaultKey(subtle, random, raw, passphrase, options.iterations ?? MIN_ITERATIONS)), check: header.check };
        }
        let swapped = false;
        await store.update(HEADER, (current) => {
          if (JSON.stringify(current) !== JSON.stringify(header)) return current;
          swapped = true;
          return next;
        });
        return swapped ? ok(undefined) : err({ kind: 'conflict', id: HEADER, message: 'The vault changed meanwhile; try again.' });
      });
    },

    /** Every readable account, and one problem per record that could not be read. */
    async list(unlocked: UnlockedKey): Promise<Result<{ accounts: Account[]; problems: VaultError[] }, VaultError>> {
      return guard(async () => {
        const bad = await assertKey(unlocked);
        if (bad) return err(bad);
        const accounts: Account[] = [];
        const problems: VaultError[] = [];
        for (const [key, record] of await store.entries()) {
          if (!key.startsWith(ENTRY)) continue;
          const read = await readAccount(unlocked, key.slice(ENTRY.length), record);
          if (read.ok) accounts.push(read.value);
          else problems.push(read.error);
        }
        accounts.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
        return ok({ accounts, problems });
      });
    },

    get(unlocked: UnlockedKey, id: string): Promise<Result<Account, VaultError>> {
      return guard(async () => (await assertKey(unlocked)) ? err(vaultError.locked()) : readAccount(unlocked, id, await store.get(ENTRY + id)));
    },

    /** Adds a new account; an id already present is a conflict, never an overwrite. */
    add(unlocked: UnlockedKey, account: Account): Promise<Result<Account, VaultError>> {
      return guard(async () => {
        const bad = await assertKey(unlocked);
        if (bad) return err(bad);
        const valid = validAccount(account);
        if (!valid.ok) return valid;
        const sealed = await seal(subtle, await cryptoKey(unlocked), account.id, JSON.stringify(valid.value), 0, random(12));
        if (!(await swap(account.id, null, sealed))) return err({ kind: 'conflict', id: account.id, message: 'An account with this id already exists.' });
        return ok(valid.value);
      });
    },

    /**
     * Read-modify-write of one account: `change` sees the current account and returns the next one
     * (same id). Retried on concurrent writes, so no write is lost.
     */
    update(unlocked: UnlockedKey, id: string, change: (current: Account) => Account): Promise<Result<Account, VaultError>> {
      return serialized(id, () => guard(async () => {
        const bad = await assertKey(unlocked);
        if (bad) return err(bad);
        for (let attempt = 0; attempt < MAX_CAS_TRIES; attempt++) {
          const record = await store.get(ENTRY + id);
          const current = await readAccount(unlocked, id, record);
          if (!current.ok) return current;
          const valid = validAccount(change(current.value));
          if (!valid.ok) return valid;
          if (valid.value.id !== id) return err({ kind: 'invalid_account', message: 'An account id cannot change.' });
          const previous = record as SealedEntry;
          const sealed = await seal(subtle, await cryptoKey(unlocked), id, JSON.stringify(valid.value), previous.rev + 1, random(12));
          if (await swap(id, previous, sealed)) return ok(valid.value);
          await new Promise((done) => setTimeout(done, Math.random() * 5 * (attempt + 1)));
        }
        return err({ kind: 'conflict', id, message: 'The account kept changing while being saved; try again.' });
      }));
    },

    /** Deletes an entry for good (a person's explicit choice; disabling 2FA archives instead). */
    remove(unlocked: UnlockedKey, id: string): Promise<Result<void, VaultError>> {
      return guard(async () => {
        const bad = await assertKey(unlocked);
        if (bad) return err(bad);
        if ((await store.get(ENTRY + id)) === undefined) return err(vaultError.notFound(id));
        await store.del(ENTRY + id);
        return ok(undefined);
      });
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
