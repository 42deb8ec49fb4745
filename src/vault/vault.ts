import * as v from 'valibot';
import { err, ok, type Result } from '../result';
import { serialQueue } from '../serial-queue';
import { AccountSchema, type Account } from './account';
import { fromBase64, toBase64 } from './bytes';
import { importVaultKey, isSealedEntry, keyGenerationOf, open, seal, type SealedEntry } from './entry-cipher';
import { vaultError, type VaultError } from './errors';
import { isVaultHeader, MIN_ITERATIONS, openKeyUnder, sealKeyUnder, unwrapVaultKey, wrapVaultKey, type KeyBridge, type VaultHeader } from './key-wrap';
import type { KeyValueStore } from './kv-store';
import { keyedSerialQueue } from '../serial-queue';

/**
 * The vault: encrypted accounts in a key-value store (IndexedDB via idb-keyval), one writer API.
 *
 * - The header (`header`) holds the vault key, plain or wrapped by a passphrase, plus a key check
 *   (a known text sealed under the vault key) so a stale or foreign unlocked key is refused before
 *   it can write anything.
 * - Each account is one sealed entry (`entry:<id>`). Writes are compare-and-swap on the entry's
 *   revision inside one IndexedDB transaction (`update`), retried, so concurrent writers lose nothing.
 * - One bad record (tampered, corrupt) is reported and skipped; every other record stays readable.
 * - Setting, changing or removing the passphrase re-keys: a new random vault key (generation + 1),
 *   every entry re-sealed under it. The IndexedDB store has no transaction over several records, so
 *   the re-key is made crash-safe in steps, each one a single atomic write:
 *     1. the header gets the new key under the new credentials plus `rekey`: the old key under the
 *        old credentials, exactly as before, and a bridge (each key sealed under the other), so
 *        either credentials open both keys and every entry reads, whatever its generation;
 *     2. each entry still under the old generation is re-sealed (compare-and-swap on its revision);
 *     3. once none is left, `rekey` is dropped: from then on the old key opens nothing current.
 *   A crash between steps leaves step 1's header; the next unlock (or `resume`) does 2 and 3.
 *   Writers always seal under the newest key they know. A write that chose the old key still gets
 *   carried over: in this context the passes wait for writes under way; from another context it
 *   lands before a pass, or before the drop (a sweep after the drop catches it), or after, when the
 *   writer finds its key gone and takes its new entry back (`settle`): refused, never unreadable.
 */
export interface UnlockedKey {
  v: 1;
  /** The raw 256-bit vault key, base64: JSON-safe for `storage.session`. */
  key: string;
}

export type VaultState = { kind: 'new' } | { kind: 'plain' } | { kind: 'protected'; iterations: number } | { kind: 'corrupt' };

/** The vault key changed (a re-key): holders of a key in `from` should hold `to` from now on. */
export interface KeyChange {
  from: UnlockedKey[];
  to: UnlockedKey;
}

export interface VaultDeps {
  store: KeyValueStore;
  crypto?: Crypto;
  /**
   * The least PBKDF2 iteration count a new passphrase header gets. Production leaves it unset:
   * {@link MIN_ITERATIONS}. Unit tests lower it to spare the CPU; test/unit/vault/kdf-floor.test.ts
   * proves the production default. Headers are read with the count they carry.
   */
  kdfIterations?: number;
}

type Check = { iv: string; ct: string };
/** A re-key under way: the previous key's credentials as they were, and the two-way bridge. */
interface Rekey {
  from: VaultHeader & { gen: number };
  next: KeyBridge;
  prev: KeyBridge;
}
type StoredHeader = VaultHeader & { check: Check; gen?: number; rekey?: Rekey };

/** One vault key as the code handles it: its generation and raw bytes (base64). */
interface KeyRef {
  gen: number;
  key: string;
}
/** The keys an unlocked key gives under one header: the current one, and during a re-key the previous one. */
interface Ring {
  header: StoredHeader;
  current: KeyRef;
  previous: KeyRef | null;
}

