import { describe, expect, it, vi } from 'vitest';
import { clearSubtleKeys, subtleCode } from '../../../src/totp/subtle-code';
import { RFC6238_SEEDS, RFC6238_TOTP } from './vectors';

/** The popup's small TOTP path: RFC 6238 Appendix B, a bad key, and one key import per key. (oathtool: oathtool.test.ts.) */
describe('subtleCode', () => {
  it('gives the RFC 6238 test vectors, SHA1, SHA256 and SHA512, 8 digits', async () => {
    for (const row of RFC6238_TOTP) {
      for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
        expect(await subtleCode(RFC6238_SEEDS[algorithm].base32, { epochSeconds: row.time, algorithm, digits: 8, period: 30 }), `${algorithm} at ${row.time}`).toBe(row[algorithm]);
      }
    }
  });

  it('rejects a key that is not base32, and never says the key', async () => {
    const error = await subtleCode('not-a-key!!', { epochSeconds: 0 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).not.toContain('not-a-key');
  });

  it('imports each key once, per hash', async () => {
    clearSubtleKeys();
    const subtle = { importKey: vi.fn(crypto.subtle.importKey.bind(crypto.subtle)), sign: crypto.subtle.sign.bind(crypto.subtle) } as unknown as SubtleCrypto;
    const key = RFC6238_SEEDS.SHA1.base32;
    for (let t = 0; t < 5; t++) await subtleCode(key, { epochSeconds: t * 30 }, subtle);
    await subtleCode(key, { epochSeconds: 0, algorithm: 'SHA256' }, subtle);
    expect(subtle.importKey).toHaveBeenCalledTimes(2);
  });
});
