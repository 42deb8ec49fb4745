// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { encodeDeviceFingerprint, TERMINATE_WORKFLOW, type B2CoreClient, type TokenPair } from '../../../src/b2core';
import { DEMO, useSandbox } from '../../fixtures/sandbox';
import { failure, JWT, sandboxClient, TIME, unwrap, UUID } from './support';

/** Every method of the client against the real sandbox: the success shape of each answer. */
const sb = useSandbox();
const device = { userAgent: 'vitest' };
const GOOGLE_KEY = 'JBSWY3DPEHPK3PXP';

function expectPair(tokens: TokenPair) {
  expect(Object.keys(tokens).sort()).toEqual(['accessToken', 'refreshToken']);
  for (const token of [tokens.accessToken, tokens.refreshToken]) {
    expect(token).toEqual({ token: expect.stringMatching(JWT), createdAt: expect.stringMatching(TIME), expiresAt: expect.stringMatching(TIME) });
  }
}

async function signInDemo(client: B2CoreClient): Promise<TokenPair> {
  const wizard = unwrap(await client.signInWizard());
  const outcome = unwrap(await client.signIn({ uuid: wizard.uuid, ...DEMO, deviceFingerprint: device }));
  if (outcome.kind !== 'signed_in') throw new Error(`unexpected ${outcome.kind}`);
  return outcome.tokens;
}

async function startSignIn(client: B2CoreClient, email: string, password: string) {
  const wizard = unwrap(await client.signInWizard());
  return unwrap(await client.signIn({ uuid: wizard.uuid, email, password, deviceFingerprint: device }));
}

describe('sign-in', () => {
  it('signInWizard answers the typed envelope', async () => {
    const wizard = unwrap(await sandboxClient(sb).signInWizard());
    expect(wizard).toEqual({
      code: 202,
      data: { recaptcha: { enabled: false }, is_qr_available: false, is_password_recovery_available: true },
      done: true,
      uuid: expect.stringMatching(UUID),
      workflow: 'login',
    });
  });

  it('no 2FA: signed_in with the token pair', async () => {
    const client = sandboxClient(sb);
    const wizard = unwrap(await client.signInWizard());
    const outcome = unwrap(await client.signIn({ uuid: wizard.uuid, ...DEMO, deviceFingerprint: device }));
    expect(outcome.kind).toBe('signed_in');
    if (outcome.kind !== 'signed_in') return;
    expect(outcome.uuid).toBe(wizard.uuid);
    expectPair(outcome.tokens);
  });

  it('Google: google_code_wanted, then completeGoogle signs in', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: GOOGLE_KEY });
    const client = sandboxClient(sb);
    const outcome = await startSignIn(client, 'g@example.com', 'Passw0rd!');
    expect(outcome).toEqual({ kind: 'google_code_wanted', uuid: expect.stringMatching(UUID) });
    const done = unwrap(await client.completeGoogle({ uuid: outcome.uuid, code: await sb.googleCode(GOOGLE_KEY) }));
    expect(done.kind).toBe('signed_in');
    expect(done.uuid).toBe(outcome.uuid);
    expectPair(done.tokens);
  });

  it('SMS: sms_code_wanted, then completeSms with the code sent signs in', async () => {
    await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    const client = sandboxClient(sb);
    const outcome = await startSignIn(client, 's@example.com', 'Passw0rd!');
    expect(outcome).toEqual({ kind: 'sms_code_wanted', uuid: expect.stringMatching(UUID) });
    const done = unwrap(await client.completeSms({ uuid: outcome.uuid, code: await sb.lastCode('+15550001111') }));
    expectPair(done.tokens);
  });

  it('both: choose_method with the providers; chooseMethod leads to either code', async () => {
    await sb.createClient({ email: 'b@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true, googleKey: GOOGLE_KEY });
    const client = sandboxClient(sb);
    const first = await startSignIn(client, 'b@example.com', 'Passw0rd!');
    expect(first).toEqual({ kind: 'choose_method', uuid: expect.stringMatching(UUID), providers: ['google', 'sms'] });
    expect(unwrap(await client.chooseMethod({ uuid: first.uuid, type: 'google' }))).toEqual({ kind: 'google_code_wanted', uuid: first.uuid });

    const second = await startSignIn(client, 'b@example.com', 'Passw0rd!');
    expect(unwrap(await client.chooseMethod({ uuid: second.uuid, type: 'sms' }))).toEqual({ kind: 'sms_code_wanted', uuid: second.uuid });
    expectPair(unwrap(await client.completeSms({ uuid: second.uuid, code: await sb.lastCode('+15550001111') })).tokens);
  });

  it('device_fingerprint: a user agent is encoded as base64 JSON; a string is sent as is', async () => {
    const encoded = encodeDeviceFingerprint({ userAgent: 'Mozilla/5.0 (X11; Linux) «ü»' });
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual({ user_agent: 'Mozilla/5.0 (X11; Linux) «ü»' });
    const client = sandboxClient(sb);
    const wizard = unwrap(await client.signInWizard());
    const outcome = unwrap(await client.signIn({ uuid: wizard.uuid, ...DEMO, deviceFingerprint: encoded }));
    expect(outcome.kind).toBe('signed_in');
    const bad = unwrap(await client.signInWizard());
    const refused = failure(await client.signIn({ uuid: bad.uuid, ...DEMO, deviceFingerprint: 'bm90LWpzb24=' }));
    expect(refused).toMatchObject({ kind: 'validation', details: [{ field: 'device_fingerprint' }] });
  });

  it('refresh answers a new pair and retires the old refresh token; signOut ends the pair', async () => {
    const client = sandboxClient(sb);
    const tokens = await signInDemo(client);
    const fresh = unwrap(await client.refresh(tokens.refreshToken.token));
    expectPair(fresh);
    expect(fresh.refreshToken.token).not.toBe(tokens.refreshToken.token);
    expect(failure(await client.refresh(tokens.refreshToken.token)).kind).toBe('unauthorized');

    expect(await client.signOut(fresh.accessToken.token)).toEqual({ ok: true, value: undefined });
    expect(failure(await client.twoFactorStatus(fresh.accessToken.token)).kind).toBe('unauthorized');
  });
});

