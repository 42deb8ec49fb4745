import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSecretError, encodeBase32, MAX_SECRET_BYTES, MIN_SECRET_BYTES, parseSecret } from '../../../src/totp';
import { decodeSecret } from '../../../src/totp/base32';
import { RFC4226_SECRET_ASCII, RFC4226_SECRET_BASE32, RFC6238_SEEDS } from './vectors';

const ascii = (text: string) => new TextEncoder().encode(text);
const B2CORE_KEY = 'TPYXG33M4LOHFJHB';

describe('parseSecret: accepted forms (RFC 4648 §6)', () => {
  it('reads a B2Core key: 16 characters, 10 bytes', () => {
    const parsed = parseSecret(B2CORE_KEY);
    expect(parsed.ok && parsed.secret).toBe(B2CORE_KEY);
    expect(parsed.ok && parsed.bytes.length).toBe(10);
  });

  it('reads the RFC seeds, padded as coreutils prints them', () => {
    for (const seed of [{ ascii: RFC4226_SECRET_ASCII, base32: RFC4226_SECRET_BASE32 }, ...Object.values(RFC6238_SEEDS)]) {
      const parsed = parseSecret(seed.base32);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.bytes).toEqual(ascii(seed.ascii));
      expect(parsed.secret).toBe(seed.base32.replace(/=+$/, ''));
    }
  });

  it('accepts lower case, spaces, tabs, newlines, no-break spaces, hyphens and trailing padding', () => {
    for (const input of [
      'tpyxg33m4lohfjhb',
      'tpyx g33m 4loh fjhb',
      'TPYX-G33M-4LOH-FJHB',
      '  TPYX\tG33M\n4LOH\r\nFJHB  ',
      'TPYX\u00a0G33M\u00a04LOH\u00a0FJHB',
      'TPYXG33M4LOHFJHB======',
      'tpyx-g33m 4loh-fjhb ==',
    ]) {
      const parsed = parseSecret(input);
      expect(parsed, JSON.stringify(input)).toMatchObject({ ok: true, secret: B2CORE_KEY });
    }
  });

  it('drops trailing bits that do not fill a byte, so the canonical form re-encodes the bytes', () => {
    // 17 characters = 85 bits = 10 bytes + 5 spare bits, as Google Authenticator reads it.
    const parsed = parseSecret(`${B2CORE_KEY}A`);
    expect(parsed).toMatchObject({ ok: true, secret: B2CORE_KEY });
    // 52 characters = 260 bits: the last character carries 4 spare bits, set here and cleared by canonicalisation.
    const seed = RFC6238_SEEDS.SHA256.base32.replace(/=+$/, '');
    const noisy = `${seed.slice(0, -1)}B`; // 'A' = 00000, 'B' = 00001: only a spare bit differs
    expect(parseSecret(noisy)).toMatchObject({ ok: true, secret: seed });
  });
});

