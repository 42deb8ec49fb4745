import { fromBase64, toBase64, utf8 } from './bytes';

/**
 * The vault header: where the random 256-bit vault key lives. Without a passphrase it is stored as
 * is (the browser profile is the only protection, as with any browser authenticator). With one, it
 * is wrapped with AES-256-GCM under a key derived by PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2) from the
 * NFC-normalised passphrase; the KDF parameters live in the header so they can be raised later.
 */
/** The production floor of PBKDF2 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
export const MIN_ITERATIONS = 600_000;
export const SALT_BYTES = 16;

export interface KdfParams {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  salt: string;
}

export type VaultHeader =
  | { v: 1; mode: 'plain'; key: string }
  | { v: 1; mode: 'passphrase'; kdf: KdfParams; wrapped: { iv: string; ct: string } };

const WRAP_AAD = utf8('b2core-authenticator/vault-key/v1');

export function isVaultHeader(value: unknown): value is VaultHeader {
  const h = value as VaultHeader;
  if (typeof h !== 'object' || h === null || h.v !== 1) return false;
  if (h.mode === 'plain') return typeof h.key === 'string';
  return (
    h.mode === 'passphrase' &&
    h.kdf?.name === 'PBKDF2' &&
    h.kdf.hash === 'SHA-256' &&
    Number.isInteger(h.kdf.iterations) &&
    typeof h.kdf.salt === 'string' &&
    typeof h.wrapped?.iv === 'string' &&
    typeof h.wrapped.ct === 'string'
  );
}

/** NFC, so that the same passphrase typed on another keyboard or OS derives the same key. */
export const normalizePassphrase = (passphrase: string) => passphrase.normalize('NFC');

async function deriveWrappingKey(subtle: SubtleCrypto, passphrase: string, kdf: KdfParams): Promise<CryptoKey | null> {
  const salt = fromBase64(kdf.salt);
  if (!salt || salt.length < SALT_BYTES) return null;
  const material = await subtle.importKey('raw', utf8(normalizePassphrase(passphrase)) as BufferSource, 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: kdf.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function wrapVaultKey(
  subtle: SubtleCrypto,
  random: (n: number) => Uint8Array,
  rawKey: Uint8Array,
  passphrase: string,
  iterations: number,
): Promise<VaultHeader> {
  const kdf: KdfParams = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(random(SALT_BYTES)) };
  const wrapping = (await deriveWrappingKey(subtle, passphrase, kdf))!;
  const iv = random(12);
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: WRAP_AAD as BufferSource }, wrapping, rawKey as BufferSource);
  return { v: 1, mode: 'passphrase', kdf, wrapped: { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) } };
}

/** The raw vault key, or null when the passphrase (or the header) does not authenticate. */
export async function unwrapVaultKey(subtle: SubtleCrypto, header: Extract<VaultHeader, { mode: 'passphrase' }>, passphrase: string): Promise<Uint8Array | null> {
  const wrapping = await deriveWrappingKey(subtle, passphrase, header.kdf);
  const iv = fromBase64(header.wrapped.iv);
  const ct = fromBase64(header.wrapped.ct);
  if (!wrapping || !iv || !ct) return null;
  try {
    const raw = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: WRAP_AAD as BufferSource }, wrapping, ct as BufferSource));
    return raw.length === 32 ? raw : null;
  } catch {
    return null;
  }
}

/**
 * While a re-key is under way the header carries each of the two vault keys sealed under the other
 * (AES-256-GCM), so that whichever credentials open the header give both keys: the old passphrase
 * (still valid until every entry is rewritten) and the new one. The associated data names the
 * direction and both generations, so one bridge cannot stand in for the other.
 */
export interface KeyBridge {
  iv: string;
  ct: string;
}

const bridgeAad = (direction: 'next' | 'prev', from: number, to: number) => utf8(`b2core-authenticator/rekey/v1/${direction}/${from}-${to}`);

export async function sealKeyUnder(
  subtle: SubtleCrypto,
  under: CryptoKey,
  rawKey: Uint8Array,
  iv: Uint8Array,
  direction: 'next' | 'prev',
  from: number,
  to: number,
): Promise<KeyBridge> {
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: bridgeAad(direction, from, to) as BufferSource }, under, rawKey as BufferSource);
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** The raw key sealed in `bridge`, or null when `under` is not the key it was sealed under. */
export async function openKeyUnder(
  subtle: SubtleCrypto,
  under: CryptoKey,
  bridge: KeyBridge,
  direction: 'next' | 'prev',
  from: number,
  to: number,
): Promise<Uint8Array | null> {
  const iv = fromBase64(bridge.iv);
  const ct = fromBase64(bridge.ct);
  if (!iv || iv.length !== 12 || !ct) return null;
  try {
    const raw = new Uint8Array(
      await subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: bridgeAad(direction, from, to) as BufferSource }, under, ct as BufferSource),
    );
    return raw.length === 32 ? raw : null;
  } catch {
    return null;
  }
}
