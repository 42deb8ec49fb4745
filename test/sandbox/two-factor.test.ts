import { describe, expect, it } from 'vitest';
import { expectErrorBody, useSandbox } from '../fixtures/sandbox';
import { base32Decode } from '../fixtures/rfc6238';

const sb = useSandbox();
const TERMINATE = 'B2B\\TCA\\Wizards\\Workflow\\TerminateWorkflow';
const MICRO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('GET 2fa and GET 2fa/{type}', () => {
  it('lists SMS then Google with caption, isEnabled and name', async () => {
    const token = await sb.signIn();
    const res = await sb.call('GET', '2fa?limit=10&offset=0', { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      total: 2,
      data: [
        { caption: 'SMS Confirmation', isEnabled: false, name: 'sms' },
        { caption: 'Google Authenticator', isEnabled: false, name: 'google' },
      ],
    });
  });

  it('pages the list but keeps the total', async () => {
    const token = await sb.signIn();
    const res = await sb.call('GET', '2fa?limit=1&offset=1', { token });
    expect(res.json).toEqual({ total: 2, data: [{ caption: 'Google Authenticator', isEnabled: false, name: 'google' }] });
    expectErrorBody(await sb.call('GET', '2fa?limit=0', { token }), 400, 'validation_failed');
    expectErrorBody(await sb.call('GET', '2fa?offset=-1', { token }), 400, 'validation_failed');
  });

  it('shows one method; an unknown method is 404', async () => {
    const token = await sb.signIn();
    expect((await sb.call('GET', '2fa/google', { token })).json).toEqual({ caption: 'Google Authenticator', isEnabled: false, name: 'google' });
    expect((await sb.call('GET', '2fa/sms', { token })).json).toEqual({ caption: 'SMS Confirmation', isEnabled: false, name: 'sms' });
    expectErrorBody(await sb.call('GET', '2fa/email', { token }), 404, 'not_found');
  });

  it('every authorized endpoint answers 401 without a token, with a malformed header and with a bad token', async () => {
    const paths = ['2fa', '2fa/google', '2fa/google/enable/wizard', '2fa/sms/disable/wizard', '2fa/changes', '2fa/changes/1', '2fa/challenge?businessProcess=changePassword'];
    for (const path of paths) {
      expectErrorBody(await sb.call('GET', path), 401, 'unauthorized');
      expectErrorBody(await sb.call('GET', path, { headers: { Authorization: 'Basic abc' } }), 401, 'unauthorized');
      expectErrorBody(await sb.call('GET', path, { token: 'a.b.c' }), 401, 'unauthorized');
    }
    expectErrorBody(await sb.call('POST', '2fa/wizard', { body: { uuid: 'x', action: 'code', code: '1' } }), 401, 'unauthorized');
    expectErrorBody(await sb.call('POST', 'signout'), 401, 'unauthorized');
    expectErrorBody(await sb.call('POST', 'password/change', { body: { password: 'Newpassw0rd' } }), 401, 'unauthorized');
  });
});

