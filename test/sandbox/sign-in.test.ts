import { describe, expect, it } from 'vitest';
import { DEMO, expectErrorBody, fingerprint, useSandbox } from '../fixtures/sandbox';

const sb = useSandbox();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

const decodeJwt = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

function expectTokenPair(data: any, clientId: number) {
  expect(Object.keys(data).sort()).toEqual(['accessToken', 'refreshToken']);
  for (const token of [data.accessToken, data.refreshToken]) {
    expect(Object.keys(token).sort()).toEqual(['createdAt', 'expiresAt', 'token']);
    expect(token.createdAt).toMatch(TIME);
    expect(token.expiresAt).toMatch(TIME);
    expect(decodeJwt(token.token).sub).toBe(String(clientId));
  }
}

describe('GET signin/wizard', () => {
  it('answers the documented envelope with a session uuid', async () => {
    const res = await sb.call('GET', 'signin/wizard');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      code: 202,
      data: { recaptcha: { enabled: false }, is_qr_available: false, is_password_recovery_available: true },
      done: true,
      uuid: expect.stringMatching(UUID),
      workflow: 'login',
    });
  });
});

describe('POST signin: the three outcomes', () => {
  it('no 2FA: 202 with the token pair, workflow login', async () => {
    const res = await sb.startSignIn(DEMO.email, DEMO.password);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ code: 202, done: true, workflow: 'login' });
    expectTokenPair(res.json.data, 1);
  });

  it('Google only: 200, data null, workflow 2fa_google_auth', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: 'JBSWY3DPEHPK3PXP' });
    const res = await sb.startSignIn('g@example.com', 'Passw0rd!');
    expect(res.json).toEqual({ code: 200, data: null, done: false, uuid: expect.stringMatching(UUID), workflow: '2fa_google_auth' });
  });

  it('SMS only: 200, workflow 2fa_sms_auth, and a code is sent to the phone', async () => {
    await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    const res = await sb.startSignIn('s@example.com', 'Passw0rd!');
    expect(res.json).toEqual({ code: 200, data: null, done: false, uuid: expect.stringMatching(UUID), workflow: '2fa_sms_auth' });
    const outbox = await sb.call('GET', '/__sandbox/outbox?to=%2B15550001111');
    expect(outbox.json.data).toHaveLength(1);
    expect(outbox.json.data[0]).toMatchObject({ to: '+15550001111', channel: 'sms', code: expect.stringMatching(/^\d{6}$/) });
  });

  it('both methods: 200, workflow 2fa_choose with the providers', async () => {
    await sb.createClient({ email: 'b@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true, googleKey: 'JBSWY3DPEHPK3PXP' });
    const res = await sb.startSignIn('b@example.com', 'Passw0rd!');
    expect(res.json).toEqual({ code: 200, data: { providers: ['google', 'sms'] }, done: false, uuid: expect.stringMatching(UUID), workflow: '2fa_choose' });
  });

  it('wrong password or unknown email: 422 invalid_credentials, the same for both', async () => {
    expectErrorBody(await sb.startSignIn(DEMO.email, 'wrong'), 422, 'invalid_credentials');
    expectErrorBody(await sb.startSignIn('nobody@example.com', 'wrong'), 422, 'invalid_credentials');
  });

  it('emails match without regard to case', async () => {
    const res = await sb.startSignIn('DEMO@Example.com', DEMO.password);
    expect(res.json.code).toBe(202);
  });

  it('validates every field: 400 with one detail per bad field', async () => {
    const wizard = await sb.call('GET', 'signin/wizard');
    const res = await sb.call('POST', 'signin', { body: { uuid: wizard.json.uuid, email: 'not-an-email', password: '', device_fingerprint: 'bm90LWpzb24=' } });
    expectErrorBody(res, 400, 'validation_failed');
    expect(res.json.error.details.map((d: any) => d.field).sort()).toEqual(['device_fingerprint', 'email', 'password']);
  });

  it('unknown session: 404; a session used twice: 409', async () => {
    expectErrorBody(await sb.call('POST', 'signin', { body: { uuid: 'nope', email: DEMO.email, password: DEMO.password, device_fingerprint: fingerprint() } }), 404, 'not_found');
    const wizard = await sb.call('GET', 'signin/wizard');
    const body = { uuid: wizard.json.uuid, email: DEMO.email, password: DEMO.password, device_fingerprint: fingerprint() };
    expect((await sb.call('POST', 'signin', { body })).json.code).toBe(202);
    expectErrorBody(await sb.call('POST', 'signin', { body }), 409, 'wizard_step_out_of_order');
  });

  it('a sign-in session expires after 15 minutes', async () => {
    const wizard = await sb.call('GET', 'signin/wizard');
    await sb.advance(15 * 60 + 1);
    const res = await sb.call('POST', 'signin', { body: { uuid: wizard.json.uuid, email: DEMO.email, password: DEMO.password, device_fingerprint: fingerprint() } });
    expectErrorBody(res, 404, 'not_found');
  });
});

