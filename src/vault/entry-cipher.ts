import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes';

/**
 * One vault entry at rest: AES-256-GCM (NIST SP 800-38D) under the vault key, a fresh random 96-bit
 * IV per write, and associated data binding the entry id and format version, so a record moved to
 * another id or replayed under another format fails authentication.
 */
export interface SealedEntry {
  v: 1;
  /** Revision, bumped on every write: the compare-and-swap token of the single writer. */
  rev: number;
  /**
   * Generation of the vault key that sealed it (absent: 0, entries written before re-keying
   * existed). A hint for choosing the key while a re-key is under way, not a security property:
   * a wrong value only makes authentication fail.
   */
  k?: number;
  iv: string;
  ct: string;
}

export type OpenFailure = 'malformed' | 'tampered';

const aad = (id: string) => utf8(`b2core-authenticator/entry/v1/${id}`);

export async function importVaultKey(subtle: SubtleCrypto, raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export async function seal(
  subtle: SubtleCrypto,
  key: CryptoKey,
  id: string,
  plaintext: string,
  rev: number,
  iv: Uint8Array,
  keyGeneration?: number,
): Promise<SealedEntry> {
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad(id) as BufferSource }, key, utf8(plaintext) as BufferSource);
  const sealed: SealedEntry = { v: 1, rev, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
  if (keyGeneration !== undefined) sealed.k = keyGeneration;
  return sealed;
}

/** The generation of the key that sealed `entry` (0 for entries from before re-keying). */
export const keyGenerationOf = (entry: SealedEntry): number => entry.k ?? 0;

export function isSealedEntry(value: unknown): value is SealedEntry {
  const e = value as SealedEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.v === 1 &&
    Number.isInteger(e.rev) &&
    e.rev >= 0 &&
    (e.k === undefined || (Number.isInteger(e.k) && e.k >= 0)) &&
    typeof e.iv === 'string' &&
    typeof e.ct === 'string'
  );
}

/** The plaintext, or why not: `malformed` (not a record of ours) or `tampered` (authentication failed). */
export async function open(subtle: SubtleCrypto, key: CryptoKey, id: string, record: unknown): Promise<{ ok: true; text: string } | { ok: false; why: OpenFailure }> {
  if (!isSealedEntry(record)) return { ok: false, why: 'malformed' };
  const iv = fromBase64(record.iv);
  const ct = fromBase64(record.ct);
  if (!iv || iv.length !== 12 || !ct || ct.length < 16) return { ok: false, why: 'malformed' };
  let plain: ArrayBuffer;
  try {
    plain = await subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad(id) as BufferSource }, key, ct as BufferSource);
  } catch {
    return { ok: false, why: 'tampered' };
  }
  try {
    return { ok: true, text: fromUtf8(new Uint8Array(plain)) };
  } catch {
    return { ok: false, why: 'malformed' };
  }
}