describe('parseSecret: refusals carry positions and sizes only', () => {
  it('empty input, or only separators and padding', () => {
    for (const input of ['', '   ', '-', '====', ' - = ']) expect(parseSecret(input)).toEqual({ ok: false, error: { kind: 'empty' } });
  });

  it('0, 1, 8, 9 and other non-alphabet characters, with their position in the input as given', () => {
    expect(parseSecret('TPYXG33M4LOHFJH0')).toEqual({ ok: false, error: { kind: 'bad_character', position: 15 } });
    expect(parseSecret('1PYXG33M4LOHFJHB')).toEqual({ ok: false, error: { kind: 'bad_character', position: 0 } });
    expect(parseSecret('TPYX G33M 4LO8 FJHB')).toEqual({ ok: false, error: { kind: 'bad_character', position: 13 } });
    expect(parseSecret('TPYXG33M4LOHFJH9')).toEqual({ ok: false, error: { kind: 'bad_character', position: 15 } });
    for (const bad of ['_', '.', '+', '/', 'é', '€', '😀', '\u0000']) {
      expect(parseSecret(`TPYXG33M${bad}4LOHFJHB`)).toEqual({ ok: false, error: { kind: 'bad_character', position: 8 } });
    }
  });

  it('padding is only allowed at the end', () => {
    expect(parseSecret('TPYXG33M=4LOHFJHB')).toEqual({ ok: false, error: { kind: 'bad_character', position: 9 } });
    expect(parseSecret('=TPYXG33M4LOHFJHB')).toEqual({ ok: false, error: { kind: 'bad_character', position: 1 } });
  });

  it(`under ${MIN_SECRET_BYTES} bytes is too short (9 bytes = 15 characters)`, () => {
    expect(parseSecret(B2CORE_KEY.slice(0, 15))).toEqual({ ok: false, error: { kind: 'too_short', bytes: 9, minBytes: MIN_SECRET_BYTES } });
    expect(parseSecret('AB')).toEqual({ ok: false, error: { kind: 'too_short', bytes: 1, minBytes: MIN_SECRET_BYTES } });
  });

  it(`over ${MAX_SECRET_BYTES} bytes is too long, huge input included`, () => {
    const max = encodeBase32(new Uint8Array(MAX_SECRET_BYTES).fill(7));
    expect(parseSecret(max)).toMatchObject({ ok: true });
    expect(parseSecret(encodeBase32(new Uint8Array(MAX_SECRET_BYTES + 1)))).toEqual({
      ok: false,
      error: { kind: 'too_long', bytes: MAX_SECRET_BYTES + 1, maxBytes: MAX_SECRET_BYTES },
    });
    expect(parseSecret('A'.repeat(1_000_000))).toEqual({ ok: false, error: { kind: 'too_long', bytes: 625_000, maxBytes: MAX_SECRET_BYTES } });
  });

  it('a bad character is reported before the length', () => {
    expect(parseSecret('AB1')).toEqual({ ok: false, error: { kind: 'bad_character', position: 2 } });
  });

  it('a non-string is empty rather than an exception', () => {
    expect(parseSecret(undefined as unknown as string)).toEqual({ ok: false, error: { kind: 'empty' } });
  });

  it('describes every error kind in a sentence without characters from the input', () => {
    expect(describeSecretError({ kind: 'empty' })).toMatch(/empty/);
    expect(describeSecretError({ kind: 'bad_character', position: 4 })).toMatch(/position 5/);
    expect(describeSecretError({ kind: 'too_short', bytes: 9, minBytes: 10 })).toMatch(/9 bytes, at least 10/);
    expect(describeSecretError({ kind: 'too_long', bytes: 200, maxBytes: 128 })).toMatch(/200 bytes, at most 128/);
  });
});

describe('properties', () => {
  const key = fc.uint8Array({ minLength: MIN_SECRET_BYTES, maxLength: MAX_SECRET_BYTES });

  it('encode then parse gives the bytes back, and the canonical form is the encoding', () => {
    fc.assert(
      fc.property(key, (bytes) => {
        const encoded = encodeBase32(bytes);
        expect(encoded).toMatch(/^[A-Z2-7]+$/);
        expect(encoded.length).toBe(Math.ceil((bytes.length * 8) / 5));
        expect(parseSecret(encoded)).toEqual({ ok: true, secret: encoded, bytes });
      }),
    );
  });

  it('presentation never changes the result: case, grouping and padding', () => {
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 8 }), fc.constantFrom(' ', '-', '  '), fc.boolean(), (bytes, group, separator, lower) => {
        const encoded = encodeBase32(bytes);
        const padded = encoded.padEnd(Math.ceil(encoded.length / 8) * 8, '=');
        const grouped = (padded.match(new RegExp(`.{1,${group}}`, 'g')) ?? []).join(separator);
        expect(parseSecret(lower ? grouped.toLowerCase() : grouped)).toEqual({ ok: true, secret: encoded, bytes });
      }),
    );
  });

  it('parsing is idempotent: the canonical form parses to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z2-7 =-]{0,240}$/), (input) => {
        const once = parseSecret(input);
        if (once.ok) expect(parseSecret(once.secret)).toEqual(once);
      }),
    );
  });

  it('never throws on any string, and always answers with the union', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const parsed = parseSecret(input);
        expect(typeof parsed.ok).toBe('boolean');
        if (!parsed.ok) expect(['empty', 'bad_character', 'too_short', 'too_long']).toContain(parsed.error.kind);
        expect(decodeSecret(input).ok).toBe(parsed.ok);
      }),
    );
  });

  it('a bad_character position points at a character that is not base32, padding or a separator', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        const parsed = parseSecret(input);
        if (parsed.ok || parsed.error.kind !== 'bad_character') return;
        const char = input[parsed.error.position]!;
        const afterPadding = input.slice(0, parsed.error.position).includes('=');
        expect(afterPadding || !/[A-Za-z2-7=\- \t\n\r\u00a0]/.test(char)).toBe(true);
      }),
    );
  });
});
