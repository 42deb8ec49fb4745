import { WebCryptoPlugin } from '@otplib/plugin-crypto-web';
import fc from 'fast-check';
import { createGuardrails, generate } from 'otplib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Algorithm, clearKeyCache, createTotp, type Digits, encodeBase32, generateCode, isTotpError, MAX_PERIOD, TotpError } from '../../../src/totp';
import { RFC4226_HOTP, RFC4226_SECRET_BASE32, RFC6238_SEEDS, RFC6238_TOTP } from './vectors';

const ALGORITHMS: Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];

describe('RFC 4226 Appendix D through the TOTP path (epoch = counter × period)', () => {
  it.each(RFC4226_HOTP)('count $counter → $hotp', async ({ counter, hotp }) => {
    expect(await generateCode(RFC4226_SECRET_BASE32, { epochSeconds: counter * 30 })).toBe(hotp);
    expect(await generateCode(RFC4226_SECRET_BASE32, { epochSeconds: counter * 60 + 59, period: 60 })).toBe(hotp);
  });
});

describe('RFC 6238 Appendix B, every vector, full-length seeds, 8 digits', () => {
  const cases = RFC6238_TOTP.flatMap((row) => ALGORITHMS.map((algorithm) => ({ algorithm, time: row.time, code: row[algorithm] })));
  it.each(cases)('$algorithm at $time → $code', async ({ algorithm, time, code }) => {
    expect(await generateCode(RFC6238_SEEDS[algorithm].base32, { epochSeconds: time, algorithm, digits: 8 })).toBe(code);
  });

  it('the 6-digit codes are the last six of the 8-digit ones', async () => {
    for (const row of RFC6238_TOTP) {
      for (const algorithm of ALGORITHMS) {
        expect(await generateCode(RFC6238_SEEDS[algorithm].base32, { epochSeconds: row.time, algorithm })).toBe(row[algorithm].slice(2));
      }
    }
  });
});

describe('defaults and time', () => {
  it('SHA1, 6 digits, 30 s unless told; fractions of a second use the same step', async () => {
    const key = RFC6238_SEEDS.SHA1.base32;
    const code = await generateCode(key, { epochSeconds: 59 });
    expect(code).toBe('287082');
    expect(await generateCode(key, { epochSeconds: 59.999, algorithm: 'SHA1', digits: 6, period: 30 })).toBe(code);
    expect(await generateCode(key, { epochSeconds: 30 })).toBe(code);
    expect(await generateCode(key, { epochSeconds: 29.999 })).not.toBe(code);
  });

  it('accepts the secret in any presentation parseSecret accepts', async () => {
    const expected = await generateCode('TPYXG33M4LOHFJHB', { epochSeconds: 1_700_000_000 });
    expect(await generateCode('tpyx-g33m 4loh-fjhb==', { epochSeconds: 1_700_000_000 })).toBe(expected);
  });
});

describe('invalid input rejects with a typed TotpError', () => {
  const key = 'TPYXG33M4LOHFJHB';
  const rejects = async (promise: Promise<unknown>, kind: string) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TotpError);
    expect(isTotpError(error)).toBe(true);
    expect((error as TotpError).kind).toBe(kind);
    expect((error as TotpError).name).toBe('TotpError');
    return error as TotpError;
  };

  it('secrets: empty, bad character, too short, too long — with the parse error attached', async () => {
    expect((await rejects(generateCode('', { epochSeconds: 0 }), 'invalid_secret')).secretError).toEqual({ kind: 'empty' });
    expect((await rejects(generateCode('TPYXG33M4LOHFJH1', { epochSeconds: 0 }), 'invalid_secret')).secretError).toEqual({ kind: 'bad_character', position: 15 });
    expect((await rejects(generateCode('TPYXG33M4LOHFJH', { epochSeconds: 0 }), 'invalid_secret')).secretError).toMatchObject({ kind: 'too_short' });
    expect((await rejects(generateCode('A'.repeat(300), { epochSeconds: 0 }), 'invalid_secret')).secretError).toMatchObject({ kind: 'too_long' });
  });

  it('digits, algorithm, period and time', async () => {
    for (const digits of [0, 5, 9, 6.5, '6']) await rejects(generateCode(key, { epochSeconds: 0, digits: digits as Digits }), 'invalid_digits');
    for (const algorithm of ['MD5', 'sha1', 'SHA-1', '']) await rejects(generateCode(key, { epochSeconds: 0, algorithm: algorithm as Algorithm }), 'invalid_algorithm');
    for (const period of [0, -30, 1.5, NaN, Infinity, MAX_PERIOD + 1]) await rejects(generateCode(key, { epochSeconds: 0, period }), 'invalid_period');
    for (const epochSeconds of [NaN, Infinity, -Infinity, -1, Number.MAX_VALUE]) await rejects(generateCode(key, { epochSeconds }), 'invalid_time');
    await rejects(generateCode(key, undefined as never), 'invalid_time');
    await rejects(generateCode(key, { epochSeconds: '59' as unknown as number }), 'invalid_time');
  });

  it('never throws synchronously', () => {
    expect(() => generateCode('', { epochSeconds: NaN }).catch(() => undefined)).not.toThrow();
    expect(() => createTotp().generateCode('', { epochSeconds: NaN }).catch(() => undefined)).not.toThrow();
  });
});