describe('enable Google Authenticator', () => {
  it('GET 2fa/google/enable/wizard issues a 16-character base32 key (10 bytes)', async () => {
    const token = await sb.signIn();
    const res = await sb.call('GET', '2fa/google/enable/wizard', { token });
    expect(res.json).toEqual({ code: 200, data: { key: expect.stringMatching(/^[A-Z2-7]{16}$/) }, done: false, uuid: expect.any(String), workflow: '2fa_google' });
    expect(base32Decode(res.json.data.key)).toHaveLength(10);
    const other = await sb.call('GET', '2fa/google/enable/wizard', { token });
    expect(other.json.data.key).not.toBe(res.json.data.key);
  });

  it('a wrong code: 422 and the wizard stays open; the right one: 202 done, then enabled and logged', async () => {
    const token = await sb.signIn();
    const wizard = await sb.call('GET', '2fa/google/enable/wizard', { token });
    const { uuid } = wizard.json;
    const key = wizard.json.data.key;
    const code = await sb.googleCode(key);
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code: code === '000000' ? '111111' : '000000', key } }), 422, 'invalid_code');
    const done = await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code, key } });
    expect(done.json).toEqual({ code: 202, data: [], done: true, uuid, workflow: TERMINATE });
    expect((await sb.call('GET', '2fa/google', { token })).json.isEnabled).toBe(true);
    const changes = await sb.call('GET', '2fa/changes', { token });
    expect(changes.json).toMatchObject({ total: 1, data: [{ provider: 'google', isEnabled: true }] });
    // The wizard is finished; a started one for an enabled method is refused.
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code, key } }), 409, 'wizard_step_out_of_order');
    expectErrorBody(await sb.call('GET', '2fa/google/enable/wizard', { token }), 409, 'already_enabled');
  });

  it('the key must be the wizard\'s (400), lowercase and spaced is the same key', async () => {
    const token = await sb.signIn();
    const wizard = await sb.call('GET', '2fa/google/enable/wizard', { token });
    const { uuid } = wizard.json;
    const key: string = wizard.json.data.key;
    const code = await sb.googleCode(key);
    const missing = await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code } });
    expectErrorBody(missing, 400, 'validation_failed');
    expect(missing.json.error.details[0].field).toBe('key');
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code, key: 'AAAAAAAAAAAAAAAA' } }), 400, 'validation_failed');
    const spaced = key.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect((await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code, key: spaced } })).json.code).toBe(202);
  });

  it('an abandoned wizard leaves Google disabled; two wizards: the second to finish gets 409', async () => {
    const token = await sb.signIn();
    await sb.call('GET', '2fa/google/enable/wizard', { token });
    expect((await sb.call('GET', '2fa/google', { token })).json.isEnabled).toBe(false);
    const a = await sb.call('GET', '2fa/google/enable/wizard', { token });
    const b = await sb.call('GET', '2fa/google/enable/wizard', { token });
    const codeA = await sb.googleCode(a.json.data.key);
    expect((await sb.call('POST', '2fa/wizard', { token, body: { uuid: a.json.uuid, action: 'code', code: codeA, key: a.json.data.key } })).json.code).toBe(202);
    const codeB = await sb.googleCode(b.json.data.key);
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid: b.json.uuid, action: 'code', code: codeB, key: b.json.data.key } }), 409, 'already_enabled');
  });

  it('a wizard of another client, an unknown one or an expired one: 404', async () => {
    const token = await sb.signIn();
    await sb.createClient({ email: 'other@example.com', password: 'Passw0rd!' });
    const otherToken = await sb.signIn('other@example.com', 'Passw0rd!');
    const wizard = await sb.call('GET', '2fa/google/enable/wizard', { token });
    const key = wizard.json.data.key;
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token: otherToken, body: { uuid: wizard.json.uuid, action: 'code', code: '123456', key } }), 404, 'not_found');
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid: 'no-such-wizard', action: 'code', code: '123456', key } }), 404, 'not_found');
    await sb.advance(15 * 60 + 1);
    const fresh = await sb.signIn();
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token: fresh, body: { uuid: wizard.json.uuid, action: 'code', code: '123456', key } }), 404, 'not_found');
  });

  it('a body that is neither step: 400', async () => {
    const token = await sb.signIn();
    const res = await sb.call('POST', '2fa/wizard', { token, body: { uuid: 'x', action: 'phone' } });
    expectErrorBody(res, 400, 'validation_failed');
  });
});

describe('enable SMS: phone step, then code step', () => {
  it('GET 2fa/sms/enable/wizard → 2fa_sms_phone_create; phone → code sent with the seed\'s data; code → 202', async () => {
    const token = await sb.signIn();
    const wizard = await sb.call('GET', '2fa/sms/enable/wizard', { token });
    expect(wizard.json).toEqual({ code: 200, data: null, done: false, uuid: expect.any(String), workflow: '2fa_sms_phone_create' });
    const { uuid } = wizard.json;
    const phone = await sb.call('POST', '2fa/wizard', { token, body: { uuid, phone: '+79994445561' } });
    expect(phone.json).toEqual({
      code: 200,
      data: {
        status: 0,
        sent: 1,
        expiredAt: expect.stringMatching(MICRO),
        sentAt: expect.stringMatching(MICRO),
        recipient: { class: 'B2B\\TCA\\Confirmations\\Recipients\\PhoneRecipient', phone: '+79994445561', template: 'default', data: null, type: 2, method: 'phone' },
      },
      done: false,
      uuid,
      workflow: 'phone',
    });
    expect(Date.parse(phone.json.data.expiredAt) - Date.parse(phone.json.data.sentAt)).toBe(300_000);
    const done = await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code: await sb.lastCode('+79994445561') } });
    expect(done.json).toEqual({ code: 202, data: [], done: true, uuid, workflow: TERMINATE });
    expect((await sb.call('GET', '2fa/sms', { token })).json.isEnabled).toBe(true);
  });

  it('steps out of order: code before phone → 409, phone twice → 409', async () => {
    const token = await sb.signIn();
    const { uuid } = (await sb.call('GET', '2fa/sms/enable/wizard', { token })).json;
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code: '123456' } }), 409, 'wizard_step_out_of_order');
    expect((await sb.call('POST', '2fa/wizard', { token, body: { uuid, phone: '+79994445561' } })).json.code).toBe(200);
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, phone: '+79994445561' } }), 409, 'wizard_step_out_of_order');
  });

  it('a phone that is not international: 400; an expired code: 422 code_expired', async () => {
    const token = await sb.signIn();
    const { uuid } = (await sb.call('GET', '2fa/sms/enable/wizard', { token })).json;
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, phone: '8 999 444 55 61' } }), 400, 'validation_failed');
    await sb.call('POST', '2fa/wizard', { token, body: { uuid, phone: '+79994445561' } });
    await sb.advance(301);
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid, action: 'code', code: await sb.lastCode('+79994445561') } }), 422, 'code_expired');
    expect((await sb.call('GET', '2fa/sms', { token })).json.isEnabled).toBe(false);
  });
});

