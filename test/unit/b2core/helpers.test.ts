// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { changesQueryString, formatSeedTime } from '../../../src/b2core/changes-query';
import { encodeDeviceFingerprint } from '../../../src/b2core/device-fingerprint';
import { kindOf, parseRetryAfter } from '../../../src/b2core/error-from-response';
import { redact } from '../../../src/b2core/redact';
import { describeOrigin } from '../../../src/b2core/request';

/** The client's small pure helpers. */
describe('changesQueryString (seed: "Get 2FA change history")', () => {
  it('writes nothing when nothing is asked', () => {
    expect(changesQueryString()).toBe('');
    expect(changesQueryString({ filter: {} })).toBe('');
  });

  it('writes the seed’s parameters, brackets literal and values encoded', () => {
    const query = changesQueryString({
      limit: 10,
      offset: 0,
      sortOrder: 'desc',
      filter: { isEnabled: false, timeFrom: Date.UTC(2022, 11, 1, 7, 23, 59, 999), timeTo: '2022-12-01T07:23:59+00:00', provider: 'sms' },
    });
    expect(query).toBe(
      '?limit=10&offset=0&sort_by=time&sort_order=desc&filter[isEnabled]=false' +
        '&filter[timeFrom]=2022-12-01T07%3A23%3A59%2B00%3A00&filter[timeTo]=2022-12-01T07%3A23%3A59%2B00%3A00&filter[provider]=sms',
    );
  });

  it('formats times as the seed does, and never throws on an invalid one', () => {
    expect(formatSeedTime(new Date('2022-01-01T00:00:00.750Z'))).toBe('2022-01-01T00:00:00+00:00');
    expect(formatSeedTime(Number.NaN)).toBe('NaN');
    expect(formatSeedTime(new Date(Number.NaN))).toBe('Invalid Date');
  });
});

describe('encodeDeviceFingerprint ([doc] sign-in)', () => {
  it('is base64 of {"user_agent": …}, UTF-8 safe', () => {
    const ua = 'Mozilla/5.0 — Ünïcode ✓';
    expect(JSON.parse(Buffer.from(encodeDeviceFingerprint({ userAgent: ua }), 'base64').toString('utf8'))).toEqual({ user_agent: ua });
  });
});

describe('error mapping', () => {
  it.each([
    [401, null, 'unauthorized'],
    [403, 'invalid_success_token', 'forbidden'],
    [404, null, 'not_found'],
    [409, 'already_enabled', 'conflict'],
    [422, 'invalid_code', 'invalid_code'],
    [422, 'code_expired', 'code_expired'],
    [422, 'invalid_credentials', 'invalid_credentials'],
    [422, 'constructor', 'validation'],
    [422, null, 'validation'],
    [400, 'invalid_json', 'validation'],
    [413, 'payload_too_large', 'validation'],
    [418, null, 'validation'],
    [429, 'rate_limited', 'rate_limited'],
    [500, 'internal_error', 'server'],
    [503, null, 'server'],
  ] as const)('%i %s → %s', (status, code, kind) => {
    expect(kindOf(status, code)).toBe(kind);
  });

  it('reads Retry-After as seconds or as an HTTP-date against Date', () => {
    expect(parseRetryAfter('600', null)).toBe(600);
    expect(parseRetryAfter(' 42 ', null)).toBe(42);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT')).toBe(30);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT')).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', null)).toBeNull();
    expect(parseRetryAfter('soon', null)).toBeNull();
    expect(parseRetryAfter(null, null)).toBeNull();
  });
});

describe('redact', () => {
  it('removes each secret, raw and JSON-escaped, longest first; ignores very short ones', () => {
    const secret = 'x"y\\z-long';
    const echoed = `code 123456, pw ${secret}, body ${JSON.stringify({ password: secret })}`;
    expect(redact(echoed, ['123456', secret])).toBe('code [redacted], pw [redacted], body {"password":"[redacted]"}');
    expect(redact('token abcdef and abc', ['abc', 'abcdef'])).toBe('token [redacted] and abc');
    expect(redact('a'.repeat(600), []).length).toBe(501);
  });
});

describe('describeOrigin', () => {
  it('names host and port only, never user information or a path', () => {
    expect(describeOrigin('https://user:secret@my.broker.com:8443/path?q=1')).toBe('my.broker.com:8443');
    expect(describeOrigin('not a url')).toBe('the B2Core server');
  });
});
