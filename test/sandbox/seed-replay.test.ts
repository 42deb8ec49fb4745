import { describe, expect, it } from 'vitest';
import { expectErrorBody, useSandbox } from '../fixtures/sandbox';
import { seedRequests, seedResponses, shapeOf } from '../fixtures/seed';

const sb = useSandbox();

describe('every request example of the seed, replayed as printed', () => {
  const requests = seedRequests();

  /**
   * What a fresh sandbox (demo client signed in, no 2FA) must answer to each example, in document
   * order. The examples' uuids and tokens name nothing that exists, so the well-formed ones that
   * need them are 404s; three examples are not valid JSON and are 400s.
   */
  const expected: [string, number, string | null][] = [
    ['POST signin/2fa', 404, 'not_found'],
    ['POST 2fa/google', 404, 'not_found'],
    ['POST 2fa/sms', 404, 'not_found'],
    ['POST 2fa/challenge', 400, 'invalid_json'],
    ['GET 2fa?limit=10&offset=0', 200, null],
    ['GET 2fa/google?limit=10&offset=0', 200, null],
    ['GET 2fa/google/enable/wizard', 200, null],
    ['GET 2fa/google/disable/wizard', 409, 'not_enabled'],
    ['POST 2fa/wizard', 404, 'not_found'],
    ['POST 2fa/wizard', 400, 'invalid_json'],
    ['POST 2fa/wizard', 400, 'invalid_json'],
    ['POST 2fa/wizard', 404, 'not_found'],
    ['GET 2fa/changes?limit=10&offset=0&sort_order=desc&sort_by=time&filter[isEnabled]=&filter[timeFrom]=2022-12-01T07:23:59%2B00:00&filter[timeTo]=2022-12-01T07:23:59%2B00:00&filter[provider]=sms', 200, null],
    ['GET 2fa/changes/1?limit=10&offset=0', 404, 'not_found'],
  ];

  it('the seed holds the 14 curl examples this table expects', () => {
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(expected.map(([route]) => route));
  });

  it.each(expected.map((row, index) => [index, ...row] as const))('#%i %s → %i %s', async (index, _route, status, code) => {
    const request = requests[index]!;
    const token = await sb.signIn();
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, v.replace('<token>', token)]));
    const reply = await sb.call(request.method, request.path, { headers, ...(request.body === null ? {} : { raw: request.body }) });
    if (code === null) {
      expect(reply.status).toBe(status);
      expect(reply.json).not.toHaveProperty('error');
    } else {
      expectErrorBody(reply, status, code);
    }
    if (code === 'invalid_json') expect(reply.json.error.message).toMatch(/^The request body is not valid JSON: .+\.$/);
  });

  it('the three malformed examples are exactly the ones JSON.parse refuses', () => {
    const malformed = requests.filter((r) => {
      if (r.body === null) return false;
      try {
        JSON.parse(r.body);
        return false;
      } catch {
        return true;
      }
    });
    expect(malformed.map((r) => `${r.method} ${r.path}`)).toEqual(['POST 2fa/challenge', 'POST 2fa/wizard', 'POST 2fa/wizard']);
  });
});

describe('every response example of the seed, matched field for field by a live answer', () => {
  it('has the same keys and value kinds, and the same code and workflow', async () => {
    const examples = seedResponses();
    expect(examples).toHaveLength(15);
    const key = 'JBSWY3DPEHPK3PXP';
    const phone = '+79994445561';
    const live: unknown[] = [];

    // 1–2: choose google, then complete with a code (client with both methods).
    await sb.createClient({ email: 'both@example.com', password: 'Passw0rd!', phone, smsEnabled: true, googleKey: key });
    let step = await sb.startSignIn('both@example.com', 'Passw0rd!');
    live.push((await sb.call('POST', 'signin/2fa', { body: { uuid: step.json.uuid, type: 'google' } })).json);
    const signedIn = (await sb.call('POST', '2fa/google', { body: { uuid: step.json.uuid, code: await sb.googleCode(key) } })).json;
    live.push(signedIn);
    // 3: the same with SMS.
    step = await sb.startSignIn('both@example.com', 'Passw0rd!');
    await sb.call('POST', 'signin/2fa', { body: { uuid: step.json.uuid, type: 'sms' } });
    live.push((await sb.call('POST', '2fa/sms', { body: { uuid: step.json.uuid, code: await sb.lastCode(phone) } })).json);
    // 4: complete a challenge (demo client: email code).
    const token = await sb.signIn();
    const challenge = (await sb.call('GET', '2fa/challenge?businessProcess=changePassword', { token })).json;
    live.push((await sb.call('POST', '2fa/challenge', { token, body: { token: challenge.token, code: await sb.lastCode('demo@example.com') } })).json);
    // 5–6: status and one method.
    live.push((await sb.call('GET', '2fa?limit=10&offset=0', { token })).json);
    live.push((await sb.call('GET', '2fa/google?limit=10&offset=0', { token })).json);
    // 7–8: enable wizards.
    const google = (await sb.call('GET', '2fa/google/enable/wizard', { token })).json;
    live.push(google);
    const sms = (await sb.call('GET', '2fa/sms/enable/wizard', { token })).json;
    live.push(sms);
    // 10 needs Google enabled before 9 (disable wizard) can start.
    const enabled = (await sb.call('POST', '2fa/wizard', { token, body: { uuid: google.uuid, action: 'code', code: await sb.googleCode(google.data.key), key: google.data.key } })).json;
    const disable = (await sb.call('GET', '2fa/google/disable/wizard', { token })).json;
    live.push(disable, enabled);
    // 11–12: SMS phone step, code step.
    live.push((await sb.call('POST', '2fa/wizard', { token, body: { uuid: sms.uuid, phone } })).json);
    live.push((await sb.call('POST', '2fa/wizard', { token, body: { uuid: sms.uuid, action: 'code', code: await sb.lastCode(phone) } })).json);
    // 13: disable.
    live.push((await sb.call('POST', '2fa/wizard', { token, body: { uuid: disable.uuid, action: 'code', code: await sb.googleCode(google.data.key) } })).json);
    // 14–15: the change log.
    live.push((await sb.call('GET', '2fa/changes?limit=10&offset=0&sort_order=desc&sort_by=time', { token })).json);
    live.push((await sb.call('GET', '2fa/changes/1', { token })).json);

    expect(live.map(shapeOf)).toEqual(examples.map(shapeOf));
    const steps = (list: unknown[]) => list.map((r: any) => ('workflow' in r ? `${r.code} ${r.workflow}` : '-'));
    expect(steps(live)).toEqual(steps(examples));
  });
});
