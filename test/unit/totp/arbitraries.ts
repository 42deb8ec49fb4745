import fc from 'fast-check';
import { encodeBase32, type OtpauthAccount } from '../../../src/totp';

/** fast-check arbitraries shared by the URI tests. */

/** Names as parse gives them: non-empty, trimmed, well-formed Unicode (colons allowed). */
export const nameArbitrary = fc
  .string({ unit: fc.oneof(fc.constantFrom(':', ' ', '%', '+', '&', '=', '?', '#', '/', '@'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 40 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

export const accountArbitrary = (options: { digits?: fc.Arbitrary<6 | 7 | 8>; period?: fc.Arbitrary<number> } = {}) =>
  fc.record(
    {
      issuer: nameArbitrary,
      label: nameArbitrary,
      secret: fc.uint8Array({ minLength: 10, maxLength: 128 }).map(encodeBase32),
      algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
      digits: options.digits ?? fc.constantFrom(6, 7, 8),
      period: options.period ?? fc.oneof(fc.constant(30), fc.integer({ min: 1, max: 3600 })),
    },
    { requiredKeys: ['label', 'secret', 'algorithm', 'digits', 'period'] },
  ) as fc.Arbitrary<OtpauthAccount>;