describe('disable', () => {
  it('GET 2fa/{type}/disable/wizard of a disabled method: 409', async () => {
    const token = await sb.signIn();
    expectErrorBody(await sb.call('GET', '2fa/google/disable/wizard', { token }), 409, 'not_enabled');
    expectErrorBody(await sb.call('GET', '2fa/sms/disable/wizard', { token }), 409, 'not_enabled');
    expectErrorBody(await sb.call('GET', '2fa/fax/disable/wizard', { token }), 404, 'not_found');
  });

  it('Google: the wizard asks for a code (done false), the right code → 202, disabled and logged', async () => {
    let token = await sb.signIn();
    const key = await sb.enableGoogle(token);
    const wizard = await sb.call('GET', '2fa/google/disable/wizard', { token });
    expect(wizard.json).toEqual({ code: 200, data: null, done: false, uuid: expect.any(String), workflow: '2fa_google' });
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid: wizard.json.uuid, action: 'code', code: '12345' } }), 422, 'invalid_code');
    const done = await sb.call('POST', '2fa/wizard', { token, body: { uuid: wizard.json.uuid, action: 'code', code: await sb.googleCode(key) } });
    expect(done.json).toEqual({ code: 202, data: [], done: true, uuid: wizard.json.uuid, workflow: TERMINATE });
    expect((await sb.call('GET', '2fa/google', { token })).json.isEnabled).toBe(false);
    const log = await sb.call('GET', '2fa/changes?sort_order=asc', { token });
    expect(log.json.data.map((c: any) => [c.provider, c.isEnabled])).toEqual([['google', true], ['google', false]]);
    // Signing in no longer asks for a code.
    token = await sb.signIn();
    expect(token).toMatch(/\./);
  });

  it('SMS: the code is sent when the wizard starts; the right code → 202 and SMS is off', async () => {
    const token = await sb.signIn();
    await sb.enableSms(token, '+15550001111');
    const wizard = await sb.call('GET', '2fa/sms/disable/wizard', { token });
    expect(wizard.json).toMatchObject({ code: 200, data: null, done: false, workflow: '2fa_sms' });
    const done = await sb.call('POST', '2fa/wizard', { token, body: { uuid: wizard.json.uuid, action: 'code', code: await sb.lastCode('+15550001111') } });
    expect(done.json).toMatchObject({ code: 202, done: true, workflow: TERMINATE });
    expect((await sb.call('GET', '2fa/sms', { token })).json.isEnabled).toBe(false);
  });

  it('a replayed Google code cannot disable', async () => {
    const token = await sb.signIn();
    const wizard = await sb.call('GET', '2fa/google/enable/wizard', { token });
    const key = wizard.json.data.key;
    const code = await sb.googleCode(key);
    await sb.call('POST', '2fa/wizard', { token, body: { uuid: wizard.json.uuid, action: 'code', code, key } });
    const disable = await sb.call('GET', '2fa/google/disable/wizard', { token });
    expectErrorBody(await sb.call('POST', '2fa/wizard', { token, body: { uuid: disable.json.uuid, action: 'code', code } }), 422, 'invalid_code');
  });
});