describe('2FA status and wizards', () => {
  it('twoFactorStatus and twoFactorMethod', async () => {
    const client = sandboxClient(sb);
    const { accessToken } = await signInDemo(client);
    expect(unwrap(await client.twoFactorStatus(accessToken.token))).toEqual({
      total: 2,
      data: [
        { caption: 'SMS Confirmation', isEnabled: false, name: 'sms' },
        { caption: 'Google Authenticator', isEnabled: false, name: 'google' },
      ],
    });
    expect(unwrap(await client.twoFactorMethod(accessToken.token, 'google'))).toEqual({ caption: 'Google Authenticator', isEnabled: false, name: 'google' });
  });

  it('Google: startEnable gives the key, submitCode finishes, startDisable + submitCode turns it off', async () => {
    const client = sandboxClient(sb);
    const token = (await signInDemo(client)).accessToken.token;
    const wizard = unwrap(await client.startEnable(token, 'google'));
    expect(wizard).toEqual({ code: 200, data: { key: expect.stringMatching(/^[A-Z2-7]{16}$/) }, done: false, uuid: expect.stringMatching(UUID), workflow: '2fa_google' });
    const key = wizard.data.key;
    const finished = unwrap(await client.submitCode(token, { uuid: wizard.uuid, code: await sb.googleCode(key), key }));
    expect(finished).toEqual({ code: 202, data: [], done: true, uuid: wizard.uuid, workflow: TERMINATE_WORKFLOW });
    expect(unwrap(await client.twoFactorMethod(token, 'google')).isEnabled).toBe(true);

    const disable = unwrap(await client.startDisable(token, 'google'));
    expect(disable).toEqual({ code: 200, data: null, done: false, uuid: expect.stringMatching(UUID), workflow: '2fa_google' });
    expect(unwrap(await client.submitCode(token, { uuid: disable.uuid, code: await sb.googleCode(key) })).workflow).toBe(TERMINATE_WORKFLOW);
    expect(unwrap(await client.twoFactorMethod(token, 'google')).isEnabled).toBe(false);
  });

  it('SMS: startEnable, submitPhone (the phone step data), submitCode; startDisable sends a code', async () => {
    const client = sandboxClient(sb);
    const token = (await signInDemo(client)).accessToken.token;
    const wizard = unwrap(await client.startEnable(token, 'sms'));
    expect(wizard).toEqual({ code: 200, data: null, done: false, uuid: expect.stringMatching(UUID), workflow: '2fa_sms_phone_create' });
    const phone = unwrap(await client.submitPhone(token, { uuid: wizard.uuid, phone: '+79994445561' }));
    expect(phone).toEqual({
      code: 200,
      data: {
        status: 0,
        sent: 1,
        expiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        recipient: { class: 'B2B\\TCA\\Confirmations\\Recipients\\PhoneRecipient', phone: '+79994445561', template: 'default', data: null, type: 2, method: 'phone' },
      },
      done: false,
      uuid: wizard.uuid,
      workflow: 'phone',
    });
    const finished = unwrap(await client.submitCode(token, { uuid: wizard.uuid, code: await sb.lastCode('+79994445561') }));
    expect(finished.code).toBe(202);

    const disable = unwrap(await client.startDisable(token, 'sms'));
    expect(disable).toMatchObject({ code: 200, data: null, workflow: '2fa_sms' });
    unwrap(await client.submitCode(token, { uuid: disable.uuid, code: await sb.lastCode('+79994445561') }));
    expect(unwrap(await client.twoFactorMethod(token, 'sms')).isEnabled).toBe(false);
  });
});

