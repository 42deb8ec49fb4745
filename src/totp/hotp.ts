/**
 * RFC 4226 §5.3, the HOTP value from an HMAC digest: dynamic truncation to a 31-bit number, then the
 * last `digits` decimal digits. Pure and synchronous; the HMAC itself is the caller's (WebCrypto).
 * RFC 6238 §1.2/§4 applies the same truncation to HMAC-SHA-256/512 digests (offset from the last byte).
 */

/** The 8-byte big-endian counter C (RFC 4226 §5.1); `counter` is a non-negative safe integer. */
export function counterBytes(counter: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(8);
  let high = Math.floor(counter / 0x1_0000_0000);
  let low = counter >>> 0;
  for (let i = 7; i >= 4; i--) {
    bytes[i] = low & 0xff;
    low >>>= 8;
    bytes[i - 4] = high & 0xff;
    high >>>= 8;
  }
  return bytes;
}

/** DT(String) of RFC 4226 §5.3: the 31-bit number at the offset named by the digest's last nibble. */
export function dynamicTruncate(digest: Uint8Array): number {
  const offset = digest[digest.length - 1]! & 0x0f;
  return ((digest[offset]! & 0x7f) << 24) | (digest[offset + 1]! << 16) | (digest[offset + 2]! << 8) | digest[offset + 3]!;
}

/** Snum mod 10^Digit, left-padded with zeros (RFC 4226 §5.3 step 3; 6–8 digits, RFC 6238 §4). */
export function hotpValue(digest: Uint8Array, digits: number): string {
  return String(dynamicTruncate(digest) % 10 ** digits).padStart(digits, '0');
}
