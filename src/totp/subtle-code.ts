import { decodeSecret } from './base32';
import type { CodeOptions } from './generate-code';
import { counterBytes, hotpValue } from './hotp';

/**
 * RFC 6238 §4 codes straight on WebCrypto: the core's base32 (`decodeSecret`) and HOTP truncation
 * (`hotp.ts`) around `subtle.sign`, with each imported key kept (per key and hash). For the popup
 * and its first paint, which must stay small: no otplib, no error texts (a bad key rejects, and the
 * popup shows "Key error"). `generateCode` (otplib's plugin, guard rails, `TotpError`) stays the
 * core's for everything else; a test holds the two to the same codes.
 */
const HASH = { SHA1: 'SHA-1', SHA256: 'SHA-256', SHA512: 'SHA-512' } as const;
const keys = new Map<string, Promise<CryptoKey>>();

export function subtleCode(secretBase32: string, { epochSeconds, algorithm = 'SHA1', digits = 6, period = 30 }: CodeOptions, subtle: SubtleCrypto = crypto.subtle): Promise<string> {
  const id = `${algorithm}:${secretBase32}`;
  let key = keys.get(id);
  if (!key) {
    const secret = decodeSecret(secretBase32);
    if (!secret.ok) return Promise.reject(new Error('not a base32 key'));
    key = subtle.importKey('raw', secret.bytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: HASH[algorithm] }, false, ['sign']);
    keys.set(id, key);
  }
  const counter = Math.floor(epochSeconds / period);
  return key.then((k) => subtle.sign('HMAC', k, counterBytes(counter))).then((mac) => hotpValue(new Uint8Array(mac), digits));
}

/** Forgets the imported keys (the popup's document goes with them anyway). */
export const clearSubtleKeys = () => keys.clear();
