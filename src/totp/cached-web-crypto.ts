import { WebCryptoPlugin } from '@otplib/plugin-crypto-web';
import { MAX_SECRET_BYTES } from './base32';
import { TotpError } from './errors';

/**
 * otplib's WebCrypto plugin, with the imported HMAC `CryptoKey` kept per (key, hash) so a popup that
 * shows hundreds of accounts pays one `sign` per code and no `importKey` (RFC 2104 HMAC via
 * WebCrypto; the plugin's own `hmac` imports the key on every call).
 *
 * The cache: a bounded Map (least recently used evicted first) of imports, so concurrent first calls
 * for one key share one `importKey`, a failed import is forgotten, and a warm call goes straight to
 * `sign`.
 *
 * What the cache is keyed by: not a string copy of the secret. Each plugin instance draws a random
 * pad of `MAX_SECRET_BYTES` at construction and keys entries by `hash:hex(key ⊕ pad)` — one-to-one (so
 * two keys can never share an entry, as a truncated digest could) and synchronous (a SHA-256 via
 * `subtle.digest` would cost as much as the HMAC being saved). This keeps secrets out of anything that
 * prints, serializes or heap-searches the cache's keys; it is not a cryptographic barrier, since the
 * pad sits in the same memory, and the `CryptoKey` values hold the key material anyway (non-extractable,
 * in the extension's own context only). What protects a locked vault is `clear()`, which the owner
 * calls on lock.
 */
export type HmacHash = 'sha1' | 'sha256' | 'sha512';

const WEB_HASH: Record<HmacHash, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Enough for every account a person has, and then some; each entry is a small `CryptoKey`. */
export const DEFAULT_MAX_CACHED_KEYS = 2048;

export interface CachedWebCryptoOptions {
  /** The WebCrypto to use (default: `globalThis.crypto.subtle`, read at call time). */
  subtle?: SubtleCrypto;
  /** Keys kept at most; the least recently used goes first. */
  maxKeys?: number;
  /** Random bytes for the cache-key pad (default: `crypto.getRandomValues`). */
  random?: (length: number) => Uint8Array;
}

function randomBytes(length: number): Uint8Array {
  if (!globalThis.crypto?.getRandomValues) throw new TotpError('crypto_unavailable', 'WebCrypto (crypto.getRandomValues) is not available here.');
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

interface Entry {
  /** Set once the import has resolved, so a warm call awaits nothing but `sign`. */
  key?: CryptoKey;
  pending: Promise<CryptoKey>;
  /** A tick of the plugin's use clock: the smallest is the least recently used. */
  used: number;
}

export class CachedWebCryptoPlugin extends WebCryptoPlugin {
  private readonly keys = new Map<string, Entry>();
  private readonly pad: Uint8Array;
  private readonly maxKeys: number;
  private readonly subtleOverride: SubtleCrypto | undefined;
  private clock = 0;

  constructor(options: CachedWebCryptoOptions = {}) {
    super();
    this.subtleOverride = options.subtle;
    this.maxKeys = Math.max(1, Math.floor(options.maxKeys ?? DEFAULT_MAX_CACHED_KEYS));
    this.pad = (options.random ?? randomBytes)(MAX_SECRET_BYTES);
  }

  /** Number of keys held (for tests and diagnostics; it says nothing about which). */
  get size(): number {
    return this.keys.size;
  }

  /** Forgets every imported key (call on vault lock, account removal, or to bound memory). */
  clear(): void {
    this.keys.clear();
  }

  /** HMAC(key, data) with the key imported at most once per (key, hash) while it stays cached. */
  override hmac(algorithm: HmacHash, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    let subtle: SubtleCrypto;
    try {
      subtle = this.subtle();
    } catch (error) {
      return Promise.reject(error);
    }
    const message = data as Uint8Array<ArrayBuffer>;
    const cached = this.lookup(algorithm, key);
    if (cached) return subtle.sign('HMAC', cached, message).then(toBytes);
    return this.importedKey(subtle, algorithm, key)
      .then((cryptoKey) => subtle.sign('HMAC', cryptoKey, message))
      .then(toBytes);
  }

  /** The cached `CryptoKey` for (key, hash), importing it on first use. */
  private importedKey(subtle: SubtleCrypto, algorithm: HmacHash, key: Uint8Array): Promise<CryptoKey> {
    const id = this.cacheKey(algorithm, key);
    if (id === null) return this.importKey(subtle, algorithm, key);
    const cached = this.keys.get(id);
    if (cached) {
      cached.used = ++this.clock;
      return cached.pending;
    }
    const entry: Entry = { pending: this.importKey(subtle, algorithm, key), used: ++this.clock };
    entry.pending.then(
      (cryptoKey) => {
        entry.key = cryptoKey;
      },
      () => {
        if (this.keys.get(id) === entry) this.keys.delete(id);
      },
    );
    this.keys.set(id, entry);
    if (this.keys.size > this.maxKeys) this.evictLeastRecentlyUsed();
    return entry.pending;
  }

  /** A key already imported, or undefined (then `importedKey` does the rest). */
  private lookup(algorithm: HmacHash, key: Uint8Array): CryptoKey | undefined {
    const id = this.cacheKey(algorithm, key);
    const entry = id === null ? undefined : this.keys.get(id);
    if (!entry?.key) return undefined;
    entry.used = ++this.clock;
    return entry.key;
  }

  /** O(n), but only when the cache is full; a hit costs one counter write instead of a Map reorder. */
  private evictLeastRecentlyUsed(): void {
    let oldest: string | undefined;
    let oldestUse = Infinity;
    for (const [id, entry] of this.keys) {
      if (entry.used < oldestUse) {
        oldest = id;
        oldestUse = entry.used;
      }
    }
    if (oldest !== undefined) this.keys.delete(oldest);
  }

  private importKey(subtle: SubtleCrypto, algorithm: HmacHash, key: Uint8Array): Promise<CryptoKey> {
    const hash = WEB_HASH[algorithm];
    if (!hash) return Promise.reject(new TotpError('invalid_algorithm', 'The hash algorithm must be SHA1, SHA256 or SHA512.'));
    // Copy: the caller's array may be reused or zeroed after the call; the import must see these bytes.
    return subtle.importKey('raw', key.slice(), { name: 'HMAC', hash }, false, ['sign']);
  }

  /** `hash:hex(key ⊕ pad)`, or null for a key longer than the pad (never cached). */
  private cacheKey(algorithm: HmacHash, key: Uint8Array): string | null {
    if (key.length > this.pad.length) return null;
    let id = `${algorithm}:`;
    for (let i = 0; i < key.length; i++) id += HEX[key[i]! ^ this.pad[i]!];
    return id;
  }

  private subtle(): SubtleCrypto {
    const subtle = this.subtleOverride ?? globalThis.crypto?.subtle;
    if (!subtle) throw new TotpError('crypto_unavailable', 'WebCrypto (crypto.subtle) is not available here.');
    return subtle;
  }
}

const toBytes = (buffer: ArrayBuffer) => new Uint8Array(buffer);
