import { describe, expect, it } from 'vitest';
import { DEMO, expectErrorBody, useSandbox } from '../fixtures/sandbox';
import { totp } from '../fixtures/rfc6238';

const sb = useSandbox();

describe('POST /__sandbox/clients', () => {
  it('creates a client: 201 {id, email}; the email is then taken (409)', async () => {
    const res = await sb.call('POST', '/__sandbox/clients', { body: { email: 'new@example.com', password: 'x' } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: 2, email: 'new@example.com' });
    expectErrorBody(await sb.call('POST', '/__sandbox/clients', { body: { email: 'NEW@example.com', password: 'y' } }), 409, 'email_taken');
    expectErrorBody(await sb.call('POST', '/__sandbox/clients', { body: { email: DEMO.email, password: 'y' } }), 409, 'email_taken');
  });

  it('googleKey enables Google with that key (normalised); smsEnabled needs a phone', async () => {
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: 'jbsw y3dp ehpk 3pxp' });
    const step = await sb.startSignIn('g@example.com', 'Passw0rd!');
    expect(step.json.workflow).toBe('2fa_google_auth');
    await sb.advance(30);
    const done = await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: totp('JBSWY3DPEHPK3PXP', sb.now()) } });
    expect(done.json.code).toBe(202);
    const noPhone = await sb.call('POST', '/__sandbox/clients', { body: { email: 's@example.com', password: 'x', smsEnabled: true } });
    expectErrorBody(noPhone, 400, 'validation_failed');
    expect(noPhone.json.error.details[0].field).toBe('phone');
  });

  it('rejects bad input with 400 naming each field', async () => {
    const res = await sb.call('POST', '/__sandbox/clients', { body: { email: 'x', password: '', googleKey: '0189', phone: '123', smsEnabled: 'yes' } });
    expectErrorBody(res, 400, 'validation_failed');
    expect(res.json.error.details.map((d: any) => d.field).sort()).toEqual(['email', 'googleKey', 'password', 'phone', 'smsEnabled']);
  });
});

describe('GET /__sandbox/outbox', () => {
  it('lists messages oldest first, filtered by recipient', async () => {
    await sb.createClient({ email: 's@example.com', password: 'Passw0rd!', phone: '+15550001111', smsEnabled: true });
    await sb.startSignIn('s@example.com', 'Passw0rd!');
    const token = await sb.signIn();
    await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token });
    await sb.startSignIn('s@example.com', 'Passw0rd!');
    const all = (await sb.call('GET', '/__sandbox/outbox')).json.data;
    expect(all.map((m: any) => [m.to, m.channel])).toEqual([
      ['+15550001111', 'sms'],
      ['demo@example.com', 'email'],
      ['+15550001111', 'sms'],
    ]);
    for (const m of all) {
      expect(Object.keys(m).sort()).toEqual(['channel', 'code', 'sentAt', 'text', 'to']);
      expect(m.text).toContain(m.code);
    }
    expect((await sb.call('GET', '/__sandbox/outbox?to=%2B15550001111')).json.data).toHaveLength(2);
    // An unencoded + reads as a space in a query string; the phone is found all the same.
    expect((await sb.call('GET', '/__sandbox/outbox?to=+15550001111')).json.data).toHaveLength(2);
    expect((await sb.call('GET', '/__sandbox/outbox?to=demo%40example.com')).json.data).toHaveLength(1);
  });
});

describe('POST /__sandbox/clock', () => {
  it('moves the Date header and the TOTP clock by offsetSeconds', async () => {
    const before = Date.parse((await sb.call('GET', 'signin/wizard')).headers.get('date')!);
    await sb.setClock(-90);
    const after = Date.parse((await sb.call('GET', 'signin/wizard')).headers.get('date')!);
    expect(Math.round((before - after) / 1000)).toBeGreaterThanOrEqual(89);
    expect(Math.round((before - after) / 1000)).toBeLessThanOrEqual(91);
    const key = 'JBSWY3DPEHPK3PXP';
    await sb.createClient({ email: 'g@example.com', password: 'Passw0rd!', googleKey: key });
    const step = await sb.startSignIn('g@example.com', 'Passw0rd!');
    // A code for the real time is three steps ahead of the skewed server: refused.
    expectErrorBody(await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: totp(key, Date.now()) } }), 422, 'invalid_code');
    expect((await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: totp(key, Date.now() - 90_000) } })).json.code).toBe(202);
  });

  it('rejects an offset that is not a whole number: 400', async () => {
    expectErrorBody(await sb.call('POST', '/__sandbox/clock', { body: { offsetSeconds: 1.5 } }), 400, 'validation_failed');
    expectErrorBody(await sb.call('POST', '/__sandbox/clock', { body: { offsetSeconds: '30' } }), 400, 'validation_failed');
  });
});

describe('POST /__sandbox/reset', () => {
  it('returns to the start state: only the demo client, no 2FA, empty outbox and log, clock at 0', async () => {
    await sb.createClient({ email: 'gone@example.com', password: 'Passw0rd!' });
    const token = await sb.signIn();
    await sb.enableGoogle(token);
    await sb.setClock(3600);
    expect((await sb.call('POST', '/__sandbox/reset')).status).toBe(204);
    const date = Date.parse((await sb.call('GET', 'signin/wizard')).headers.get('date')!);
    expect(Math.abs(date - Date.now())).toBeLessThan(2000);
    expectErrorBody(await sb.startSignIn('gone@example.com', 'Passw0rd!'), 422, 'invalid_credentials');
    const demo = await sb.startSignIn(DEMO.email, DEMO.password);
    expect(demo.json.code).toBe(202);
    const fresh = demo.json.data.accessToken.token;
    expect((await sb.call('GET', '2fa/changes', { token: fresh })).json.total).toBe(0);
    expect((await sb.call('GET', '/__sandbox/outbox')).json.data).toEqual([]);
    expectErrorBody(await sb.call('GET', '2fa', { token }), 401, 'unauthorized');
  });
});
