import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMigrationUri, MAX_MIGRATION_URI_LENGTH, type OtpauthAccount, parseMigrationUri, TotpError } from '../../../src/totp';
import { encodeBase64 } from '../../../src/totp/base64';
import { ProtoWriter } from '../../../src/totp/protobuf';
import { accountArbitrary } from './arbitraries';

const link = (payload: Uint8Array) => `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(payload))}`;
const HELLO = Uint8Array.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]); // "Hello!\xDE\xAD\xBE\xEF" = JBSWY3DPEHPK3PXP

/** An OtpParameters message, field by field as the export's .proto numbers them. */
function entry(fields: { secret?: Uint8Array; name?: string; issuer?: string; algorithm?: number; digits?: number; type?: number; counter?: number }) {
  const w = new ProtoWriter();
  if (fields.secret) w.bytes(1, fields.secret);
  if (fields.name !== undefined) w.string(2, fields.name);
  if (fields.issuer !== undefined) w.string(3, fields.issuer);
  if (fields.algorithm !== undefined) w.varint(4, fields.algorithm);
  if (fields.digits !== undefined) w.varint(5, fields.digits);
  if (fields.type !== undefined) w.varint(6, fields.type);
  if (fields.counter !== undefined) w.varint(7, fields.counter);
  return w.finish();
}
const payload = (...entries: Uint8Array[]) => {
  const w = new ProtoWriter();
  for (const e of entries) w.bytes(1, e);
  return w.varint(2, 1).finish();
};

describe('published sample exports', () => {
  it('dim13/otpauth README: Example:alice@google.com, JBSWY3DPEHPK3PXP (type TOTP, other enums unspecified)', () => {
    expect(parseMigrationUri('otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC')).toEqual({
      ok: true,
      accounts: [{ issuer: 'Example', label: 'alice@google.com', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }],
      skipped: 0,
      skippedEntries: [],
      batch: { size: 1, index: 0, id: 0 },
    });
  });

  it('a Google Authenticator export of the Raspberry Pi 2FA key: negative batch_id (a ten-byte varint), %2B-escaped base64', () => {
    const withIssuer = parseMigrationUri(
      'otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B',
    );
    expect(withIssuer).toMatchObject({
      ok: true,
      accounts: [{ issuer: 'raspberrypi', label: 'pi@raspberrypi', secret: '7KSQL2JTUDIS5EF65KLMRQIIGY', algorithm: 'SHA1', digits: 6, period: 30 }],
      skipped: 0,
      batch: { size: 1, index: 0, id: -1320898453 },
    });
    const withoutIssuer = parseMigrationUri('otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACEAEYASAAKLzjp5n4%2F%2F%2F%2F%2FwE%3D');
    expect(withoutIssuer).toMatchObject({ ok: true, accounts: [{ label: 'pi@raspberrypi', secret: '7KSQL2JTUDIS5EF65KLMRQIIGY' }], batch: { id: -2094403140 } });
    expect(withoutIssuer.ok && withoutIssuer.accounts[0]).not.toHaveProperty('issuer');
  });

  it('the same data with a raw "+" and "/" instead of %2B/%2F, or in the URL-safe alphabet', () => {
    const raw = 'otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK+/////8B';
    expect(parseMigrationUri(raw)).toMatchObject({ ok: true, accounts: [{ label: 'pi@raspberrypi' }] });
    const [head, data] = raw.split('data=') as [string, string];
    expect(parseMigrationUri(`${head}data=${data.replaceAll('+', '-').replaceAll('/', '_')}`)).toMatchObject({ ok: true, accounts: [{ label: 'pi@raspberrypi' }] });
  });
});

