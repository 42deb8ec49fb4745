import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOtpauthUri, MAX_URI_LENGTH, type OtpauthAccount, parseOtpauthUri, TotpError } from '../../../src/totp';
import { accountArbitrary } from './arbitraries';

const SECRET = 'JBSWY3DPEHPK3PXP';
const parsed = (uri: string) => {
  const result = parseOtpauthUri(uri);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}`);
  return result.account;
};
const errorKind = (uri: string) => {
  const result = parseOtpauthUri(uri);
  return result.ok ? 'ok' : result.error.kind;
};

describe('the Key URI Format', () => {
  it('the spec example', () => {
    expect(parseOtpauthUri('otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example')).toEqual({
      ok: true,
      account: { issuer: 'Example', label: 'alice@google.com', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30 },
    });
  });

  it('the spec example with every parameter', () => {
    expect(parsed('otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30')).toEqual({
      issuer: 'ACME Co',
      label: 'john.doe@email.com',
      secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
  });

  it('label forms: %3A separator, spaces after the colon, no issuer at all', () => {
    expect(parsed(`otpauth://totp/Example%3Aalice@google.com?secret=${SECRET}`)).toMatchObject({ issuer: 'Example', label: 'alice@google.com' });
    expect(parsed(`otpauth://totp/Big%20Corp:%20%20alice?secret=${SECRET}`)).toMatchObject({ issuer: 'Big Corp', label: 'alice' });
    expect(parsed(`otpauth://totp/alice@google.com?secret=${SECRET}`)).toEqual({ label: 'alice@google.com', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30 });
  });

  it('the issuer parameter wins over a different label prefix; either alone is used', () => {
    expect(parsed(`otpauth://totp/Old:alice?secret=${SECRET}&issuer=New`)).toMatchObject({ issuer: 'New', label: 'alice' });
    expect(parsed(`otpauth://totp/alice?secret=${SECRET}&issuer=Example`)).toMatchObject({ issuer: 'Example', label: 'alice' });
    expect(parsed(`otpauth://totp/Example:alice?secret=${SECRET}&issuer=`)).toMatchObject({ issuer: 'Example' });
  });

  it('a "+" is a plus in the label (emails) and a space in a parameter (form encoding)', () => {
    expect(parsed(`otpauth://totp/Big+Co:alice+2fa@example.com?secret=${SECRET}&issuer=Big+Co`)).toMatchObject({ issuer: 'Big Co', label: 'alice+2fa@example.com' });
  });

  it('algorithm, digits and period', () => {
    expect(parsed(`otpauth://totp/a?secret=${SECRET}&algorithm=sha256&digits=8&period=60`)).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(parsed(`otpauth://totp/a?secret=${SECRET}&algorithm=SHA512&digits=7`)).toMatchObject({ algorithm: 'SHA512', digits: 7, period: 30 });
  });

  it('scheme and type in any case, surrounding spaces, a fragment, unknown parameters, lowercase grouped secrets', () => {
    expect(parsed(`  OTPAUTH://TOTP/a?secret=jbsw-y3dp-ehpk-3pxp&image=https%3A%2F%2Fx%2Fy.png&counter=5#frag  `)).toEqual({
      label: 'a',
      secret: SECRET,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
  });
});

describe('refusals are typed', () => {
  it.each([
    ['hotp', `otpauth://hotp/a?secret=${SECRET}&counter=0`, 'unsupported_type'],
    ['another type', `otpauth://steam/a?secret=${SECRET}`, 'unsupported_type'],
    ['another scheme', `https://totp/a?secret=${SECRET}`, 'not_otpauth'],
    ['no label path', `otpauth://totp?secret=${SECRET}`, 'not_otpauth'],
    ['empty label', `otpauth://totp/?secret=${SECRET}`, 'missing_label'],
    ['issuer but no account', `otpauth://totp/Example:%20?secret=${SECRET}`, 'missing_label'],
    ['bad percent-encoding', `otpauth://totp/a%ZZ?secret=${SECRET}`, 'invalid_label'],
    ['encoded lone surrogate', `otpauth://totp/a%ED%A0%80?secret=${SECRET}`, 'invalid_label'],
    ['raw lone surrogate', `otpauth://totp/a\ud800?secret=${SECRET}`, 'invalid_label'],
    ['no secret', 'otpauth://totp/a?issuer=x', 'missing_secret'],
    ['empty secret', 'otpauth://totp/a?secret=', 'missing_secret'],
    ['bad secret', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PX1', 'invalid_secret'],
    ['short secret', 'otpauth://totp/a?secret=JBSWY3DP', 'invalid_secret'],
    ['MD5', `otpauth://totp/a?secret=${SECRET}&algorithm=MD5`, 'invalid_algorithm'],
    ['digits 4', `otpauth://totp/a?secret=${SECRET}&digits=4`, 'invalid_digits'],
    ['digits 06', `otpauth://totp/a?secret=${SECRET}&digits=06`, 'invalid_digits'],
    ['period 0', `otpauth://totp/a?secret=${SECRET}&period=0`, 'invalid_period'],
    ['period -30', `otpauth://totp/a?secret=${SECRET}&period=-30`, 'invalid_period'],
    ['period 1.5', `otpauth://totp/a?secret=${SECRET}&period=1.5`, 'invalid_period'],
    ['period too long', `otpauth://totp/a?secret=${SECRET}&period=99999`, 'invalid_period'],
    ['too long', `otpauth://totp/${'a'.repeat(MAX_URI_LENGTH)}?secret=${SECRET}`, 'too_long'],
    ['not a string', undefined as unknown as string, 'not_otpauth'],
  ])('%s → %s', (_, uri, kind) => {
    expect(errorKind(uri)).toBe(kind);
  });

  it('an invalid secret carries the parse error, with positions only', () => {
    expect(parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DPEHPK3PX1')).toEqual({
      ok: false,
      error: { kind: 'invalid_secret', message: expect.stringContaining('position 16'), reason: { kind: 'bad_character', position: 15 } },
    });
  });
});