describe('attempt limits: 5 a minute, then a 10-minute block', () => {
  it('blocks the sixth password attempt with 429 and Retry-After, even a right one, then lifts', async () => {
    for (let i = 0; i < 5; i++) expectErrorBody(await sb.startSignIn(DEMO.email, `wrong-${i}`), 422, 'invalid_credentials');
    const blocked = await sb.startSignIn(DEMO.email, DEMO.password);
    expectErrorBody(blocked, 429, 'rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await sb.advance(601);
    expect((await sb.startSignIn(DEMO.email, DEMO.password)).json.code).toBe(202);
  });

  it('failures older than a minute do not count', async () => {
    for (let i = 0; i < 4; i++) await sb.startSignIn(DEMO.email, 'wrong');
    await sb.advance(61);
    for (let i = 0; i < 4; i++) expectErrorBody(await sb.startSignIn(DEMO.email, 'wrong'), 422, 'invalid_credentials');
    expect((await sb.startSignIn(DEMO.email, DEMO.password)).json.code).toBe(202);
  });

  it('blocks the sixth code attempt of a client', async () => {
    const key = 'JBSWY3DPEHPK3PXP';
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: key });
    const step = await sb.startSignIn('g@example.com', 'Passw0rd!');
    for (let i = 0; i < 5; i++) expectErrorBody(await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: '000000' } }), 422, 'invalid_code');
    const blocked = await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: await sb.googleCode(key) } });
    expectErrorBody(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(500);
  });
});

