// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createB2CoreClient, DEFAULT_TIMEOUT_MS, type B2CoreClient } from '../../../src/b2core';

/** What goes on the wire (docs/b2core-api.md: JSON in, `Authorization: Bearer`, `successToken` header). */
interface Sent {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: unknown;
  self: unknown;
}

function recording(origin = 'https://my.broker.com/') {
  const sent: Sent[] = [];
  const client = createB2CoreClient({
    origin,
    now: Date.now,
    fetch: function (this: unknown, url, init) {
      sent.push({ url, method: init.method, headers: init.headers as Record<string, string>, body: init.body === undefined ? undefined : JSON.parse(String(init.body)), self: this });
      return Promise.resolve(new Response(null, { status: 204 }));
    },
  });
  return { client, sent };
}

describe('requests', () => {
  it('GET with a bearer: no body, no Content-Type; fetch is called unbound', async () => {
    const { client, sent } = recording();
    await client.twoFactorStatus('access-t0ken');
    expect(sent).toEqual([
      {
        url: 'https://my.broker.com/api/v2/my/2fa',
        method: 'GET',
        headers: { Accept: 'application/json', Authorization: 'Bearer access-t0ken' },
        body: undefined,
        self: undefined,
      },
    ]);
  });

  it('POST with JSON, the bearer and the successToken header', async () => {
    const { client, sent } = recording();
    await client.changePassword('access-t0ken', 'success-t0ken', 'New-Passw0rd');
    expect(sent[0]).toMatchObject({
      url: 'https://my.broker.com/api/v2/my/password/change',
      method: 'POST',
      headers: { Accept: 'application/json', Authorization: 'Bearer access-t0ken', successToken: 'success-t0ken', 'Content-Type': 'application/json' },
      body: { password: 'New-Passw0rd' },
    });
  });

  it.each<[string, (c: B2CoreClient) => Promise<unknown>, string, unknown]>([
    ['signInWizard', (c) => c.signInWizard(), 'GET signin/wizard', undefined],
    ['signIn', (c) => c.signIn({ uuid: 'u', email: 'e@x.com', password: 'pw-123456', deviceFingerprint: 'ZnA=' }), 'POST signin', { uuid: 'u', email: 'e@x.com', password: 'pw-123456', device_fingerprint: 'ZnA=' }],
    ['chooseMethod', (c) => c.chooseMethod({ uuid: 'u', type: 'sms' }), 'POST signin/2fa', { uuid: 'u', type: 'sms' }],
    ['completeGoogle', (c) => c.completeGoogle({ uuid: 'u', code: '123456' }), 'POST 2fa/google', { uuid: 'u', code: '123456' }],
    ['completeSms', (c) => c.completeSms({ uuid: 'u', code: '123456' }), 'POST 2fa/sms', { uuid: 'u', code: '123456' }],
    ['refresh', (c) => c.refresh('r-t0ken'), 'POST refresh', { refreshToken: 'r-t0ken' }],
    ['signOut', (c) => c.signOut('t'), 'POST signout', undefined],
    ['twoFactorMethod', (c) => c.twoFactorMethod('t', 'sms'), 'GET 2fa/sms', undefined],
    ['startEnable', (c) => c.startEnable('t', 'google'), 'GET 2fa/google/enable/wizard', undefined],
    ['startDisable', (c) => c.startDisable('t', 'sms'), 'GET 2fa/sms/disable/wizard', undefined],
    ['submitPhone', (c) => c.submitPhone('t', { uuid: 'u', phone: '+15550001111' }), 'POST 2fa/wizard', { uuid: 'u', phone: '+15550001111' }],
    ['submitCode', (c) => c.submitCode('t', { uuid: 'u', code: '123456' }), 'POST 2fa/wizard', { uuid: 'u', action: 'code', code: '123456' }],
    ['submitCode + key', (c) => c.submitCode('t', { uuid: 'u', code: '123456', key: 'TPYXG33M4LOHFJHB' }), 'POST 2fa/wizard', { uuid: 'u', action: 'code', code: '123456', key: 'TPYXG33M4LOHFJHB' }],
    ['startChallenge', (c) => c.startChallenge('t', 'changePassword'), 'GET 2fa/challenge?businessProcess=changePassword', undefined],
    ['startUnauthorizedChallenge', (c) => c.startUnauthorizedChallenge('a+b@x.com', 'restorePassword'), 'GET 2fa/unauthorized/challenge?email=a%2Bb%40x.com&businessProcess=restorePassword', undefined],
    ['completeChallenge', (c) => c.completeChallenge({ token: 'ct', code: '123456' }), 'POST 2fa/challenge', { token: 'ct', code: '123456' }],
    ['restorePassword', (c) => c.restorePassword('st', 'New-Passw0rd'), 'POST password/restore', { password: 'New-Passw0rd' }],
    ['listChanges', (c) => c.listChanges('t', { limit: 5 }), 'GET 2fa/changes?limit=5', undefined],
    ['getChange', (c) => c.getChange('t', 7), 'GET 2fa/changes/7', undefined],
  ])('%s → %s', async (_name, call, line, body) => {
    const { client, sent } = recording('https://my.broker.com');
    await call(client);
    const [method, path] = line.split(' ');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(`https://my.broker.com/api/v2/my/${path}`);
    expect(sent[0]!.method).toBe(method);
    expect(sent[0]!.body).toEqual(body);
    expect('Content-Type' in sent[0]!.headers).toBe(body !== undefined);
  });

  it('the default timeout is 15 s', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(15_000);
  });
});
