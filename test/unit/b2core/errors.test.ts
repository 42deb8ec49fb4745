// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { B2CoreClient, FetchLike } from '../../../src/b2core';
import { DEMO, useSandbox } from '../../fixtures/sandbox';
import { answering, fakeClient, failure, sandboxClient, unwrap } from './support';

/**
 * Every kind of B2CoreError: the server's refusals from the real sandbox, and what a healthy
 * sandbox never does (5xx, a dead network, silence, a wrong answer) from small fake fetches.
 */
const sb = useSandbox();
const device = { userAgent: 'vitest' };
const GOOGLE_KEY = 'JBSWY3DPEHPK3PXP';

async function demoToken(client: B2CoreClient): Promise<string> {
  const wizard = unwrap(await client.signInWizard());
  const outcome = unwrap(await client.signIn({ uuid: wizard.uuid, ...DEMO, deviceFingerprint: device }));
  if (outcome.kind !== 'signed_in') throw new Error('demo has no 2FA');
  return outcome.tokens.accessToken.token;
}

async function passwordStep(client: B2CoreClient, email: string, password: string) {
  const wizard = unwrap(await client.signInWizard());
  return client.signIn({ uuid: wizard.uuid, email, password, deviceFingerprint: device });
}

describe('errors the server answers', () => {
  it('invalid_code: a wrong authenticator code', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: GOOGLE_KEY });
    const client = sandboxClient(sb);
    const step = unwrap(await passwordStep(client, 'g@example.com', 'Passw0rd!'));
    const error = failure(await client.completeGoogle({ uuid: step.uuid, code: '000000' }));
    expect(error).toEqual({
      kind: 'invalid_code',
      status: 422,
      code: 'invalid_code',
      message: 'The code is wrong. Check it and try again.',
      details: [{ field: 'code', issue: 'does not match' }],
    });
  });

  it('code_expired: an SMS code after its 5 minutes', async () => {
    await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    const client = sandboxClient(sb);
    const step = unwrap(await passwordStep(client, 's@example.com', 'Passw0rd!'));
    const code = await sb.lastCode('+15550001111');
    await sb.advance(301);
    expect(failure(await client.completeSms({ uuid: step.uuid, code }))).toMatchObject({ kind: 'code_expired', status: 422, code: 'code_expired' });
  });

  it('invalid_credentials: a wrong password', async () => {
    const error = failure(await passwordStep(sandboxClient(sb), DEMO.email, 'Wrong-passw0rd'));
    expect(error).toMatchObject({ kind: 'invalid_credentials', status: 422, message: 'The email or password is wrong.' });
  });

  it('rate_limited: the sixth attempt after five failures, with Retry-After ≈ 600 s', async () => {
    const client = sandboxClient(sb);
    for (let i = 0; i < 5; i++) expect(failure(await passwordStep(client, DEMO.email, 'Wrong-passw0rd')).kind).toBe('invalid_credentials');
    const error = failure(await passwordStep(client, DEMO.email, DEMO.password));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, code: 'rate_limited', message: expect.stringMatching(/Too many attempts/) });
    if (error.kind !== 'rate_limited') return;
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(595);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it('rate_limited reads Retry-After as an HTTP-date against the answer’s Date, and copes without it', async () => {
    const date = 'Thu, 01 Jan 2026 00:00:00 GMT';
    const asDate = fakeClient(answering(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { Date: date, 'Retry-After': 'Thu, 01 Jan 2026 00:02:00 GMT' }));
    expect(failure(await asDate.signInWizard())).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120, message: 'Slow down.' });
    const without = fakeClient(answering(429, ''));
    expect(failure(await without.signInWizard())).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: null, code: null });
  });

  it('unauthorized: a token the server does not know', async () => {
    const error = failure(await sandboxClient(sb).twoFactorStatus('not.a.token'));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'unauthorized', message: expect.stringMatching(/Sign in/) });
  });

  it('forbidden: a success token that does not exist, and another client’s challenge (the code is kept)', async () => {
    const client = sandboxClient(sb);
    const token = await demoToken(client);
    expect(failure(await client.changePassword(token, '00000000-0000-4000-8000-000000000000', 'New-Passw0rd'))).toMatchObject({
      kind: 'forbidden',
      status: 403,
      code: 'invalid_success_token',
      details: [{ field: 'successToken', issue: 'invalid' }],
    });
    await sb.createClient({ email: 'other@example.com', password: 'Passw0rd!' });
    const other = unwrap(await passwordStep(client, 'other@example.com', 'Passw0rd!'));
    if (other.kind !== 'signed_in') throw new Error('no 2FA expected');
    const challenge = unwrap(await client.startChallenge(token, 'changePassword'));
    const error = failure(await client.completeChallenge({ token: challenge.token, code: '123456' }, other.tokens.accessToken.token));
    expect(error).toMatchObject({ kind: 'forbidden', code: 'forbidden' });
  });

  it('not_found: an unknown change id and an unknown sign-in session', async () => {
    const client = sandboxClient(sb);
    const token = await demoToken(client);
    expect(failure(await client.getChange(token, 999))).toMatchObject({ kind: 'not_found', status: 404, code: 'not_found' });
    expect(failure(await client.chooseMethod({ uuid: '00000000-0000-4000-8000-000000000000', type: 'google' }))).toMatchObject({
      kind: 'not_found',
      details: [{ field: 'uuid', issue: 'unknown' }],
    });
  });

  it('conflict: already enabled, not enabled, step out of order — the machine code is kept', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: GOOGLE_KEY });
    const client = sandboxClient(sb);
    const step = unwrap(await passwordStep(client, 'g@example.com', 'Passw0rd!'));
    expect(failure(await client.chooseMethod({ uuid: step.uuid, type: 'sms' }))).toMatchObject({ kind: 'conflict', status: 409, code: 'wizard_step_out_of_order' });
    const token = unwrap(await client.completeGoogle({ uuid: step.uuid, code: await sb.googleCode(GOOGLE_KEY) })).tokens.accessToken.token;
    expect(failure(await client.startEnable(token, 'google'))).toMatchObject({ kind: 'conflict', code: 'already_enabled' });
    expect(failure(await client.startDisable(token, 'sms'))).toMatchObject({ kind: 'conflict', code: 'not_enabled' });
  });

  it('validation: the server’s details, field by field', async () => {
    const client = sandboxClient(sb);
    const token = await demoToken(client);
    const wizard = unwrap(await client.startEnable(token, 'sms'));
    const error = failure(await client.submitPhone(token, { uuid: wizard.uuid, phone: 'call me' }));
    expect(error).toMatchObject({ kind: 'validation', status: 400, code: 'validation_failed' });
    if (error.kind !== 'validation') return;
    expect(error.details.map((d) => d.field)).toContain('phone');
    expect(error.message).toMatch(/phone/);
    expect(failure(await client.listChanges(token, { limit: 0 }))).toMatchObject({ kind: 'validation', details: [{ field: 'limit' }] });
    expect(failure(await client.listChanges(token, { filter: { timeFrom: new Date(Number.NaN) } }))).toMatchObject({
      kind: 'validation',
      details: [{ field: 'filter[timeFrom]' }],
    });
  });

  it('validation: a 413 or an unlisted 4xx is a refusal of the request as sent', async () => {
    expect(failure(await fakeClient(answering(413, { error: { code: 'payload_too_large', message: 'Too large.' } })).signInWizard())).toMatchObject({
      kind: 'validation',
      status: 413,
      code: 'payload_too_large',
    });
    expect(failure(await fakeClient(answering(422, { error: { code: 'something_new' } })).signInWizard())).toMatchObject({
      kind: 'validation',
      status: 422,
      code: 'something_new',
      message: 'The server refused the request as it was sent.',
    });
  });
});