const HEADER = 'header';
const ENTRY = 'entry:';
const CHECK_TEXT = 'b2core-authenticator vault key check';
const MAX_CAS_TRIES = 20;
/** Passes over the entries before a re-key gives up for now (each pass re-seals what changed meanwhile). */
const MAX_REKEY_PASSES = 5;
export const MIN_PASSPHRASE_LENGTH = 8;

const isCheck = (value: unknown): value is Check => typeof (value as Check)?.iv === 'string' && typeof (value as Check).ct === 'string';
const isGeneration = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function isStoredHeader(value: unknown): value is StoredHeader {
  const h = value as StoredHeader;
  if (!isVaultHeader(value) || !isCheck(h.check)) return false;
  if (h.gen !== undefined && !isGeneration(h.gen)) return false;
  if (h.rekey === undefined) return true;
  const r = h.rekey;
  return isVaultHeader(r?.from) && isGeneration(r.from.gen) && r.from.gen < (h.gen ?? 0) && isCheck(r.next) && isCheck(r.prev);
}

/** The credentials part of a header (plain key or passphrase-wrapped key), without check or re-key state. */
function credentialsOf(header: VaultHeader): VaultHeader {
  return header.mode === 'plain' ? { v: 1, mode: 'plain', key: header.key } : { v: 1, mode: 'passphrase', kdf: header.kdf, wrapped: header.wrapped };
}

