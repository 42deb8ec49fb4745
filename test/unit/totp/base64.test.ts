import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../src/totp/base64';

const text = (s: string) => new TextEncoder().encode(s);

describe('base64 (RFC 4648 §4, §5)', () => {
  it('the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(text(plain))).toBe(encoded);
      expect(decodeBase64(encoded)).toEqual(text(plain));
      expect(decodeBase64(encoded.replace(/=+$/, ''))).toEqual(text(plain));
    }
  });

  it('the URL-safe alphabet too', () => {
    expect(decodeBase64('-_-_')).toEqual(decodeBase64('+/+/'));
  });

  it.each(['Zg=', 'Z', 'Zm9vY', 'Zm9v!', 'Zm 9v', 'Zm9v====', 'Z===', 'Zg==Zg==', 'é'])('refuses %j', (bad) => {
    expect(decodeBase64(bad)).toBeNull();
  });

  it('round-trips any bytes and matches Node’s Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(encoded)).toEqual(bytes);
        expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
    );
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(() => decodeBase64(s)).not.toThrow();
      }),
    );
  });
});
