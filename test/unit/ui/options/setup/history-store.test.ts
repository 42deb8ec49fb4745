// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { changesQuery, dayBound, initialView } from '../../../../../src/ui/options/setup';
import { DEMO, useSandbox } from '../../../../fixtures/sandbox';
import { wire } from './support';

/**
 * 2FA history against the REAL sandbox: the rows of `GET 2fa/changes` for each filter, order and
 * page the API supports, one record by id, and the refusals (a backwards range, no session).
 */
const sb = useSandbox();
const PHONE = '+15550002222';

/** SMS off through the API's own disable wizard (the code the sandbox "texted"). */
async function disableSms(token: string) {
  const wizard = await sb.call('GET', '2fa/sms/disable/wizard', { token });
  const done = await sb.call('POST', '2fa/wizard', { token, body: { uuid: wizard.json.uuid, action: 'code', code: await sb.lastCode(PHONE) } });
  if (done.json?.code !== 202) throw new Error(`sms disable failed: ${done.text}`);
}

/** The demo client with `toggles` SMS enables and disables (alternating, oldest first), then Google on. */
async function withHistory(toggles: number) {
  const w = await wire(sb);
  expect(await w.store.signIn.signIn(sb.url, DEMO.email, DEMO.password)).toBe(true);
  const token = w.keeper.current.value!.accessToken;
  for (let i = 0; i < toggles; i++) {
    if (i % 2 === 0) await sb.enableSms(token, PHONE);
    else await disableSms(token);
    await sb.advance(2); // distinct seconds, so the order is certain
  }
  await sb.enableGoogle(token);
  await w.history.load();
  return w;
}

const summary = (rows: { provider: string; isEnabled: boolean }[] | null) => (rows ?? []).map((r) => `${r.provider}:${r.isEnabled ? 'on' : 'off'}`);

describe('the query', () => {
  it('is exactly the API\'s: paging, order, and the four filters; a backwards range is refused before any request', () => {
    const view = initialView();
    expect(changesQuery(view)).toEqual({ ok: true, query: { limit: 10, offset: 0, sortOrder: 'desc' } });
    const filtered = changesQuery({ ...view, offset: 20, sortOrder: 'asc', filters: { provider: 'sms', state: 'disabled', from: '2024-05-01', to: '2024-05-02' } });
    expect(filtered).toEqual({
      ok: true,
      query: { limit: 10, offset: 20, sortOrder: 'asc', filter: { provider: 'sms', isEnabled: false, timeFrom: dayBound('2024-05-01', 'start'), timeTo: dayBound('2024-05-02', 'end') } },
    });
    expect(dayBound('2024-05-02', 'end')! - dayBound('2024-05-02', 'start')!).toBe(86_399_000);
    expect(dayBound('yesterday', 'start')).toBeNull();
    expect(changesQuery({ ...view, filters: { ...view.filters, from: '2024-05-03', to: '2024-05-02' } })).toEqual({
      ok: false,
      message: 'The “From” date is after the “To” date. Change one of them.',
    });
  });
});

describe('against the sandbox', () => {
  it('lists the changes newest first, and each filter gives the right rows', async () => {
    const { history } = await withHistory(3);
    expect(summary(history.rows.value)).toEqual(['google:on', 'sms:on', 'sms:off', 'sms:on']);
    expect(history.total.value).toBe(4);

    await history.setFilter('provider', 'sms');
    expect(summary(history.rows.value)).toEqual(['sms:on', 'sms:off', 'sms:on']);
    await history.setFilter('state', 'disabled');
    expect(summary(history.rows.value)).toEqual(['sms:off']);
    await history.setFilter('provider', 'google');
    expect(history.rows.value).toEqual([]);
    await history.setFilter('provider', '');
    await history.setFilter('state', 'enabled');
    expect(summary(history.rows.value)).toEqual(['google:on', 'sms:on', 'sms:on']);

    await history.setSort('asc');
    expect(summary(history.rows.value)).toEqual(['sms:on', 'sms:on', 'google:on']);
  });

  it('filters by calendar days (the day of the changes, a day after them), and refuses a backwards range', async () => {
    const { history } = await withHistory(1);
    const day = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const today = day(sb.now());
    const tomorrow = day(sb.now() + 86_400_000);
    await history.setFilter('from', today);
    await history.setFilter('to', today);
    expect(history.total.value).toBe(2);
    await history.setFilter('to', '');
    await history.setFilter('from', tomorrow);
    expect(history.rows.value).toEqual([]);
    await history.setFilter('to', today);
    expect(history.error.value).toBe('The “From” date is after the “To” date. Change one of them.');
    expect(history.rows.value).toEqual([]);
  });

  it('pages through 12 changes 10 at a time, and 25 at a time in one page', async () => {
    const { history } = await withHistory(11);
    expect(history.total.value).toBe(12);
    expect(history.rows.value).toHaveLength(10);
    const firstPage = history.rows.value!.map((r) => r.id);
    await history.next();
    expect(history.view.value.offset).toBe(10);
    expect(history.rows.value).toHaveLength(2);
    expect(history.rows.value!.map((r) => r.id).some((id) => firstPage.includes(id))).toBe(false);
    await history.next(); // past the end: stays
    expect(history.view.value.offset).toBe(10);
    await history.previous();
    expect(history.rows.value!.map((r) => r.id)).toEqual(firstPage);
    await history.setPageSize(25);
    expect(history.rows.value).toHaveLength(12);
  });

  it('opens one change by id, and says so when a change cannot be read', async () => {
    const { history } = await withHistory(1);
    const [newest] = history.rows.value!;
    await history.open(newest!.id);
    expect(history.detail.value).toEqual({ id: newest!.id, record: newest, error: null });
    await history.open(999_999);
    expect(history.detail.value).toMatchObject({ id: 999_999, record: null, error: expect.stringMatching(/^Could not read this change\. The site no longer knows/) });
    history.close();
    expect(history.detail.value).toBeNull();
  });

  it('follows the session: reloads after a change made in Guided set-up; forgets the rows on sign-out', async () => {
    const { history, store } = await withHistory(0);
    expect(summary(history.rows.value)).toEqual(['google:on']);
    await store.twoFactor.enableSms();
    await store.twoFactor.submitPhone(PHONE);
    await store.twoFactor.submitCode(await sb.lastCode(PHONE));
    await expect.poll(() => summary(history.rows.value), { timeout: 10_000 }).toEqual(['sms:on', 'google:on']);
    await store.signOut();
    expect(history.signedIn.value).toBe(false);
    expect(history.rows.value).toBeNull();
  });
});
