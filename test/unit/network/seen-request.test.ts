import { describe, expect, it } from 'vitest';
import { apiPathOf, bearerSub, bodyOf, completion, startRecord } from '../../../src/network';

const SITE = 'http://127.0.0.1:8787';
const jwt = (payload: unknown) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
const raw = (text: string) => ({ raw: [{ bytes: new TextEncoder().encode(text).buffer as ArrayBuffer }] });

describe('the browser\'s view of one API request', () => {
  it('takes only this origin\'s /api/v2/my/ paths, without query or trailing slash', () => {
    expect(apiPathOf(`${SITE}/api/v2/my/2fa/challenge?businessProcess=changePassword`)).toMatchObject({ origin: SITE, path: '2fa/challenge' });
    expect(apiPathOf(`${SITE}/api/v2/my/signin/`)).toMatchObject({ path: 'signin' });
    for (const url of [`${SITE}/elsewhere/api/v2/my/signin`, `${SITE}/api/v2/my/`, `${SITE}/api/v2/my/%2e%2e/x`, 'data:text/plain,x', 'not a url']) expect(apiPathOf(url), url).toBeNull();
  });

  it('reads the capture fields of a JSON body, never the password, and nothing from a body that is not JSON or too big', () => {
    const body = bodyOf(raw(JSON.stringify({ uuid: 'u-1', email: 'demo@example.com', password: 'Demo-Passw0rd', code: '123456', key: 'TPYXG33M4LOHFJHB', type: 'google', device_fingerprint: 'x' })));
    expect(body).toEqual({ uuid: 'u-1', email: 'demo@example.com', code: '123456', key: 'TPYXG33M4LOHFJHB' });
    expect(JSON.stringify(body)).not.toContain('Passw0rd');
    // Split over several chunks, as a browser may hand it over.
    const parts = ['{"uuid":"u-', '2","code":"654321"}'].map((t) => ({ bytes: new TextEncoder().encode(t).buffer as ArrayBuffer }));
    expect(bodyOf({ raw: parts })).toEqual({ uuid: 'u-2', code: '654321' });
    for (const bad of ['not json', '[1,2]', 'null', JSON.stringify({ code: 123456 }), JSON.stringify({ uuid: 'x'.repeat(65) }), JSON.stringify({ pad: 'x'.repeat(20_000), code: '1' })]) {
      expect(bodyOf(raw(bad)), bad.slice(0, 20)).toEqual({});
    }
    expect(bodyOf(undefined)).toEqual({});
    expect(bodyOf({ formData: { code: ['1'] } })).toEqual({});
  });

  it('decodes the bearer token\'s sub (string or number), and nothing else of it', () => {
    expect(bearerSub([{ name: 'Authorization', value: `Bearer ${jwt({ sub: '42', exp: 1 })}` }])).toBe('42');
    expect(bearerSub([{ name: 'authorization', value: `Bearer ${jwt({ sub: 7 })}` }])).toBe('7');
    for (const value of [undefined, 'Basic abc', 'Bearer not-a-jwt', `Bearer ${jwt({})}`, `Bearer ${jwt({ sub: 'a b' })}`, `Bearer ${jwt({ sub: {} })}`, 'Bearer e30.!!!.x']) {
      expect(bearerSub(value === undefined ? [] : [{ name: 'Authorization', value }]), String(value)).toBeUndefined();
    }
  });

  it('a record is a tab\'s API request; the worker\'s own (tab -1) and other paths are not', () => {
    const details = { requestId: '9', url: `${SITE}/api/v2/my/2fa/challenge?businessProcess=changePassword`, method: 'get', tabId: 3, frameId: 0, timeStamp: 1000 };
    expect(startRecord(details)).toEqual({ id: '9', tabId: 3, frameId: 0, origin: SITE, method: 'GET', path: '2fa/challenge', process: 'changePassword', body: {}, startedAt: 1000 });
    expect(startRecord({ ...details, tabId: -1 })).toBeNull();
    expect(startRecord({ ...details, url: `${SITE}/index.html` })).toBeNull();
    expect(startRecord({ ...details, url: `${SITE}/api/v2/my/2fa/challenge?businessProcess=<script>` })).not.toHaveProperty('process');
    expect(completion({ requestId: '9', url: `${SITE}/api/v2/my/2fa`, statusCode: 422, timeStamp: 2000, responseHeaders: [{ name: 'Date', value: 'Fri, 04 Dec 2026 05:00:00 GMT' }] })).toEqual({
      status: 422,
      completedAt: 2000,
      date: 'Fri, 04 Dec 2026 05:00:00 GMT',
    });
  });
});
