import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectErrorBody, useSandbox } from '../fixtures/sandbox';

const sb = useSandbox();

/** Every JSON-taking endpoint; `auth` marks those that need a bearer token first. */
const POSTS: [string, boolean][] = [
  ['signin', false],
  ['signin/2fa', false],
  ['2fa/google', false],
  ['2fa/sms', false],
  ['refresh', false],
  ['2fa/challenge', false],
  ['password/restore', false],
  ['2fa/wizard', true],
  ['password/change', true],
  ['/__sandbox/clients', false],
  ['/__sandbox/clock', false],
];

describe('bad bodies get a 400 that says what is wrong', () => {
  it.each(POSTS)('POST %s: malformed, empty, non-object and oversized bodies', async (path, auth) => {
    const token = auth ? await sb.signIn() : null;
    const malformed = await sb.call('POST', path, { token, raw: '{"uuid": "x",}' });
    expectErrorBody(malformed, 400, 'invalid_json');
    expect(malformed.json.error.message).toMatch(/not valid JSON/);
    expectErrorBody(await sb.call('POST', path, { token, raw: '' }), 400, 'invalid_json');
    for (const raw of ['[]', '42', '"text"', 'null']) expectErrorBody(await sb.call('POST', path, { token, raw }), 400, 'validation_failed');
    expectErrorBody(await sb.call('POST', path, { token, raw: JSON.stringify({ pad: 'x'.repeat(70_000) }) }), 413, 'payload_too_large');
  });

  it('a field of the wrong type is named in details', async () => {
    const res = await sb.call('POST', '2fa/google', { body: { uuid: 42, code: ['1'] } });
    expectErrorBody(res, 400, 'validation_failed');
    expect(res.json.error.details.map((d: any) => d.field).sort()).toEqual(['code', 'uuid']);
  });
});

describe('unknown routes and methods', () => {
  it('answer a JSON 404, never HTML', async () => {
    for (const [method, path] of [
      ['GET', 'nothing'],
      ['GET', 'signin'],
      ['DELETE', '2fa'],
      ['PUT', '2fa/wizard'],
      ['GET', '/__sandbox/secret'],
    ] as const) {
      const res = await sb.call(method, path);
      expectErrorBody(res, 404, 'not_found');
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
  });
});

describe('property: no input produces a 5xx, and every failure is the documented error body', () => {
  const jsonBodies = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    fc.record(
      {
        uuid: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
        email: fc.oneof(fc.emailAddress(), fc.string()),
        password: fc.string(),
        code: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.string(), fc.constant(null)),
        type: fc.oneof(fc.constantFrom('google', 'sms'), fc.string()),
        action: fc.oneof(fc.constant('code'), fc.string()),
        key: fc.string(),
        phone: fc.oneof(fc.stringMatching(/^\+[1-9]\d{6,14}$/), fc.string()),
        token: fc.string(),
        refreshToken: fc.string(),
        device_fingerprint: fc.oneof(fc.base64String(), fc.string()),
        offsetSeconds: fc.oneof(fc.integer(), fc.double()),
        googleKey: fc.string(),
        smsEnabled: fc.anything(),
      },
      { requiredKeys: [] },
    ).map((v) => JSON.stringify(v)),
  );

  function assertSane(status: number, text: string) {
    expect(status).toBeLessThan(500);
    if (status >= 400) {
      const body = JSON.parse(text);
      expect(typeof body.error.code).toBe('string');
      expect(typeof body.error.message).toBe('string');
      expect(text).not.toMatch(/at .+\.ts:\d+|node_modules/);
    }
  }

  it('random bodies to every POST endpoint, signed in and not', async () => {
    const token = await sb.signIn();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POSTS.map(([p]) => p)), jsonBodies, fc.boolean(), async (path, raw, withToken) => {
        const res = await sb.call('POST', path, { raw, token: withToken ? token : null });
        assertSane(res.status, res.text);
      }),
      { numRuns: 300 },
    );
  });

  it('random query strings and path segments to every GET endpoint', async () => {
    const token = await sb.signIn();
    const paths = ['2fa', '2fa/changes', '2fa/challenge', '2fa/unauthorized/challenge', '/__sandbox/outbox'];
    const param = fc.constantFrom('limit', 'offset', 'sort_by', 'sort_order', 'filter[isEnabled]', 'filter[timeFrom]', 'filter[timeTo]', 'filter[provider]', 'businessProcess', 'email', 'to');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...paths), fc.string({ maxLength: 20 }).map((s) => `2fa/${encodeURIComponent(s)}`), fc.string({ maxLength: 20 }).map((s) => `2fa/changes/${encodeURIComponent(s)}`)),
        fc.array(fc.tuple(param, fc.string({ maxLength: 30 })), { maxLength: 5 }),
        async (path, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const res = await sb.call('GET', query ? `${path}?${query}` : path, { token });
          assertSane(res.status, res.text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
