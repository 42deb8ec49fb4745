import { describe, expect, it } from 'vitest';
import { CAPTURE_ROUTES, CAPTURE_SPEC, ExchangeSchema, pickFields, REQUEST_FIELDS, RESPONSE_FIELDS, specOf } from '../../../src/capture';
import { joinExchange } from '../../../src/worker/capture/capture-service';
import type { SeenRequest } from '../../../src/network';

/** The capture spec is the one table of routes and fields; the schema, the join and the queue follow it. */
describe('the capture spec', () => {
  it('names only fields the exchange schema knows, and the schema knows no field the table never names', () => {
    const requestNamed = new Set(Object.values(CAPTURE_SPEC).flatMap((s) => s.request));
    const responseNamed = new Set(Object.values(CAPTURE_SPEC).flatMap((s) => s.response));
    expect([...requestNamed].sort()).toEqual(Object.keys(REQUEST_FIELDS).sort());
    expect([...responseNamed].sort()).toEqual([...RESPONSE_FIELDS].sort());
    expect(Object.keys(ExchangeSchema.entries.request.wrapped.entries).sort()).toEqual(Object.keys(REQUEST_FIELDS).sort());
    expect(Object.keys(ExchangeSchema.entries.response.wrapped.entries).sort()).toEqual([...RESPONSE_FIELDS].sort());
  });

  it('routes are the table’s keys; an unknown route has no spec, even one named like a prototype member', () => {
    expect([...CAPTURE_ROUTES].sort()).toEqual(Object.keys(CAPTURE_SPEC).sort());
    expect(specOf('GET', '2fa')).toBeUndefined();
    expect(specOf('toString', '')).toBeUndefined();
    expect(specOf('GET', '2fa/challenge')).toEqual({ request: [], response: ['provider'] });
  });

  it('the join keeps, of the browser’s record and of the page’s report, only the fields the route names', () => {
    const record: SeenRequest = {
      id: '1',
      tabId: 3,
      frameId: 0,
      origin: 'https://my.broker.example',
      method: 'POST',
      path: '2fa/google',
      body: { uuid: 'u-1', code: '123456', email: 'someone@example.com', key: 'JBSWY3DPEHPK3PXP' },
      startedAt: 0,
      status: 200,
      sub: '42',
    };
    const joined = joinExchange(record, { code: 202, done: true, workflow: 'login', key: 'PAGEKEY' });
    expect(joined.request).toEqual({ uuid: 'u-1', code: '123456' });
    expect(joined.response).toEqual({});
    const wizard = joinExchange({ ...record, method: 'GET', path: '2fa/google/enable/wizard', body: {} }, { code: 200, done: false, uuid: 'w-1', workflow: '2fa_google', key: 'JBSWY3DPEHPK3PXP', provider: 'sms' });
    expect(wizard.response).toEqual({ code: 200, uuid: 'w-1', workflow: '2fa_google', key: 'JBSWY3DPEHPK3PXP' });
  });

  it('pickFields takes own, defined values only', () => {
    const inherited = Object.create({ code: 'from the prototype' }) as Record<string, unknown>;
    inherited.uuid = 'mine';
    inherited.email = undefined;
    expect(pickFields(inherited, ['code', 'uuid', 'email'])).toEqual({ uuid: 'mine' });
  });

  it('gives the wizards’ exchanges room of their own in the locked queue', () => {
    expect(Object.entries(CAPTURE_SPEC).filter(([, s]) => s.wizard).map(([route]) => route).sort()).toEqual(['GET 2fa/google/disable/wizard', 'GET 2fa/google/enable/wizard', 'POST 2fa/wizard']);
  });
});
