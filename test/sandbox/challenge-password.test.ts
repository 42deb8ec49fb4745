import { describe, expect, it } from 'vitest';
import { expectErrorBody, useSandbox } from '../fixtures/sandbox';

const sb = useSandbox();
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe('GET 2fa/challenge (signed in)', () => {
  it('provider follows the client: google, else sms, else email — with the code sent where it goes', async () => {
    const token = await sb.signIn();
    const email = await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token });
    expect(email.json).toEqual({ token: expect.any(String), provider: 'email', expiresAt: expect.stringMatching(TIME) });
    expect(await sb.lastCode('demo@example.com')).toMatch(/^\d{6}$/);

    await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    const smsToken = await sb.signIn('s@example.com', 'Passw0rd!');
    expect((await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token: smsToken })).json.provider).toBe('sms');

    const key = 'JBSWY3DPEHPK3PXP';
    await sb.createClient({ email: 'b@example.com', password: 'Passw0rd!', phone: '+15550002222', smsEnabled: true, googleKey: key });
    const bothToken = await sb.signIn('b@example.com', 'Passw0rd!', key);
    expect((await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token: bothToken })).json.provider).toBe('google');
  });

  it('businessProcess is required and must be changePassword: 400', async () => {
    const token = await sb.signIn();
    expectErrorBody(await sb.call('GET', '2fa/challenge', { token }), 400, 'validation_failed');
    expectErrorBody(await sb.call('GET', '2fa/challenge?businessProcess=restorePassword', { token }), 400, 'validation_failed');
  });
});

describe('change the password through a challenge', () => {
  it('email code → success token → POST password/change 204 → signed out → the new password works', async () => {
    const token = await sb.signIn();
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    expectErrorBody(await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code: '000000x' } }), 422, 'invalid_code');
    const success = await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code: await sb.lastCode('demo@example.com') } });
    expect(success.status).toBe(200);
    expect(success.json).toEqual({ token: expect.any(String), expiresAt: expect.stringMatching(TIME) });
    expect(success.json.token).not.toBe(challenge.token);

    expectErrorBody(await sb.call('POST', 'password/change', { token, body: { password: 'short1' }, headers: { successToken: success.json.token } }), 400, 'validation_failed');
    const changed = await sb.call('POST', 'password/change', { token, body: { password: 'New-Passw0rd' }, headers: { successToken: success.json.token } });
    expect(changed.status).toBe(204);
    expectErrorBody(await sb.call('GET', '2fa', { token }), 401, 'unauthorized');
    expectErrorBody(await sb.startSignIn('demo@example.com', 'Demo-Passw0rd'), 422, 'invalid_credentials');
    expect((await sb.startSignIn('demo@example.com', 'New-Passw0rd')).json.code).toBe(202);
  });

  it('a Google challenge takes an authenticator code, once', async () => {
    const key = 'JBSWY3DPEHPK3PXP';
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: key });
    const token = await sb.signIn('g@example.com', 'Passw0rd!', key);
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    const code = await sb.googleCode(key);
    expect((await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code } })).status).toBe(200);
    const second = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    expectErrorBody(await sb.call('POST', '2fa/challenge', { token, body: { token: second.token, code } }), 422, 'invalid_code');
  });

  it('success tokens: missing, unknown or used → 403; a finished challenge → 404', async () => {
    const token = await sb.signIn();
    expectErrorBody(await sb.call('POST', 'password/change', { token, body: { password: 'New-Passw0rd' } }), 403, 'invalid_success_token');
    expectErrorBody(await sb.call('POST', 'password/change', { token, body: { password: 'New-Passw0rd' }, headers: { successToken: 'nope' } }), 403, 'invalid_success_token');
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    const code = await sb.lastCode('demo@example.com');
    const success = (await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code } })).json.token;
    expectErrorBody(await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code } }), 404, 'not_found');
    expect((await sb.call('POST', 'password/change', { token, body: { password: 'New-Passw0rd' }, headers: { successToken: success } })).status).toBe(204);
    const again = await sb.signIn('demo@example.com', 'New-Passw0rd');
    expectErrorBody(await sb.call('POST', 'password/change', { token: again, body: { password: 'Other-Passw0rd1' }, headers: { successToken: success } }), 403, 'invalid_success_token');
  });

  it('a success token expires after 5 minutes, and is only good for its own operation', async () => {
    const token = await sb.signIn();
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    const success = (await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code: await sb.lastCode('demo@example.com') } })).json.token;
    expectErrorBody(await sb.call('POST', 'password/restore', { body: { password: 'New-Passw0rd' }, headers: { successToken: success } }), 403, 'invalid_success_token');
    await sb.advance(301);
    expectErrorBody(await sb.call('POST', 'password/change', { token, body: { password: 'New-Passw0rd' }, headers: { successToken: success } }), 403, 'invalid_success_token');
  });

  it('completing a signed-in challenge needs that client\'s token: none → 401, another\'s → 403', async () => {
    const token = await sb.signIn();
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    const code = await sb.lastCode('demo@example.com');
    expectErrorBody(await sb.call('POST', '2fa/challenge', { body: { token: challenge.token, code } }), 401, 'unauthorized');
    await sb.createClient({ email: 'other@example.com', password: 'Passw0rd!' });
    const other = await sb.signIn('other@example.com', 'Passw0rd!');
    expectErrorBody(await sb.call('POST', '2fa/challenge', { token: other, body: { token: challenge.token, code } }), 403, 'forbidden');
    expectErrorBody(await sb.call('POST', '2fa/challenge', { token, body: { token: 'unknown', code } }), 404, 'not_found');
  });

  it('an expired challenge: 404', async () => {
    const token = await sb.signIn();
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    const code = await sb.lastCode('demo@example.com');
    await sb.advance(301);
    expectErrorBody(await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code } }), 404, 'not_found');
  });
});