export function createVault(deps: VaultDeps) {
  const webCrypto = deps.crypto ?? globalThis.crypto;
  const subtle = webCrypto.subtle;
  const random = (n: number) => webCrypto.getRandomValues(new Uint8Array(n));
  const { store } = deps;
  const kdfFloor = deps.kdfIterations ?? MIN_ITERATIONS;
  const keys = new Map<string, Promise<CryptoKey>>();
  // Writers in this context queue per entry; writers in other contexts (worker, options page)
  // are caught by the compare-and-swap and retried.
  const serialized = keyedSerialQueue<string>();
  // Entry writes under way in this context: a re-key lets them land before its last pass, so one
  // that chose the old key is still re-sealed before the old key is dropped.
  const inflight = new Set<Promise<unknown>>();
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    inflight.add(work);
    void work.catch(() => undefined).then(() => inflight.delete(work));
    return work;
  };
  // One re-key at a time in this context (set/change/remove, or finishing an interrupted one).
  const exclusive = serialQueue();
  const listeners = new Set<(change: KeyChange) => unknown>();

  const cryptoKey = (unlocked: { key: string }) => {
    let key = keys.get(unlocked.key);
    if (!key) {
      const raw = fromBase64(unlocked.key);
      key = raw && raw.length === 32 ? importVaultKey(subtle, raw) : Promise.reject(new Error('bad key'));
      // A rejected import must not leave an unhandled rejection behind when nobody awaits it yet.
      key.catch(() => undefined);
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
    return isStoredHeader(header) ? header : 'corrupt';
  }

  async function keyMatches(header: StoredHeader, unlocked: { key: string }): Promise<boolean> {
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

  async function bridgeOpen(under: string, header: StoredHeader & { rekey: Rekey }, direction: 'next' | 'prev'): Promise<string | null> {
    try {
      const raw = await openKeyUnder(subtle, await cryptoKey({ key: under }), header.rekey[direction], direction, header.rekey.from.gen, header.gen ?? 0);
      return raw ? toBase64(raw) : null;
    } catch {
      return null;
    }
  }

  /**
   * The keys `unlocked` gives under `header`, or null when it is not this vault's key. During a
   * re-key either the new key or the previous one is accepted, and both are returned.
   */
  async function ringFor(header: StoredHeader, unlocked: { key: string }): Promise<Ring | null> {
    const gen = header.gen ?? 0;
    const rekey = header.rekey;
    if (await keyMatches(header, unlocked)) {
      if (!rekey) return { header, current: { gen, key: unlocked.key }, previous: null };
      const previous = await bridgeOpen(unlocked.key, { ...header, rekey }, 'prev');
      return { header, current: { gen, key: unlocked.key }, previous: previous ? { gen: rekey.from.gen, key: previous } : null };
    }
    if (!rekey) return null;
    const next = await bridgeOpen(unlocked.key, { ...header, rekey }, 'next');
    if (!next || !(await keyMatches(header, { key: next }))) return null;
    return { header, current: { gen, key: next }, previous: { gen: rekey.from.gen, key: unlocked.key } };
  }

  /** The ring for `unlocked` under the current header, or 'locked'. */
  async function ringNow(unlocked: UnlockedKey): Promise<Result<Ring, VaultError>> {
    const header = await readHeader();
    if (!header || header === 'corrupt') return err(vaultError.locked());
    const ring = await ringFor(header, unlocked);
    return ring ? ok(ring) : err(vaultError.locked());
  }

  /**
   * Opens one record with the key of its generation. 'stale' when the record is newer than the
   * ring (a re-key began after the header was read): the caller reads the header again.
   */
  async function readAccount(ring: Ring, id: string, record: unknown): Promise<Result<Account, VaultError> | 'stale'> {
    if (record === undefined) return err(vaultError.notFound(id));
    const gen = isSealedEntry(record) ? keyGenerationOf(record) : ring.current.gen;
    if (gen > ring.current.gen) return 'stale';
    const ref = ring.previous && gen === ring.previous.gen ? ring.previous : ring.current;
    const opened = await open(subtle, await cryptoKey(ref), id, record);
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

  /** `readAccount`, reading the header again once when the record is newer than the ring. */
  async function readFresh(unlocked: UnlockedKey, ring: { value: Ring }, id: string, record: unknown): Promise<Result<Account, VaultError>> {
    const read = await readAccount(ring.value, id, record);
    if (read !== 'stale') return read;
    const fresh = await ringNow(unlocked);
    if (!fresh.ok) return fresh;
    ring.value = fresh.value;
    const again = await readAccount(fresh.value, id, record);
    // Still newer than the header: not a key this vault knows, so nothing can open it.
    return again === 'stale' ? err(vaultError.tampered(id)) : again;
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

  const sealUnder = async (ref: KeyRef, id: string, text: string, rev: number) => seal(subtle, await cryptoKey(ref), id, text, rev, random(12), ref.gen);

  /**
   * After a write under generation g, when the header has moved on: while g is still the previous
   * key of a re-key under way, the re-keyer carries the entry over (a later pass, or its sweep after
   * the drop). If g is gone altogether (a re-key in another context finished between this writer's
   * header read and its write) and the entry is still the one written, nothing could ever read it:
   * a new one is taken back and the write reported as refused, rather than left unreadable. If it
   * was replaced meanwhile (carried over by that sweep, or written over), the write did land.
   */
  async function settle(unlocked: UnlockedKey, id: string, written: SealedEntry, created: boolean): Promise<VaultError | null> {
    const header = await readHeader();
    if (!header || header === 'corrupt') return null;
    const gen = keyGenerationOf(written);
    if (gen >= (header.gen ?? 0)) return null;
    if ((await ringFor(header, unlocked))?.previous?.gen === gen) return null;
    const current = await store.get(ENTRY + id);
    if (!isSealedEntry(current) || current.rev !== written.rev || current.iv !== written.iv) return null;
    if (created) await store.del(ENTRY + id);
    return vaultError.locked();
  }

  /** Re-seals every entry still under `from` with `to`; true when one changed under us (look again). */
  async function carryOver(from: KeyRef, to: KeyRef): Promise<boolean> {
    const oldKey = await cryptoKey(from);
    let again = false;
    for (const [name, record] of await store.entries()) {
      if (!name.startsWith(ENTRY) || !isSealedEntry(record) || keyGenerationOf(record) !== from.gen) continue;
      const id = name.slice(ENTRY.length);
      const opened = await open(subtle, oldKey, id, record);
      // Damaged under the old key too: nothing readable to carry over, and nothing lost by dropping it.
      if (!opened.ok) continue;
      if (!(await swap(id, record, await sealUnder(to, id, opened.text, record.rev + 1)))) again = true;
    }
    return again;
  }

  /**
   * Steps 2 and 3 of a re-key: every entry under the previous generation re-sealed under the
   * current one, then `rekey` dropped from the header. False when entries kept changing or the
   * header changed (left for the next unlock). Runs inside `exclusive`.
   */
  async function completeRekey(ring: Ring): Promise<boolean> {
    const previous = ring.previous;
    if (!ring.header.rekey || !previous) return false;
    // Writes started before the new header was in place may have chosen the old key: let them land.
    await Promise.allSettled([...inflight]);
    for (let pass = 0; pass < MAX_REKEY_PASSES; pass++) {
      if (await carryOver(previous, ring.current)) continue;
      let dropped = false;
      await store.update(HEADER, (current) => {
        if (JSON.stringify(current) !== JSON.stringify(ring.header)) return current;
        dropped = true;
        const { rekey: _done, ...rest } = ring.header;
        return rest;
      });
      if (!dropped) return false;
      // Both keys are still known here: carry over what a writer in another context landed between
      // the last pass and the drop (one landing later takes its own entry back: see `settle`).
      await carryOver(previous, ring.current);
      // The old key opens nothing current any more: forget it here too.
      keys.delete(previous.key);
      return true;
    }
    return false;
  }

  /**
   * Finishes a re-key left half-done (the worker stopped mid-way) for a holder of either key.
   * Failures leave it for a later unlock: every entry stays readable meanwhile.
   */
  function finishRekey(unlocked: { key: string }): Promise<void> {
    return exclusive(async () => {
      try {
        const header = await readHeader();
        if (!header || header === 'corrupt' || !header.rekey) return;
        const ring = await ringFor(header, unlocked);
        if (ring) await completeRekey(ring);
      } catch {
        // Storage refused a write: the re-key stays pending, and resumable.
      }
    });
  }

  async function notify(change: KeyChange) {
    for (const listener of listeners) {
      try {
        await listener(change);
      } catch {
        // A listener's failure must not undo a re-key already in place.
      }
    }
  }

  /** The raw key `credentials` give for `passphrase`; `plainNeedsNone`: a plain key only when no passphrase was given. */
  async function openCredentials(credentials: VaultHeader, passphrase: string | undefined, plainNeedsNone: boolean): Promise<string | null> {
    if (credentials.mode === 'plain') return plainNeedsNone && passphrase !== undefined ? null : credentials.key;
    if (passphrase === undefined) return null;
    const raw = await unwrapVaultKey(subtle, credentials, passphrase);
    return raw ? toBase64(raw) : null;
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
     * protected one needs its passphrase. During an interrupted re-key the previous credentials
     * open it too; either way the answer is the new key, and the re-key is finished here.
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
        let key = await openCredentials(header, passphrase, false);
        if (!key && header.rekey) {
          // A previously plain vault opens without a passphrase, never with just any passphrase.
          const previous = await openCredentials(header.rekey.from, passphrase, true);
          key = previous ? ((await ringFor(header, { key: previous }))?.current.key ?? null) : null;
        }
        if (!key) return err(passphrase === undefined ? vaultError.locked() : vaultError.wrongPassphrase());
        if (header.rekey) await finishRekey({ key });
        return ok({ v: 1, key });
      });
    },

    /**
     * The key to use from now on for a holder of `unlocked`: the same one, or after a re-key that a
     * stopped worker left half-done, the new one (the re-key is finished here). 'locked' when
     * `unlocked` opens nothing in this vault.
     */
    resume(unlocked: UnlockedKey): Promise<Result<UnlockedKey, VaultError>> {
      return guard(async () => {
        const header = await readHeader();
        if (header === 'corrupt') return err(vaultError.corrupt(HEADER, 'the vault header'));
        if (header === null) return err(vaultError.locked());
        const ring = await ringFor(header, unlocked);
        if (!ring) return err(vaultError.locked());
        if (header.rekey) await finishRekey(ring.current);
        return ok({ v: 1, key: ring.current.key });
      });
    },

    /** Called with every re-key made here, once the new header is in place (before entries move). */
    onKeyChange(listener: (change: KeyChange) => unknown): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    /**
     * Protects the vault with `passphrase` (null removes the protection), and re-keys: a new random
     * vault key, every entry re-sealed under it, so an old header and old passphrase open nothing
     * written from now on. Answers the new key; listeners (`onKeyChange`) hear of it as soon as the
     * new header is in place. A crash part-way leaves a vault that opens with either passphrase and
     * is finished by the next unlock.
     */
    setPassphrase(unlocked: UnlockedKey, passphrase: string | null, options: { iterations?: number } = {}): Promise<Result<UnlockedKey, VaultError>> {
      return guard(() =>
        exclusive(async () => {
          let header = await readHeader();
          if (!header || header === 'corrupt') return err(vaultError.locked());
          let ring = await ringFor(header, unlocked);
          if (!ring) return err(vaultError.locked());
          if (passphrase !== null && passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
            return err({ kind: 'weak_passphrase', message: `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` });
          }
          const conflict = (): Result<UnlockedKey, VaultError> => err({ kind: 'conflict', id: HEADER, message: 'The vault changed meanwhile; try again.' });
          if (header.rekey) {
            // An earlier re-key is unfinished: complete it first, so there are never three keys.
            if (!(await completeRekey(ring))) return conflict();
            header = await readHeader();
            ring = header && header !== 'corrupt' ? await ringFor(header, ring.current) : null;
            if (!header || header === 'corrupt' || !ring || header.rekey) return conflict();
          }
          const before = header;
          const oldRaw = fromBase64(ring.current.key)!;
          const newRaw = random(32);
          const gen = ring.current.gen + 1;
          const credentials: VaultHeader =
            passphrase === null ? { v: 1, mode: 'plain', key: toBase64(newRaw) } : await wrapVaultKey(subtle, random, newRaw, passphrase, Math.max(options.iterations ?? 0, kdfFloor));
          const next: StoredHeader = {
            ...credentials,
            check: await checkFor(newRaw),
            gen,
            rekey: {
              from: { ...credentialsOf(before), gen: ring.current.gen },
              next: await sealKeyUnder(subtle, await cryptoKey(ring.current), newRaw, random(12), 'next', ring.current.gen, gen),
              prev: await sealKeyUnder(subtle, await importVaultKey(subtle, newRaw), oldRaw, random(12), 'prev', ring.current.gen, gen),
            },
          };
          // Step 1, one atomic write: from here on either credentials open both keys.
          let swapped = false;
          await store.update(HEADER, (current) => {
            if (JSON.stringify(current) !== JSON.stringify(before)) return current;
            swapped = true;
            return next;
          });
          if (!swapped) return conflict();
          const to: UnlockedKey = { v: 1, key: toBase64(newRaw) };
          await notify({ from: [...new Set([unlocked.key, ring.current.key])].map((key) => ({ v: 1 as const, key })), to });
          // Steps 2 and 3. The new credentials are in force whatever happens now: a failure here
          // leaves the re-key for the next unlock, and the change is still reported as made.
          try {
            const stored = await readHeader();
            const newRing = stored && stored !== 'corrupt' ? await ringFor(stored, to) : null;
            if (newRing) await completeRekey(newRing);
          } catch {
            // Resumable: see `finishRekey`.
          }
          return ok(to);
        }),
      );
    },

    /** Every readable account, and one problem per record that could not be read. */
    async list(unlocked: UnlockedKey): Promise<Result<{ accounts: Account[]; problems: VaultError[] }, VaultError>> {
      return guard(async () => {
        const first = await ringNow(unlocked);
        if (!first.ok) return first;
        const ring = { value: first.value };
        const accounts: Account[] = [];
        const problems: VaultError[] = [];
        for (const [key, record] of await store.entries()) {
          // An entry deleted while a compare-and-swap looked at it can be left as `undefined`: absent.
          if (!key.startsWith(ENTRY) || record === undefined) continue;
          const read = await readFresh(unlocked, ring, key.slice(ENTRY.length), record);
          if (read.ok) accounts.push(read.value);
          else if (read.error.kind === 'locked') return read;
          else problems.push(read.error);
        }
        accounts.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
        return ok({ accounts, problems });
      });
    },

    get(unlocked: UnlockedKey, id: string): Promise<Result<Account, VaultError>> {
      return guard(async () => {
        const ring = await ringNow(unlocked);
        if (!ring.ok) return ring;
        return readFresh(unlocked, { value: ring.value }, id, await store.get(ENTRY + id));
      });
    },

    /** Adds a new account; an id already present is a conflict, never an overwrite. */
    add(unlocked: UnlockedKey, account: Account): Promise<Result<Account, VaultError>> {
      return tracked(
        guard(async () => {
          const ring = await ringNow(unlocked);
          if (!ring.ok) return ring;
          const valid = validAccount(account);
          if (!valid.ok) return valid;
          const sealed = await sealUnder(ring.value.current, account.id, JSON.stringify(valid.value), 0);
          if (!(await swap(account.id, null, sealed))) return err({ kind: 'conflict', id: account.id, message: 'An account with this id already exists.' });
          const refused = await settle(unlocked, account.id, sealed, true);
          return refused ? err(refused) : ok(valid.value);
        }),
      );
    },

    /**
     * Read-modify-write of one account: `change` sees the current account and returns the next one
     * (same id). Retried on concurrent writes, so no write is lost.
     */
    update(unlocked: UnlockedKey, id: string, change: (current: Account) => Account): Promise<Result<Account, VaultError>> {
      return tracked(
        serialized(id, () =>
          guard(async () => {
            for (let attempt = 0; attempt < MAX_CAS_TRIES; attempt++) {
              // The header is read again on every try: a re-key may have begun in between.
              const ring = await ringNow(unlocked);
              if (!ring.ok) return ring;
              const record = await store.get(ENTRY + id);
              const box = { value: ring.value };
              const current = await readFresh(unlocked, box, id, record);
              if (!current.ok) return current;
              const valid = validAccount(change(current.value));
              if (!valid.ok) return valid;
              if (valid.value.id !== id) return err({ kind: 'invalid_account', message: 'An account id cannot change.' });
              const previous = record as SealedEntry;
              // Under the newest key known; a re-key that begins after this is `settle`'s concern.
              const sealed = await sealUnder(box.value.current, id, JSON.stringify(valid.value), previous.rev + 1);
              if (await swap(id, previous, sealed)) {
                const refused = await settle(unlocked, id, sealed, false);
                return refused ? err(refused) : ok(valid.value);
              }
              await new Promise((done) => setTimeout(done, Math.random() * 5 * (attempt + 1)));
            }
            return err({ kind: 'conflict', id, message: 'The account kept changing while being saved; try again.' });
          }),
        ),
      );
    },

    /** Deletes an entry for good (a person's explicit choice; disabling 2FA archives instead). */
    remove(unlocked: UnlockedKey, id: string): Promise<Result<void, VaultError>> {
      return tracked(
        guard(async () => {
          const ring = await ringNow(unlocked);
          if (!ring.ok) return ring;
          if ((await store.get(ENTRY + id)) === undefined) return err(vaultError.notFound(id));
          await store.del(ENTRY + id);
          return ok(undefined);
        }),
      );
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