describe('POST signin/2fa (choose a method)', () => {
  const both = { email: 'b@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true, googleKey: 'JBSWY3DPEHPK3PXP' };

  it('google → 2fa_google_auth; sms → 2fa_sms_auth with a code sent', async () => {
    await sb.createClient(both);
    const first = await sb.startSignIn(both.email, both.password);
    const google = await sb.call('POST', 'signin/2fa', { body: { uuid: first.json.uuid, type: 'google' } });
    expect(google.json).toEqual({ code: 200, data: null, done: false, uuid: first.json.uuid, workflow: '2fa_google_auth' });
    const second = await sb.startSignIn(both.email, both.password);
    const sms = await sb.call('POST', 'signin/2fa', { body: { uuid: second.json.uuid, type: 'sms' } });
    expect(sms.json).toEqual({ code: 200, data: null, done: false, uuid: second.json.uuid, workflow: '2fa_sms_auth' });
    expect(await sb.lastCode(both.phone)).toMatch(/^\d{6}$/);
  });

  it('rejects a type other than google or sms (400) and a session not asking for a choice (409)', async () => {
    await sb.createClient(both);
    const step = await sb.startSignIn(both.email, both.password);
    expectErrorBody(await sb.call('POST', 'signin/2fa', { body: { uuid: step.json.uuid, type: 'email' } }), 400, 'validation_failed');
    const wizard = await sb.call('GET', 'signin/wizard');
    expectErrorBody(await sb.call('POST', 'signin/2fa', { body: { uuid: wizard.json.uuid, type: 'google' } }), 409, 'wizard_step_out_of_order');
  });
});

describe('POST 2fa/google and 2fa/sms (complete the sign-in)', () => {
  const key = 'JBSWY3DPEHPK3PXP';

  it('a right Google code: 202 with tokens, workflow login; the same code never again (RFC 6238 §5.2)', async () => {
    const client = await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: key });
    const step = await sb.startSignIn('g@example.com', 'Passw0rd!');
    const code = await sb.googleCode(key);
    expectErrorBody(await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: code === '123456' ? '654321' : '123456' } }), 422, 'invalid_code');
    const done = await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code } });
    expect(done.json).toMatchObject({ code: 202, done: true, uuid: step.json.uuid, workflow: 'login' });
    expectTokenPair(done.json.data, client.id);
    const again = await sb.startSignIn('g@example.com', 'Passw0rd!');
    expectErrorBody(await sb.call('POST', '2fa/google', { body: { uuid: again.json.uuid, code } }), 422, 'invalid_code');
  });

  it('accepts the previous and the next step (±1), not two steps away', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: key });
    const { totp } = await import('../fixtures/rfc6238');
    const step = await sb.startSignIn('g@example.com', 'Passw0rd!');
    expectErrorBody(await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: totp(key, sb.now() - 75_000) } }), 422, 'invalid_code');
    const previous = await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: totp(key, sb.now() - 30_000) } });
    expect(previous.json.code).toBe(202);
    const next = await sb.startSignIn('g@example.com', 'Passw0rd!');
    expect((await sb.call('POST', '2fa/google', { body: { uuid: next.json.uuid, code: totp(key, sb.now() + 30_000) } })).json.code).toBe(202);
  });

  it('2fa/google on a session that waits for SMS: 409; before the password: 409', async () => {
    await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    const step = await sb.startSignIn('s@example.com', 'Passw0rd!');
    expectErrorBody(await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: '123456' } }), 409, 'wizard_step_out_of_order');
    const wizard = await sb.call('GET', 'signin/wizard');
    expectErrorBody(await sb.call('POST', '2fa/sms', { body: { uuid: wizard.json.uuid, code: '123456' } }), 409, 'wizard_step_out_of_order');
  });

  it('an SMS code: right → 202; wrong → 422; after 5 minutes → 422 code_expired', async () => {
    const client = await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    const step = await sb.startSignIn('s@example.com', 'Passw0rd!');
    const code = await sb.lastCode('+15550001111');
    expectErrorBody(await sb.call('POST', '2fa/sms', { body: { uuid: step.json.uuid, code: code === '000000' ? '111111' : '000000' } }), 422, 'invalid_code');
    const done = await sb.call('POST', '2fa/sms', { body: { uuid: step.json.uuid, code } });
    expect(done.json).toMatchObject({ code: 202, done: true, workflow: 'login' });
    expectTokenPair(done.json.data, client.id);
    const late = await sb.startSignIn('s@example.com', 'Passw0rd!');
    await sb.advance(301);
    expectErrorBody(await sb.call('POST', '2fa/sms', { body: { uuid: late.json.uuid, code: await sb.lastCode('+15550001111') } }), 422, 'code_expired');
  });

  it('missing code or uuid: 400 naming the field', async () => {
    const res = await sb.call('POST', '2fa/google', { body: { uuid: 'x' } });
    expectErrorBody(res, 400, 'validation_failed');
    expect(res.json.error.details).toEqual([{ field: 'code', issue: expect.any(String) }]);
  });
});

describe('POST refresh and POST signout', () => {
  it('refresh answers a new pair and retires the old refresh token', async () => {
    const first = await sb.startSignIn(DEMO.email, DEMO.password);
    const refreshToken = first.json.data.refreshToken.token;
    const res = await sb.call('POST', 'refresh', { body: { refreshToken } });
    expect(res.json).toMatchObject({ code: 202, done: true, workflow: 'login', uuid: expect.stringMatching(UUID) });
    expectTokenPair(res.json.data, 1);
    expect((await sb.call('GET', '2fa', { token: res.json.data.accessToken.token })).status).toBe(200);
    expectErrorBody(await sb.call('POST', 'refresh', { body: { refreshToken } }), 401, 'unauthorized');
    expectErrorBody(await sb.call('GET', '2fa', { token: first.json.data.accessToken.token }), 401, 'unauthorized');
  });

  it('an access token is not a refresh token, and a forged one is refused', async () => {
    const token = await sb.signIn();
    expectErrorBody(await sb.call('POST', 'refresh', { body: { refreshToken: token } }), 401, 'unauthorized');
    const [h, p] = token.split('.');
    expectErrorBody(await sb.call('GET', '2fa', { token: `${h}.${p}.forged` }), 401, 'unauthorized');
  });

  it('signout answers 204 and the tokens stop working', async () => {
    const token = await sb.signIn();
    const res = await sb.call('POST', 'signout', { token });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectErrorBody(await sb.call('GET', '2fa', { token }), 401, 'unauthorized');
    expectErrorBody(await sb.call('POST', 'signout', { token }), 401, 'unauthorized');
  });

  it('an access token expires after an hour', async () => {
    const token = await sb.signIn();
    await sb.advance(3601);
    expectErrorBody(await sb.call('GET', '2fa', { token }), 401, 'unauthorized');
  });
});