describe('entries', () => {
  it('algorithms, digits and names', () => {
    const result = parseMigrationUri(
      link(
        payload(
          entry({ secret: HELLO, name: 'alice', issuer: 'Acme', algorithm: 2, digits: 2, type: 2 }),
          entry({ secret: HELLO, name: 'Acme:bob', issuer: 'Acme', algorithm: 3, digits: 1, type: 2 }),
          entry({ secret: HELLO, name: 'Other:carol', algorithm: 1, digits: 0, type: 0 }),
          entry({ secret: HELLO, name: 'x:dave', issuer: 'Acme', type: 2 }),
          entry({ secret: HELLO, name: '  eve  ', issuer: '  ', type: 2 }),
        ),
      ),
    );
    expect(result.ok && result.accounts).toEqual([
      { issuer: 'Acme', label: 'alice', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA256', digits: 8, period: 30 },
      { issuer: 'Acme', label: 'bob', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA512', digits: 6, period: 30 },
      { issuer: 'Other', label: 'carol', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
      { issuer: 'Acme', label: 'x:dave', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
      { label: 'eve', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
    ]);
  });

  it('skips and counts what cannot be used: HOTP, MD5, unknown enums, bad key sizes, no name', () => {
    const result = parseMigrationUri(
      link(
        payload(
          entry({ secret: HELLO, name: 'ok', type: 2 }),
          entry({ secret: HELLO, name: 'counter', type: 1, counter: 5 }),
          entry({ secret: HELLO, name: 'md5', algorithm: 4, type: 2 }),
          entry({ secret: HELLO, name: 'alg9', algorithm: 9, type: 2 }),
          entry({ secret: HELLO, name: 'digits3', digits: 3, type: 2 }),
          entry({ secret: HELLO, name: 'type7', type: 7 }),
          entry({ secret: HELLO.slice(0, 9), name: 'short', type: 2 }),
          entry({ secret: new Uint8Array(129), name: 'long', type: 2 }),
          entry({ name: 'nokey', type: 2 }),
          entry({ secret: HELLO, name: ' ', type: 2 }),
          entry({ secret: HELLO, type: 2 }),
        ),
      ),
    );
    expect(result).toMatchObject({ ok: true, accounts: [{ label: 'ok' }], skipped: 10 });
    expect(result.ok && result.skippedEntries).toEqual([
      { index: 1, reason: 'hotp' },
      { index: 2, reason: 'unsupported_algorithm' },
      { index: 3, reason: 'unsupported_algorithm' },
      { index: 4, reason: 'unsupported_digits' },
      { index: 5, reason: 'unsupported_type' },
      { index: 6, reason: 'invalid_secret' },
      { index: 7, reason: 'invalid_secret' },
      { index: 8, reason: 'invalid_secret' },
      { index: 9, reason: 'missing_label' },
      { index: 10, reason: 'missing_label' },
    ]);
  });

  it('unknown fields (in the payload and in entries) are skipped, whatever their wire type', () => {
    const e = new ProtoWriter().bytes(1, HELLO).string(2, 'alice').varint(6, 2).varint(99, 7).bytes(100, Uint8Array.of(1, 2)).finish();
    const withFixed = Uint8Array.of(...e, 14 * 8 + 1, 1, 2, 3, 4, 5, 6, 7, 8, 15 * 8 + 5, 1, 2, 3, 4);
    const p = Uint8Array.of(...new ProtoWriter().bytes(1, withFixed).varint(3, 2).varint(4, 1).varint(5, 77).bytes(6, HELLO).finish(), 0x3d, 1, 2, 3, 4);
    expect(parseMigrationUri(link(p))).toMatchObject({ ok: true, accounts: [{ label: 'alice' }], batch: { size: 2, index: 1, id: 77 } });
  });

  it('an empty export is an empty list', () => {
    expect(parseMigrationUri(link(payload()))).toMatchObject({ ok: true, accounts: [], skipped: 0 });
  });

  it('names that are not valid UTF-8 are read with replacement characters', () => {
    const e = new ProtoWriter().bytes(1, HELLO).bytes(2, Uint8Array.of(0x61, 0xff)).varint(6, 2).finish();
    expect(parseMigrationUri(link(payload(e)))).toMatchObject({ ok: true, accounts: [{ label: 'a\ufffd' }] });
  });
});

describe('refusals are typed', () => {
  it.each([
    ['another scheme', 'otpauth://offline?data=AA', 'not_migration'],
    ['another host', 'otpauth-migration://online?data=AA', 'not_migration'],
    ['no query', 'otpauth-migration://offline', 'not_migration'],
    ['no data', 'otpauth-migration://offline?x=1', 'missing_data'],
    ['empty data', 'otpauth-migration://offline?data=', 'missing_data'],
    ['bad percent-encoding', 'otpauth-migration://offline?data=%ZZ', 'bad_base64'],
    ['not base64', 'otpauth-migration://offline?data=@@@@', 'bad_base64'],
    ['too long', `otpauth-migration://offline?data=${'A'.repeat(MAX_MIGRATION_URI_LENGTH)}`, 'too_long'],
    ['truncated protobuf', link(Uint8Array.of(0x0a, 0x20, 1, 2)), 'malformed'],
    ['an entry that is a varint', link(Uint8Array.of(0x08, 0x01)), 'malformed'],
    ['a malformed entry', link(new ProtoWriter().bytes(1, Uint8Array.of(0x0a, 0x09)).finish()), 'malformed'],
    ['an entry field of the wrong wire type', link(new ProtoWriter().bytes(1, new ProtoWriter().varint(1, 5).finish()).finish()), 'malformed'],
    ['an enum sent as bytes', link(new ProtoWriter().bytes(1, new ProtoWriter().bytes(4, HELLO).finish()).finish()), 'malformed'],
    ['a fixed32 where the name goes', link(new ProtoWriter().bytes(1, Uint8Array.of(0x15, 1, 2, 3, 4)).finish()), 'malformed'],
    ['a group', link(Uint8Array.of(0x0b)), 'malformed'],
    ['not a string', undefined as unknown as string, 'not_migration'],
  ])('%s → %s', (_, uri, kind) => {
    const result = parseMigrationUri(uri);
    expect(result.ok ? 'ok' : result.error.kind).toBe(kind);
    if (!result.ok) expect(result.error.message).toMatch(/\.$/);
  });
});

describe('formatMigrationUri', () => {
  const alice: OtpauthAccount = { issuer: 'Example', label: 'alice@google.com', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 };

  it('writes what Google Authenticator writes (checked against the decoded published sample)', () => {
    const uri = formatMigrationUri([alice]);
    expect(uri).toMatch(/^otpauth-migration:\/\/offline\?data=[A-Za-z0-9%]+$/);
    expect(parseMigrationUri(uri)).toMatchObject({ ok: true, accounts: [alice], batch: { size: 1, index: 0, id: 0 } });
  });

  it('writes the batch, a negative id as Google Authenticator does', () => {
    expect(parseMigrationUri(formatMigrationUri([alice], { size: 3, index: 2, id: 12345 }))).toMatchObject({ ok: true, batch: { size: 3, index: 2, id: 12345 } });
    expect(parseMigrationUri(formatMigrationUri([alice], { id: -1320898453 }))).toMatchObject({ ok: true, batch: { size: 1, index: 0, id: -1320898453 } });
    expect(() => formatMigrationUri([alice], { id: 2 ** 31 })).toThrow(expect.objectContaining({ kind: 'invalid_batch' }));
    expect(() => formatMigrationUri([alice], { size: 1.5 })).toThrow(TotpError);
  });

  it('what it writes for the published sample’s account reads back as the sample does', () => {
    const sample = 'CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC';
    // The sample spells the name "Example:alice@google.com" and leaves algorithm and digits unspecified;
    // written here as "alice@google.com" with explicit SHA1 / six digits. Both read as the same account.
    const ours = decodeURIComponent(formatMigrationUri([alice]).split('data=')[1]!);
    const parsedOurs = parseMigrationUri(`otpauth-migration://offline?data=${encodeURIComponent(ours)}`);
    const parsedSample = parseMigrationUri(`otpauth-migration://offline?data=${sample}`);
    expect(parsedOurs.ok && parsedOurs.accounts).toEqual(parsedSample.ok && parsedSample.accounts);
  });

  it('refuses what the format cannot carry: 7 digits, periods other than 30 s, bad accounts', () => {
    expect(() => formatMigrationUri([{ ...alice, digits: 7 }])).toThrow(expect.objectContaining({ kind: 'invalid_digits' }));
    expect(() => formatMigrationUri([{ ...alice, period: 60 }])).toThrow(expect.objectContaining({ kind: 'invalid_period' }));
    expect(() => formatMigrationUri([{ ...alice, label: '' }])).toThrow(TotpError);
    expect(() => formatMigrationUri([{ ...alice, secret: 'SHORT' }])).toThrow(expect.objectContaining({ kind: 'invalid_secret' }));
  });
});

describe('properties', () => {
  const exportable = accountArbitrary({ digits: fc.constantFrom(6, 8), period: fc.constant(30) });

  it('parse(format(accounts)) gives the accounts back, in order, for any names', () => {
    fc.assert(
      fc.property(fc.array(exportable, { maxLength: 12 }), (accounts) => {
        expect(parseMigrationUri(formatMigrationUri(accounts))).toEqual({ ok: true, accounts, skipped: 0, skippedEntries: [], batch: { size: 1, index: 0, id: 0 } });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any string or any payload bytes, and always answers with the union', () => {
    const anyLink = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary' }).map((s) => `otpauth-migration://offline?data=${s}`),
      fc.uint8Array({ maxLength: 300 }).map(link),
    );
    fc.assert(
      fc.property(anyLink, (uri) => {
        const result = parseMigrationUri(uri);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.error.message).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('mutating a valid export (flipped, dropped or inserted bytes) never throws', () => {
    fc.assert(
      fc.property(fc.array(exportable, { minLength: 1, maxLength: 3 }), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'drop', 'insert'), (accounts, at, byte, how) => {
        const data = decodeURIComponent(formatMigrationUri(accounts).split('data=')[1]!);
        const bytes = [...Buffer.from(data, 'base64')];
        const i = at % bytes.length;
        if (how === 'flip') bytes[i] = byte;
        else if (how === 'drop') bytes.splice(i, 1);
        else bytes.splice(i, 0, byte);
        const result = parseMigrationUri(link(Uint8Array.from(bytes)));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
