// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiResult, B2CoreClient, FetchLike } from '../../../src/b2core';
import { DEMO, useSandbox } from '../../fixtures/sandbox';
import { fakeClient, failure, sandboxClient, unwrap } from './support';

/**
 * Trust rule: no password, key, token or code that was sent ever shows in an error (its JSON), nor in
 * a URL. Checked on the real sandbox's refusals, and as a property against a hostile server that
 * echoes the whole request — body and headers, raw and JSON-escaped — into every field it answers.
 */
const sb = useSandbox();
const device = { userAgent: 'vitest' };
const GOOGLE_KEY = 'JBSWY3DPEHPK3PXP';

/** Every string in a value, keys included. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)])
      : [];

function expectClean(result: ApiResult<unknown>, secrets: string[]) {
  const error = failure(result);
  const texts = [JSON.stringify(error), ...strings(error)];
  for (const secret of secrets) {
    for (const text of texts) {
      expect(text, 'raw').not.toContain(secret);
      expect(text, 'JSON-escaped').not.toContain(JSON.stringify(secret).slice(1, -1));
    }
  }
}

describe('the sandbox’s refusals hold no secret', () => {
  it.each([
    ['a wrong password', async (c: B2CoreClient) => {
      const wizard = unwrap(await c.signInWizard());
      const password = 'Wr0ng-Passw0rd-xyz';
      return [await c.signIn({ uuid: wizard.uuid, email: DEMO.email, password, deviceFingerprint: device }), [password]] as const;
    }],
    ['a forged bearer token', async (c: B2CoreClient) => {
      const token = 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.Zm9yZ2Vk';
      return [await c.twoFactorStatus(token), [token]] as const;
    }],
    ['a forged refresh token', async (c: B2CoreClient) => {
      const token = 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.cmVmcmVzaA';
      return [await c.refresh(token), [token]] as const;
    }],
    ['a wrong code and an unknown challenge token', async (c: B2CoreClient) => {
      const token = '893f59c2-5905-436c-8ee2-643c4a69555f';
      return [await c.completeChallenge({ token, code: '574481' }), [token, '574481']] as const;
    }],
  ])('%s', async (_name, scenario) => {
    const [result, secrets] = await scenario(sandboxClient(sb));
    expectClean(result, [...secrets]);
  });

  it('a wrong key and code in the enable step, and a forged success token with a new password', async () => {
    const client = sandboxClient(sb);
    const wizard = unwrap(await client.signInWizard());
    const outcome = unwrap(await client.signIn({ uuid: wizard.uuid, ...DEMO, deviceFingerprint: device }));
    if (outcome.kind !== 'signed_in') throw new Error('demo has no 2FA');
    const access = outcome.tokens.accessToken.token;
    const enable = unwrap(await client.startEnable(access, 'google'));
    expectClean(await client.submitCode(access, { uuid: enable.uuid, code: '123456', key: GOOGLE_KEY }), [access, '123456', GOOGLE_KEY, enable.data.key]);
    expectClean(await client.submitCode(access, { uuid: enable.uuid, code: '654321', key: enable.data.key }), [access, '654321', enable.data.key]);
    const success = 'e1b7a0f4-1d0c-4a57-9d1e-2b5f2f0c9a11';
    expectClean(await client.changePassword(access, success, 'Brand-New-Passw0rd'), [access, success, 'Brand-New-Passw0rd']);
  });
});

/** The request as a hostile server sees it, written back into every field of its error answer. */
const echoing =
  (status: number, urls: string[]): FetchLike =>
  async (url, init) => {
    urls.push(url);
    const seen = `${String(init.body)} ${JSON.stringify(init.headers)}`;
    const body = status < 300 ? { code: 202, data: seen, done: true, uuid: seen, workflow: seen } : { error: { code: seen, message: `You sent ${seen}`, details: [{ field: seen, issue: seen }] } };
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Retry-After': '600' } });
  };

const password = fc.stringMatching(/^[\w!"#$%&'()*+,\-./:;<=>?@[\\\]^`{|}~ ]{8,40}$/).filter((s) => s.trim().length >= 8);
const code = fc.stringMatching(/^\d{6}$/);
const key = fc.stringMatching(/^[A-Z2-7]{16,32}$/);
const token = fc.stringMatching(/^[\w-]{16,60}\.[\w-]{8,40}\.[\w-]{8,40}$/);

type Call = [name: string, run: (c: B2CoreClient) => Promise<ApiResult<unknown>>, secrets: string[]];
const calls = fc.record({ password, code, key, access: token, other: token }).chain((s) =>
  fc.constantFrom<Call>(
    ['signIn', (c) => c.signIn({ uuid: 'u-1', email: DEMO.email, password: s.password, deviceFingerprint: device }), [s.password]],
    ['completeGoogle', (c) => c.completeGoogle({ uuid: 'u-1', code: s.code }), [s.code]],
    ['completeSms', (c) => c.completeSms({ uuid: 'u-1', code: s.code }), [s.code]],
    ['refresh', (c) => c.refresh(s.other), [s.other]],
    ['signOut', (c) => c.signOut(s.access), [s.access]],
    ['twoFactorStatus', (c) => c.twoFactorStatus(s.access), [s.access]],
    ['startEnable', (c) => c.startEnable(s.access, 'google'), [s.access]],
    ['submitCode', (c) => c.submitCode(s.access, { uuid: 'u-1', code: s.code, key: s.key }), [s.access, s.code, s.key]],
    ['completeChallenge', (c) => c.completeChallenge({ token: s.other, code: s.code }, s.access), [s.access, s.other, s.code]],
    ['changePassword', (c) => c.changePassword(s.access, s.other, s.password), [s.access, s.other, s.password]],
    ['restorePassword', (c) => c.restorePassword(s.other, s.password), [s.other, s.password]],
    ['listChanges', (c) => c.listChanges(s.access, { limit: 5 }), [s.access]],
  ),
);

describe('a hostile server that echoes the request cannot make an error leak it', () => {
  it('holds for every method that sends a secret, every refusal status and a wrong-shaped success', async () => {
    await fc.assert(
      fc.asyncProperty(calls, fc.constantFrom(200, 400, 401, 403, 404, 409, 413, 422, 429, 500, 503), async ([_name, run, secrets], status) => {
        const urls: string[] = [];
        const result = await run(fakeClient(echoing(status, urls)));
        // A 200 to an operation that answers nothing (signOut, password change) is a success.
        if (!result.ok) expectClean(result, secrets);
        for (const url of urls) for (const secret of secrets) expect(url).not.toContain(encodeURIComponent(secret));
        for (const url of urls) for (const secret of secrets) expect(url).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});