describe('errors of the way there', () => {
  it('server: a 500 with the error body keeps its message; a 502 page is not copied', async () => {
    const json = fakeClient(answering(500, { error: { code: 'internal_error', message: 'The sandbox failed unexpectedly; see its log.', details: [] } }));
    expect(failure(await json.twoFactorStatus('t0ken-t0ken'))).toEqual({
      kind: 'server',
      status: 500,
      code: 'internal_error',
      message: 'The sandbox failed unexpectedly; see its log.',
      details: [],
    });
    const html = fakeClient(answering(502, '<html><body>Bad gateway: upstream said secret stuff</body></html>'));
    const error = failure(await html.twoFactorStatus('t0ken-t0ken'));
    expect(error).toEqual({ kind: 'server', status: 502, code: null, message: 'The server failed. Try again later.', details: [] });
  });

  it('network: fetch rejects (or throws at once), or nothing listens', async () => {
    const rejecting: FetchLike = () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED 10.0.0.1'));
    const throwing: FetchLike = () => {
      throw new TypeError('Illegal invocation');
    };
    for (const fetchFn of [rejecting, throwing]) {
      const error = failure(await fakeClient(fetchFn).signInWizard());
      expect(error).toEqual({ kind: 'network', message: 'Could not reach 127.0.0.1:9. Check the connection and that the site is up.' });
    }
    const closed = sandboxClient(sb, { origin: 'http://127.0.0.1:1' });
    expect(failure(await closed.signInWizard()).kind).toBe('network');
  });

  it('timeout: no answer within timeoutMs (the request is aborted)', async () => {
    let aborted = false;
    const silent: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    const started = Date.now();
    const error = failure(await fakeClient(silent, { timeoutMs: 50 }).signInWizard());
    expect(error).toEqual({ kind: 'timeout', timeoutMs: 50, message: '127.0.0.1:9 did not answer within 50 ms.' });
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bad_response: not JSON', async () => {
    const error = failure(await fakeClient(answering(200, '<html>maintenance</html>')).signInWizard());
    expect(error).toEqual({ kind: 'bad_response', status: 200, path: '$', message: "The server's answer is not what the B2Core API documents (not JSON at $)." });
  });

  it('bad_response: the wrong shape names the path, never the value', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl';
    const pair = (access: unknown) => ({
      accessToken: { token: access, createdAt: '2022-01-01T00:00:00+00:00', expiresAt: '2022-01-01T00:00:00+00:00' },
      refreshToken: { token, createdAt: 'yesterday', expiresAt: '2022-01-01T00:00:00+00:00' },
    });
    const login = (data: unknown) => answering(200, { code: 202, data, done: true, uuid: 'u-1', workflow: 'login' });
    const cases: [FetchLike, (c: B2CoreClient) => Promise<unknown>, string][] = [
      [login(pair(42)), (c) => c.refresh(token), 'data.accessToken.token'],
      [login(pair(token)), (c) => c.refresh(token), 'data.refreshToken.createdAt'],
      [answering(200, { code: 200, data: null, done: false, uuid: 'u-1', workflow: 'mystery' }), (c) => c.signIn({ uuid: 'u-1', ...DEMO, deviceFingerprint: device }), 'workflow'],
      [answering(200, { code: 200, data: { key: `${token}!` }, done: false, uuid: 'u-1', workflow: '2fa_google' }), (c) => c.startEnable('t0ken', 'google'), 'data.key'],
      [answering(200, { code: 200, data: null, done: false, uuid: 'u-1', workflow: '2fa_sms_phone_create' }), (c) => c.startEnable('t0ken', 'google'), 'workflow'],
      [answering(200, { total: 1, data: [{ caption: 'Email', isEnabled: true, name: 'email' }] }), (c) => c.twoFactorStatus('t0ken'), 'data.0.name'],
      [answering(200, { expiresAt: '2022-01-01T00:00:00+00:00' }), (c) => c.completeChallenge({ token: 't', code: '123456' }), 'token'],
      [answering(200, { id: '1', provider: 'sms', isEnabled: false, time: null }), (c) => c.getChange('t0ken', 1), 'id'],
    ];
    for (const [fetchFn, call, path] of cases) {
      const error = failure((await call(fakeClient(fetchFn))) as never);
      expect(error, path).toMatchObject({ kind: 'bad_response', status: 200, path });
      expect(JSON.stringify(error)).not.toContain(token);
      expect(JSON.stringify(error)).not.toContain('yesterday');
    }
  });

  it('seed variants are read: SMS spelled "SMS", the success token as "successToken", a change without time', async () => {
    const status = fakeClient(answering(200, { total: 1, data: [{ caption: 'SMS Confirmation', isEnabled: true, name: 'SMS' }] }));
    expect(unwrap(await status.twoFactorStatus('t0ken')).data[0]!.name).toBe('sms');
    const success = fakeClient(answering(200, { successToken: 'st-1', expiresAt: '2022-01-01T00:00:00+00:00' }));
    expect(unwrap(await success.completeChallenge({ token: 't', code: '123456' }))).toEqual({ token: 'st-1', expiresAt: '2022-01-01T00:00:00+00:00' });
    const change = fakeClient(answering(200, { id: 1, provider: 'sms', isEnabled: false, time: null, extra: 'dropped' }));
    expect(unwrap(await change.getChange('t0ken', 1))).toEqual({ id: 1, provider: 'sms', isEnabled: false, time: null });
  });
});
