import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterBytes, dynamicTruncate, hotpValue } from '../../../src/totp/hotp';
import { RFC4226_HOTP } from './vectors';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (pair) => parseInt(pair, 16));

describe('RFC 4226 §5.3 on the Appendix D digests', () => {
  it.each(RFC4226_HOTP)('count $counter: truncates to $truncated and shows $hotp', ({ hmac, truncated, hotp }) => {
    expect(dynamicTruncate(hex(hmac))).toBe(truncated);
    expect(hotpValue(hex(hmac), 6)).toBe(hotp);
  });

  it('the §5.4 worked example: offset 0xa, DBC1 0x50ef7f19, 872921', () => {
    const digest = hex('1f8698690e02ca16618550ef7f19da8e945b555a');
    expect(dynamicTruncate(digest)).toBe(0x50ef7f19);
    expect(hotpValue(digest, 6)).toBe('872921');
  });

  it('keeps leading zeros and takes 7 and 8 digits from the same number', () => {
    // count 7: 82162583 → 6 digits "162583", 8 digits "82162583", 7 digits "2162583"
    const digest = hex(RFC4226_HOTP[7]!.hmac);
    expect(hotpValue(digest, 8)).toBe('82162583');
    expect(hotpValue(digest, 7)).toBe('2162583');
    expect(hotpValue(new Uint8Array(20), 6)).toBe('000000');
  });
});

describe('the counter as 8 big-endian bytes (RFC 4226 §5.1)', () => {
  it('small, 32-bit boundary and 2^53 − 1', () => {
    expect([...counterBytes(0)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...counterBytes(1)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...counterBytes(0x1_0000_0000)]).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    expect([...counterBytes(Number.MAX_SAFE_INTEGER)]).toEqual([0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  it('matches DataView.setBigUint64 for every safe counter', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (counter) => {
        const expected = new Uint8Array(8);
        new DataView(expected.buffer).setBigUint64(0, BigInt(counter));
        expect(counterBytes(counter)).toEqual(expected);
      }),
    );
  });

  it('truncation always gives a 31-bit number, and the code its digits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 64 }), fc.constantFrom(6, 7, 8), (digest, digits) => {
        const value = dynamicTruncate(digest);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(0x7fffffff);
        expect(hotpValue(digest, digits)).toMatch(new RegExp(`^\\d{${digits}}$`));
      }),
    );
  });
});