describe('formatOtpauthUri', () => {
  it('writes the spec example back', () => {
    const account: OtpauthAccount = { issuer: 'Example', label: 'alice@google.com', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30 };
    expect(formatOtpauthUri(account)).toBe('otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example');
  });

  it('writes non-default parameters and a canonical secret', () => {
    expect(formatOtpauthUri({ label: 'a b', secret: 'jbsw y3dp ehpk 3pxp', algorithm: 'SHA512', digits: 8, period: 60 })).toBe(
      'otpauth://totp/a%20b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&period=60',
    );
  });

  it('colons: an issuer with one goes in the parameter only; a label with one gets a prefix', () => {
    const base = { secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30 } as const;
    for (const account of [
      { ...base, issuer: 'Ex:Inc', label: 'alice' },
      { ...base, issuer: 'Ex:Inc', label: 'a:b' },
      { ...base, label: 'a:b' },
      { ...base, issuer: 'Ex', label: 'a:b' },
    ]) {
      expect(parsed(formatOtpauthUri(account))).toEqual(account);
    }
  });

  it.each([
    ['an empty label', { label: '' }, 'invalid_account'],
    ['a label with outer spaces', { label: ' alice' }, 'invalid_account'],
    ['an empty issuer', { issuer: '' }, 'invalid_account'],
    ['an issuer with outer spaces', { issuer: 'Ex ' }, 'invalid_account'],
    ['a lone surrogate', { label: 'a\ud800' }, 'invalid_account'],
    ['a bad secret', { secret: 'JBSWY3DPEHPK3PX1' }, 'invalid_secret'],
    ['MD5', { algorithm: 'MD5' }, 'invalid_algorithm'],
    ['5 digits', { digits: 5 }, 'invalid_digits'],
    ['period 0', { period: 0 }, 'invalid_period'],
  ])('refuses %s with a TotpError', (_, change, kind) => {
    const account = { label: 'alice', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30, ...change } as OtpauthAccount;
    expect(() => formatOtpauthUri(account)).toThrow(TotpError);
    expect(() => formatOtpauthUri(account)).toThrow(expect.objectContaining({ kind }));
  });
});

describe('properties', () => {
  it('parse(format(account)) is the account, for any name (colons, spaces, %, +, emoji...)', () => {
    fc.assert(
      fc.property(accountArbitrary(), (account) => {
        expect(parseOtpauthUri(formatOtpauthUri(account))).toEqual({ ok: true, account });
      }),
      { numRuns: 500 },
    );
  });

  it('format(parse(uri)) parses to the same account (a fixed point after one round)', () => {
    fc.assert(
      fc.property(accountArbitrary(), fc.boolean(), (account, upper) => {
        const uri = formatOtpauthUri(account);
        const first = parsed(upper ? uri.replace('otpauth://totp', 'OTPAUTH://TOTP') : uri);
        expect(formatOtpauthUri(first)).toBe(uri);
      }),
    );
  });

  it('never throws on any string, and always answers with the union', () => {
    const otpauthish = fc.tuple(fc.constantFrom('otpauth://totp/', 'otpauth://hotp/', 'otpauth://', ''), fc.string({ unit: 'binary', maxLength: 200 })).map(([a, b]) => a + b);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), otpauthish), (uri) => {
        const result = parseOtpauthUri(uri);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.error.message).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });
});
