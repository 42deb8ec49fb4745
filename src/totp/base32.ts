import { err } from '../result';
/**
 * Base32 secrets as people type, paste and scan them (RFC 4648 §6 alphabet, the encoding of the
 * Key URI Format's `secret` parameter). Parsing is lenient about presentation (case, spaces, hyphens,
 * trailing `=` padding) and strict about content (alphabet and size).
 *
 * Nothing here ever copies any part of the input into an error: errors carry positions and lengths.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** B2Core keys are 10 bytes (16 characters); RFC 4226 §4 R6 asks for ≥ 16 bytes but the floor here is what real servers issue. */
export const MIN_SECRET_BYTES = 10;
/** Far above any real key (64 bytes is the SHA-512 block size); keeps a pasted novel from becoming a key. */
export const MAX_SECRET_BYTES = 128;

export type SecretError =
  | { kind: 'empty' }
  /** `position` is the 0-based UTF-16 index in the input as given (before removing spaces and hyphens). */
  | { kind: 'bad_character'; position: number }
  | { kind: 'too_short'; bytes: number; minBytes: number }
  | { kind: 'too_long'; bytes: number; maxBytes: number };

export type ParsedSecret =
  /** `secret` is canonical: uppercase A–Z2–7, no separators, no padding, re-encoded from `bytes`. */
  | { ok: true; secret: string; bytes: Uint8Array }
  | { ok: false; error: SecretError };

/** index of a base32 character (either case), or -1; a 128-entry table beats `indexOf` in the hot path. */
const VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
    table[ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  return table;
})();

/** Separators people put in keys shown in groups: ASCII space, tab, newlines, no-break space, hyphen. */
const isSeparator = (code: number) => code === 0x20 || code === 0x2d || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0;
const PAD = 0x3d; // '='

/**
 * Parses a base32 secret (RFC 4648 §6). Accepts lower case, spaces/hyphens anywhere and `=` padding at
 * the end. Trailing bits that do not fill a byte are dropped, as Google Authenticator does, so the
 * canonical form is the re-encoding of the decoded bytes. Never throws.
 */
export function parseSecret(input: string): ParsedSecret {
  const decoded = decodeSecret(input);
  return decoded.ok ? { ok: true, secret: encodeBase32(decoded.bytes), bytes: decoded.bytes } : decoded;
}

/** `parseSecret` without building the canonical string: the per-code path needs only the bytes. */
export function decodeSecret(input: string): { ok: true; bytes: Uint8Array } | { ok: false; error: SecretError } {
  if (typeof input !== 'string') return err({ kind: 'empty' });
  // Pass 1: validate and count, without building anything from the input.
  let chars = 0;
  let padded = false;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (isSeparator(code)) continue;
    if (code === PAD) {
      padded = true;
      continue;
    }
    if (padded || code >= 128 || VALUES[code]! < 0) return err({ kind: 'bad_character', position: i });
    chars++;
  }
  if (chars === 0) return err({ kind: 'empty' });
  const bytes = Math.floor((chars * 5) / 8);
  if (bytes < MIN_SECRET_BYTES) return err({ kind: 'too_short', bytes, minBytes: MIN_SECRET_BYTES });
  if (bytes > MAX_SECRET_BYTES) return err({ kind: 'too_long', bytes, maxBytes: MAX_SECRET_BYTES });

  // Pass 2: decode.
  const out = new Uint8Array(bytes);
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < input.length && n < bytes; i++) {
    const value = VALUES[input.charCodeAt(i)] ?? -1;
    if (value < 0) continue; // a separator or padding: pass 1 allowed nothing else
    buffer = ((buffer << 5) | value) & 0xfff; // ≤ 12 live bits
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >>> bits) & 0xff;
    }
  }
  return { ok: true, bytes: out };
}

/** RFC 4648 §6 encoding, upper case, without padding (the Key URI Format's `secret` form). */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** A sentence for a person; it names positions and sizes, never characters of the secret. */
export function describeSecretError(error: SecretError): string {
  switch (error.kind) {
    case 'empty':
      return 'The key is empty.';
    case 'bad_character':
      return `The key has a character that is not base32 (A–Z, 2–7) at position ${error.position + 1}.`;
    case 'too_short':
      return `The key is too short: ${error.bytes} bytes, at least ${error.minBytes} are needed.`;
    case 'too_long':
      return `The key is too long: ${error.bytes} bytes, at most ${error.maxBytes} are allowed.`;
  }
}
