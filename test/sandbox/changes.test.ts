import { beforeEach, describe, expect, it } from 'vitest';
import { expectErrorBody, useSandbox } from '../fixtures/sandbox';

const sb = useSandbox();

/**
 * Four changes a known time apart: google on (t0), sms on (t0+1h), google off (t0+2h), google on (t0+3h).
 */
let token: string;
let times: string[];

beforeEach(async () => {
  token = await sb.signIn();
  const key = await sb.enableGoogle(token);
  await sb.advance(3600);
  token = await sb.signIn('demo@example.com', 'Demo-Passw0rd', key);
  await sb.enableSms(token, '+15550001111');
  await sb.advance(3600);
  token = await sb.signIn('demo@example.com', 'Demo-Passw0rd', key);
  const off = await sb.call('GET', '2fa/google/disable/wizard', { token });
  await sb.call('POST', '2fa/wizard', { token, body: { uuid: off.json.uuid, action: 'code', code: await sb.googleCode(key) } });
  await sb.advance(3600);
  token = await sb.signIn('demo@example.com', 'Demo-Passw0rd');
  await sb.enableGoogle(token);
  const all = await sb.call('GET', '2fa/changes?sort_order=asc', { token });
  times = all.json.data.map((c: any) => c.time);
});

const list = async (query: string) => (await sb.call('GET', `2fa/changes?${query}`, { token })).json;
const summary = (json: any) => json.data.map((c: any) => `${c.id}:${c.provider}:${c.isEnabled ? 'on' : 'off'}`);

describe('GET 2fa/changes', () => {
  it('lists every change, newest first by default, with the seed\'s fields', async () => {
    const json = await list('');
    expect(json.total).toBe(4);
    expect(summary(json)).toEqual(['4:google:on', '3:google:off', '2:sms:on', '1:google:on']);
    for (const change of json.data) {
      expect(Object.keys(change).sort()).toEqual(['id', 'isEnabled', 'provider', 'time']);
      expect(change.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    }
  });

  it('sorts by time in both orders', async () => {
    expect(summary(await list('sort_by=time&sort_order=asc'))).toEqual(['1:google:on', '2:sms:on', '3:google:off', '4:google:on']);
    expect(summary(await list('sort_by=time&sort_order=desc'))).toEqual(['4:google:on', '3:google:off', '2:sms:on', '1:google:on']);
  });

  it('pages with limit and offset; total counts all matches', async () => {
    const page = await list('limit=2&offset=1&sort_order=asc');
    expect(page.total).toBe(4);
    expect(summary(page)).toEqual(['2:sms:on', '3:google:off']);
    expect((await list('limit=10&offset=10')).data).toEqual([]);
  });

  it('filters by isEnabled (true, false, empty = any)', async () => {
    expect(summary(await list('filter[isEnabled]=false'))).toEqual(['3:google:off']);
    expect((await list('filter[isEnabled]=true')).total).toBe(3);
    expect((await list('filter[isEnabled]=')).total).toBe(4);
  });

  it('filters by provider', async () => {
    expect(summary(await list('filter[provider]=sms'))).toEqual(['2:sms:on']);
    expect((await list('filter[provider]=google')).total).toBe(3);
  });

  it('filters by time, both bounds inclusive, with the seed\'s +00:00 format', async () => {
    const from = encodeURIComponent(times[1]!);
    const to = encodeURIComponent(times[2]!);
    expect(summary(await list(`filter[timeFrom]=${from}&filter[timeTo]=${to}&sort_order=asc`))).toEqual(['2:sms:on', '3:google:off']);
    expect(summary(await list(`filter[timeFrom]=${from}&filter[provider]=google&filter[isEnabled]=true`))).toEqual(['4:google:on']);
  });

  it('bad parameters: 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['sort_by=id', 'sort_by'],
      ['sort_order=up', 'sort_order'],
      ['filter[isEnabled]=maybe', 'filter[isEnabled]'],
      ['filter[provider]=email', 'filter[provider]'],
      ['filter[timeFrom]=yesterday', 'filter[timeFrom]'],
      ['limit=1000', 'limit'],
      ['limit=ten', 'limit'],
    ] as const) {
      const res = await sb.call('GET', `2fa/changes?${query}`, { token });
      expectErrorBody(res, 400, 'validation_failed');
      expect(res.json.error.details[0].field).toBe(field);
    }
  });

  it('each client sees only its own changes', async () => {
    await sb.createClient({ email: 'other@example.com', password: 'Passw0rd!' });
    const other = await sb.signIn('other@example.com', 'Passw0rd!');
    expect((await sb.call('GET', '2fa/changes', { token: other })).json).toEqual({ total: 0, data: [] });
    expectErrorBody(await sb.call('GET', '2fa/changes/1', { token: other }), 404, 'not_found');
  });
});

describe('GET 2fa/changes/{changeId}', () => {
  it('answers one record; unknown → 404; not a number → 400', async () => {
    const one = await sb.call('GET', '2fa/changes/2?limit=10&offset=0', { token });
    expect(one.json).toEqual({ id: 2, provider: 'sms', isEnabled: true, time: times[1] });
    expectErrorBody(await sb.call('GET', '2fa/changes/99', { token }), 404, 'not_found');
    expectErrorBody(await sb.call('GET', '2fa/changes/abc', { token }), 400, 'validation_failed');
  });
});