describe('challenges and passwords', () => {
  it('startChallenge → completeChallenge (bearer) → changePassword; the new password works', async () => {
    const client = sandboxClient(sb);
    const token = (await signInDemo(client)).accessToken.token;
    const challenge = unwrap(await client.startChallenge(token, 'changePassword'));
    expect(challenge).toEqual({ token: expect.stringMatching(UUID), provider: 'email', expiresAt: expect.stringMatching(TIME) });
    const success = unwrap(await client.completeChallenge({ token: challenge.token, code: await sb.lastCode(DEMO.email) }, token));
    expect(success).toEqual({ token: expect.stringMatching(UUID), expiresAt: expect.stringMatching(TIME) });
    expect(await client.changePassword(token, success.token, 'New-Passw0rd')).toEqual({ ok: true, value: undefined });
    expect((await startSignIn(client, DEMO.email, 'New-Passw0rd')).kind).toBe('signed_in');
  });

  it('a Google challenge is completed with an authenticator code', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: GOOGLE_KEY });
    const client = sandboxClient(sb);
    const first = await startSignIn(client, 'g@example.com', 'Passw0rd!');
    const token = unwrap(await client.completeGoogle({ uuid: first.uuid, code: await sb.googleCode(GOOGLE_KEY) })).tokens.accessToken.token;
    const challenge = unwrap(await client.startChallenge(token, 'changePassword'));
    expect(challenge.provider).toBe('google');
    expect(unwrap(await client.completeChallenge({ token: challenge.token, code: await sb.googleCode(GOOGLE_KEY) }, token)).token).toMatch(UUID);
  });

  it('startUnauthorizedChallenge → completeChallenge (no bearer) → restorePassword', async () => {
    const client = sandboxClient(sb);
    const challenge = unwrap(await client.startUnauthorizedChallenge(DEMO.email, 'restorePassword'));
    expect(challenge).toEqual({ token: expect.stringMatching(UUID), provider: 'email', expiresAt: expect.stringMatching(TIME) });
    const success = unwrap(await client.completeChallenge({ token: challenge.token, code: await sb.lastCode(DEMO.email) }));
    expect(await client.restorePassword(success.token, 'Restored-Passw0rd')).toEqual({ ok: true, value: undefined });
    expect((await startSignIn(client, DEMO.email, 'Restored-Passw0rd')).kind).toBe('signed_in');
  });
});

describe('change log', () => {
  async function twoChanges(client: B2CoreClient) {
    const token = (await signInDemo(client)).accessToken.token;
    const enable = unwrap(await client.startEnable(token, 'google'));
    unwrap(await client.submitCode(token, { uuid: enable.uuid, code: await sb.googleCode(enable.data.key), key: enable.data.key }));
    const disable = unwrap(await client.startDisable(token, 'google'));
    unwrap(await client.submitCode(token, { uuid: disable.uuid, code: await sb.googleCode(enable.data.key) }));
    return token;
  }

  it('listChanges and getChange answer the records', async () => {
    const client = sandboxClient(sb);
    const token = await twoChanges(client);
    const list = unwrap(await client.listChanges(token));
    expect(list.total).toBe(2);
    expect(list.data).toEqual([
      { id: expect.any(Number), provider: 'google', isEnabled: false, time: expect.stringMatching(TIME) },
      { id: expect.any(Number), provider: 'google', isEnabled: true, time: expect.stringMatching(TIME) },
    ]);
    expect(unwrap(await client.getChange(token, list.data[1]!.id))).toEqual(list.data[1]);
  });

  it('paging, sorting and the four filters reach the server', async () => {
    const client = sandboxClient(sb);
    const token = await twoChanges(client);
    const asc = unwrap(await client.listChanges(token, { sortOrder: 'asc', limit: 1, offset: 0 }));
    expect({ total: asc.total, enabled: asc.data.map((c) => c.isEnabled) }).toEqual({ total: 2, enabled: [true] });
    const second = unwrap(await client.listChanges(token, { sortOrder: 'asc', limit: 1, offset: 1 }));
    expect(second.data.map((c) => c.isEnabled)).toEqual([false]);
    expect(unwrap(await client.listChanges(token, { filter: { isEnabled: true } })).data.map((c) => c.isEnabled)).toEqual([true]);
    expect(unwrap(await client.listChanges(token, { filter: { provider: 'sms' } })).total).toBe(0);
    const all = unwrap(await client.listChanges(token)).data;
    const newest = Date.parse(all[0]!.time!);
    expect(unwrap(await client.listChanges(token, { filter: { timeFrom: newest, timeTo: new Date(newest) } })).data).toEqual([all[0]]);
    expect(unwrap(await client.listChanges(token, { filter: { timeFrom: all[0]!.time!, provider: 'google' } })).total).toBe(1);
    expect(unwrap(await client.listChanges(token, { filter: { timeTo: newest - 3_600_000 } })).total).toBe(0);
  });
});