describe('restore the password (signed out)', () => {
  it('GET 2fa/unauthorized/challenge → code → POST password/restore 204 → sign in with the new password', async () => {
    const challenge = await sb.call('GET', '2fa/unauthorized/challenge?email=demo%40example.com&businessProcess=restorePassword');
    expect(challenge.json).toEqual({ token: expect.any(String), provider: 'email', expiresAt: expect.stringMatching(TIME) });
    const success = await sb.call('POST', '2fa/challenge', { body: { token: challenge.json.token, code: await sb.lastCode('demo@example.com') } });
    expect(success.status).toBe(200);
    expect((await sb.call('POST', 'password/restore', { body: { password: 'Restored-Passw0rd' }, headers: { successToken: success.json.token } })).status).toBe(204);
    expect((await sb.startSignIn('demo@example.com', 'Restored-Passw0rd')).json.code).toBe(202);
  });

  it('an unknown email gets the same shape, no message is sent, and no code succeeds', async () => {
    const challenge = await sb.call('GET', '2fa/unauthorized/challenge?email=ghost%40example.com&businessProcess=restorePassword');
    expect(challenge.json).toEqual({ token: expect.any(String), provider: 'email', expiresAt: expect.stringMatching(TIME) });
    expect((await sb.call('GET', '/__sandbox/outbox?to=ghost%40example.com')).json.data).toEqual([]);
    expectErrorBody(await sb.call('POST', '2fa/challenge', { body: { token: challenge.json.token, code: '123456' } }), 422, 'invalid_code');
  });

  it('email and businessProcess are validated: 400', async () => {
    expectErrorBody(await sb.call('GET', '2fa/unauthorized/challenge?businessProcess=restorePassword'), 400, 'validation_failed');
    expectErrorBody(await sb.call('GET', '2fa/unauthorized/challenge?email=demo%40example.com&businessProcess=changePassword'), 400, 'validation_failed');
    expectErrorBody(await sb.call('GET', '2fa/unauthorized/challenge?email=nope&businessProcess=restorePassword'), 400, 'validation_failed');
  });
});