describe('crypto adapters', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a failing WebCrypto becomes crypto_failed, naming the error class only', async () => {
    const subtle = {
      importKey: async () => ({}) as CryptoKey,
      sign: async () => {
        throw new DOMException('key material TPYXG33M4LOHFJHB', 'OperationError');
      },
    } as unknown as SubtleCrypto;
    const error = await createTotp({ subtle }).generateCode('TPYXG33M4LOHFJHB', { epochSeconds: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TotpError);
    expect(error).toMatchObject({ kind: 'crypto_failed', message: 'The code could not be computed (OperationError).' });
  });

  it('a non-Error rejection is still a TotpError', async () => {
    const subtle = { importKey: () => Promise.reject('nope'), sign: async () => new ArrayBuffer(20) } as unknown as SubtleCrypto;
    await expect(createTotp({ subtle }).generateCode('TPYXG33M4LOHFJHB', { epochSeconds: 0 })).rejects.toMatchObject({ kind: 'crypto_failed' });
  });

  it('no WebCrypto at all is crypto_unavailable, from the shared engine too', async () => {
    const engine = createTotp({ random: (n) => new Uint8Array(n) });
    vi.stubGlobal('crypto', undefined);
    await expect(engine.generateCode('TPYXG33M4LOHFJHB', { epochSeconds: 0 })).rejects.toMatchObject({ kind: 'crypto_unavailable' });
    expect(() => createTotp()).toThrow(TotpError);
  });

  it('clearKeyCache empties the shared engine', async () => {
    await generateCode('TPYXG33M4LOHFJHB', { epochSeconds: 0 });
    expect(() => clearKeyCache()).not.toThrow();
    const engine = createTotp();
    await engine.generateCode('TPYXG33M4LOHFJHB', { epochSeconds: 0 });
    expect(engine.cachedKeys).toBe(1);
    engine.clearKeyCache();
    expect(engine.cachedKeys).toBe(0);
  });
});

describe('properties', () => {
  const algorithm = fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512');
  const digits = fc.constantFrom<Digits>(6, 7, 8);
  const period = fc.oneof(fc.constantFrom(30, 60), fc.integer({ min: 1, max: MAX_PERIOD }));
  const time = fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.double({ min: 0, max: 4e9, noNaN: true }));

  it('always resolves to exactly `digits` decimal digits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 10, maxLength: 128 }), time, algorithm, digits, period, async (key, epochSeconds, alg, d, p) => {
        const code = await generateCode(encodeBase32(key), { epochSeconds, algorithm: alg, digits: d, period: p });
        expect(code).toMatch(new RegExp(`^\\d{${d}}$`));
      }),
      { numRuns: 300 },
    );
  });

  it('equals otplib v13 `generate` with its stock WebCrypto plugin (no key cache, its own truncation)', async () => {
    const stock = new WebCryptoPlugin();
    const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10, MAX_SECRET_BYTES: 128 });
    const lower = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 10, maxLength: 128 }), time, algorithm, digits, period, async (key, epochSeconds, alg, d, p) => {
        const ours = await generateCode(encodeBase32(key), { epochSeconds, algorithm: alg, digits: d, period: p });
        const theirs = await generate({ secret: key, epoch: epochSeconds, algorithm: lower[alg], digits: d, period: p, crypto: stock, guardrails });
        expect(ours).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('a small cache gives the same codes as a large one (eviction never changes a result)', async () => {
    const small = createTotp({ maxKeys: 2 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 10, maxLength: 20 }), { minLength: 1, maxLength: 8 }), time, async (keys, epochSeconds) => {
        const secrets = keys.map(encodeBase32);
        const expected = await Promise.all(secrets.map((s) => generateCode(s, { epochSeconds })));
        expect(await Promise.all(secrets.map((s) => small.generateCode(s, { epochSeconds })))).toEqual(expected);
        expect(small.cachedKeys).toBeLessThanOrEqual(2);
      }),
      { numRuns: 50 },
    );
  });
});
