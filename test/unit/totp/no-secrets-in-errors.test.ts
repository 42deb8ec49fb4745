import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTotp,
  encodeBase32,
  formatMigrationUri,
  formatOtpauthUri,
  generateCode,
  type OtpauthAccount,
  parseMigrationUri,
  parseOtpauthUri,
  parseSecret,
} from '../../../src/totp';
import { encodeBase64 } from '../../../src/totp/base64';
import { ProtoWriter } from '../../../src/totp/protobuf';

/**
 * The project's rule (DESIGN.md "Trust rules"): secrets never appear in an error, a message or a log.
 * Every failure path of src/totp is driven with inputs that carry a secret, and everything the failure
 * exposes — message, JSON, String(), stack — is searched for any 8-character run of that secret.
 */
const WINDOW = 8;

function expectNoSecret(exposed: unknown, secret: string) {
  const text = (
    typeof exposed === 'string'
      ? exposed
      : exposed instanceof Error
        ? [exposed.message, String(exposed), exposed.stack ?? '', JSON.stringify(exposed), JSON.stringify({ ...exposed })].join('\n')
        : JSON.stringify(exposed)
  ).toUpperCase();
  const upper = secret.toUpperCase().replace(/[^A-Z2-7]/g, '');
  for (let i = 0; i + WINDOW <= upper.length; i++) expect(text, 'an error exposes part of the secret').not.toContain(upper.slice(i, i + WINDOW));
}

const key = fc.uint8Array({ minLength: 10, maxLength: 128 }).map(encodeBase32);
/** A secret spoiled in one of the ways people and pages spoil them. */
const spoiled = fc
  .tuple(key, fc.nat(), fc.constantFrom('0', '1', '8', '9', '_', '.', 'é', '=', '\u0000'), fc.constantFrom('bad', 'short', 'long', 'padding'))
  .map(([secret, at, bad, how]) => {
    const i = at % secret.length;
    if (how === 'bad') return secret.slice(0, i) + bad + secret.slice(i);
    if (how === 'short') return secret.slice(0, WINDOW + (at % 7));
    if (how === 'long') return secret.repeat(Math.ceil(210 / secret.length));
    return `${secret.slice(0, i)}=${secret.slice(i)}`;
  })
  .filter((s) => !parseSecret(s).ok);

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('no error carries a secret', () => {
  it('(the check itself catches a leak, in any case and inside an error)', () => {
    const secret = 'TPYXG33M4LOHFJHB';
    expect(() => expectNoSecret(new Error(`bad key ${secret.slice(4, 12).toLowerCase()}`), secret)).toThrow(/part of the secret/);
    expect(() => expectNoSecret({ kind: 'x', detail: secret }, secret)).toThrow(/part of the secret/);
    expect(() => expectNoSecret({ kind: 'x', detail: secret.slice(0, 7) }, secret)).not.toThrow();
  });

  it('parseSecret', () => {
    fc.assert(
      fc.property(spoiled, (secret) => {
        const result = parseSecret(secret);
        expect(result.ok).toBe(false);
        expectNoSecret(result, secret);
      }),
      { numRuns: 500 },
    );
  });

  it('generateCode: a spoiled secret, or a good secret with bad options', async () => {
    const badOptions = fc.constantFrom(
      { epochSeconds: NaN },
      { epochSeconds: -1 },
      { epochSeconds: 0, digits: 5 },
      { epochSeconds: 0, period: 0 },
      { epochSeconds: 0, algorithm: 'MD5' },
    );
    await fc.assert(
      fc.asyncProperty(spoiled, key, badOptions, async (bad, good, options) => {
        expectNoSecret(await rejection(generateCode(bad, { epochSeconds: 0 })), bad);
        expectNoSecret(await rejection(generateCode(good, options as never)), good);
      }),
      { numRuns: 300 },
    );
  });

  it('generateCode: a WebCrypto failure whose own message holds the key material', async () => {
    await fc.assert(
      fc.asyncProperty(key, async (secret) => {
        const subtle = {
          importKey: async () => {
            throw new Error(`cannot import ${secret}`);
          },
        } as unknown as SubtleCrypto;
        expectNoSecret(await rejection(createTotp({ subtle }).generateCode(secret, { epochSeconds: 0 })), secret);
      }),
      { numRuns: 50 },
    );
  });

  it('parseOtpauthUri: every way a key URI can be wrong', () => {
    const broken = fc.tuple(key, spoiled).chain(([secret, bad]) =>
      fc.constantFrom(
        [secret, `otpauth://hotp/a?secret=${secret}`],
        [secret, `otpauth://totp/?secret=${secret}`],
        [secret, `otpauth://totp/%E0%A4%A?secret=${secret}`],
        [secret, `otpauth://totp/a?secret=${secret}&algorithm=MD5`],
        [secret, `otpauth://totp/a?secret=${secret}&digits=9`],
        [secret, `otpauth://totp/a?secret=${secret}&period=0`],
        [secret, `otpauth:/totp/a?secret=${secret}`],
        [secret, `otpauth://totp/a?secret=${secret}&x=${'y'.repeat(5000)}`],
        [bad, `otpauth://totp/a?secret=${encodeURIComponent(bad)}`],
      ),
    );
    fc.assert(
      fc.property(broken, ([secret, uri]) => {
        const result = parseOtpauthUri(uri);
        expect(result.ok).toBe(false);
        expectNoSecret(result, secret);
      }),
      { numRuns: 500 },
    );
  });

  it('parseMigrationUri: malformed payloads that hold a key', () => {
    const broken = fc.tuple(fc.uint8Array({ minLength: 10, maxLength: 64 }), fc.nat()).map(([bytes, cut]) => {
      const entry = new ProtoWriter().bytes(1, bytes).string(2, 'alice').varint(6, 2).finish();
      const payload = new ProtoWriter().bytes(1, entry).finish();
      const truncated = payload.slice(0, 2 + (cut % (payload.length - 2)));
      return [encodeBase32(bytes), `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(truncated))}`] as const;
    });
    fc.assert(
      fc.property(broken, ([secret, uri]) => {
        const result = parseMigrationUri(uri);
        expectNoSecret(result.ok ? { skipped: result.skippedEntries } : result, secret);
      }),
      { numRuns: 300 },
    );
  });

  it('formatOtpauthUri and formatMigrationUri refusals', () => {
    const account = (secret: string, change: Partial<OtpauthAccount>): OtpauthAccount => ({ label: 'a', secret, algorithm: 'SHA1', digits: 6, period: 30, ...change });
    fc.assert(
      fc.property(key, spoiled, (good, bad) => {
        for (const [secret, a] of [
          [bad, account(bad, {})],
          [good, account(good, { label: '' })],
          [good, account(good, { digits: 7 })],
          [good, account(good, { period: 60 })],
        ] as const) {
          for (const format of [() => formatOtpauthUri(a), () => formatMigrationUri([a])]) {
            let thrown: unknown = null;
            try {
              format();
            } catch (error) {
              thrown = error;
            }
            if (thrown !== null) expectNoSecret(thrown, secret);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
