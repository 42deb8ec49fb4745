/**
 * The published test vectors, in one place: RFC 4226 Appendix D (HOTP) and RFC 6238 Appendix B (TOTP)
 * with the full-length seeds of the RFC's reference code (20, 32 and 64 bytes). The base32 forms are
 * coreutils' `base32` output (with its padding), not this project's encoder.
 */
import type { Algorithm } from '../../../src/totp';

export const RFC4226_SECRET_ASCII = '12345678901234567890';
export const RFC4226_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** Appendix D: count, HMAC-SHA-1(K, C) in hex, the truncated 31-bit value, and the 6-digit HOTP. */
export const RFC4226_HOTP: readonly { counter: number; hmac: string; truncated: number; hotp: string }[] = [
  { counter: 0, hmac: 'cc93cf18508d94934c64b65d8ba7667fb7cde4b0', truncated: 1284755224, hotp: '755224' },
  { counter: 1, hmac: '75a48a19d4cbe100644e8ac1397eea747a2d33ab', truncated: 1094287082, hotp: '287082' },
  { counter: 2, hmac: '0bacb7fa082fef30782211938bc1c5e70416ff44', truncated: 137359152, hotp: '359152' },
  { counter: 3, hmac: '66c28227d03a2d5529262ff016a1e6ef76557ece', truncated: 1726969429, hotp: '969429' },
  { counter: 4, hmac: 'a904c900a64b35909874b33e61c5938a8e15ed1c', truncated: 1640338314, hotp: '338314' },
  { counter: 5, hmac: 'a37e783d7b7233c083d4f62926c7a25f238d0316', truncated: 868254676, hotp: '254676' },
  { counter: 6, hmac: 'bc9cd28561042c83f219324d3c607256c03272ae', truncated: 1918287922, hotp: '287922' },
  { counter: 7, hmac: 'a4fb960c0bc06e1eabb804e5b397cdc4b45596fa', truncated: 82162583, hotp: '162583' },
  { counter: 8, hmac: '1b3c89f65e6c9e883012052823443f048b4332db', truncated: 673399871, hotp: '399871' },
  { counter: 9, hmac: '1637409809a679dc698207310c8c7fc07290d9e5', truncated: 645520489, hotp: '520489' },
];

/** RFC 6238 Appendix B seeds: "1234567890" repeated to the hash's output size. */
export const RFC6238_SEEDS: Record<Algorithm, { ascii: string; base32: string }> = {
  SHA1: { ascii: '12345678901234567890', base32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' },
  SHA256: { ascii: '12345678901234567890123456789012', base32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====' },
  SHA512: {
    ascii: '1234567890123456789012345678901234567890123456789012345678901234',
    base32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA=',
  },
};

/** Appendix B: time (s), then the 8-digit TOTP for SHA1, SHA256, SHA512 (X = 30, T0 = 0). */
export const RFC6238_TOTP: readonly { time: number; SHA1: string; SHA256: string; SHA512: string }[] = [
  { time: 59, SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' },
  { time: 1111111109, SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' },
  { time: 1111111111, SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' },
  { time: 1234567890, SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' },
  { time: 2000000000, SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' },
  { time: 20000000000, SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' },
];
