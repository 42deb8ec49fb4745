import { describe, expect, it } from 'vitest';
import { totp } from '../../../fixtures/rfc6238';
import { harness, KEY, SITE } from '../harness';

/**
 * Settings › Security › Server clocks through the worker's router: `clock/check` (the worker's own
 * request), `clock/observe` (the settings page's API answers), `clock/list` and `clock/accept`, and
 * what they mean for the codes the worker makes (`accounts/code`: codes at the site's time).
 */
const DAY = 86_400_000;

type Ok<T> = { ok: true; value: T };
const value = <T>(reply: unknown) => {
  expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true }); // the refusal, if any, in the failure message
  return (reply as Ok<T>).value;
};
interface View {
  origin: string;
  offsetMs: number;
  uncertaintyMs: number | null;
  usedMs: number;
  beyondBound: boolean;
  accepted: boolean;
}

/** A registered site whose server clock is `serverOffsetMs` ahead (settable), answering HEAD with its Date. */
async function ready() {
  const server = { offsetMs: 0 };
  let clock = () => 0;
  const h = harness({
    fetch: async () => ({ headers: { get: (name: string) => (name.toLowerCase() === 'date' ? new Date(clock() + server.offsetMs).toUTCString() : null) } }),
  });
  clock = h.now;
  await h.page('sites/add', { site: SITE });
  return { h, server };
}

/** The code `accounts/code` gives for a freshly staged key, and the server time it must be for. */
async function codeFor(h: Awaited<ReturnType<typeof ready>>['h'], offsetMs: number) {
  const { account } = value<{ account: { id: string } }>(await h.page('accounts/stage', { origin: SITE, secret: KEY, wizardUuid: `w-${h.now()}` }));
  const { code } = value<{ code: string }>(await h.page('accounts/code', { id: account.id }));
  return { code, expected: totp(KEY, h.now() + offsetMs) };
}

describe('clock/check and clock/list', () => {
  it('measures with one request, and follows a clock that really moved at once (its own request: no page could forge it)', async () => {
    const { h, server } = await ready();
    expect(value<{ offsets: View[] }>(await h.page('clock/list')).offsets).toEqual([
      { origin: SITE, offsetMs: 0, uncertaintyMs: null, checkedAt: null, usedMs: 0, beyondBound: false, accepted: false },
    ]);
    server.offsetMs = 90_000;
    expect(value<View>(await h.page('clock/check', { origin: SITE }))).toMatchObject({ offsetMs: 90_500, uncertaintyMs: 500, usedMs: 90_500, beyondBound: false });
    expect(h.fetched).toHaveLength(1);
    h.set(h.now() + 60_000);
    value(await h.page('clock/check', { origin: SITE }));
    expect(h.fetched).toHaveLength(2);

    // The server's clock really moved (−90 s): one click follows it.
    server.offsetMs = -90_000;
    expect(value<View>(await h.page('clock/check', { origin: SITE }))).toMatchObject({ offsetMs: -89_500, usedMs: -89_500 });
    expect(h.fetched).toHaveLength(3);
  });

  it('a clock a day off: recorded and shown flagged, codes still at the in-bound offset; "Use this clock" then uses it', async () => {
    const { h, server } = await ready();
    server.offsetMs = 30_000;
    value(await h.page('clock/check', { origin: SITE }));
    const before = await codeFor(h, 30_500);
    expect(before.code).toBe(before.expected);

    server.offsetMs = DAY;
    const flagged = value<View>(await h.page('clock/check', { origin: SITE }));
    expect(flagged).toMatchObject({ offsetMs: DAY + 500, usedMs: 30_500, beyondBound: true, accepted: false });
    expect(value<{ offsets: View[] }>(await h.page('clock/list')).offsets[0]).toEqual(flagged);
    // No code for tomorrow without the person's say-so.
    h.set(h.now() + 30_000);
    const still = await codeFor(h, 30_500);
    expect(still.code).toBe(still.expected);

    // Accepting something other than what is measured now is refused.
    expect(await h.page('clock/accept', { origin: SITE, offsetMs: 2 * DAY })).toEqual({
      ok: false,
      error: { kind: 'invalid_input', message: `The clock of ${SITE} changed after it was shown. Check it again, then decide.` },
    });
    const accepted = value<View>(await h.page('clock/accept', { origin: SITE, offsetMs: flagged.offsetMs }));
    expect(accepted).toMatchObject({ offsetMs: DAY + 500, usedMs: DAY + 500, beyondBound: true, accepted: true });
    const after = await codeFor(h, DAY + 500);
    expect(after.code).toBe(after.expected);
    // The popup's snapshot follows (it makes codes with these offsets).
    expect(JSON.parse(((await h.session.get('accountsSnapshot')) as string | undefined) ?? '{}').offsets).toEqual({ [SITE]: DAY + 500 });
  });

  it('clock/accept refuses an unregistered or unmeasured site', async () => {
    const { h } = await ready();
    expect(await h.page('clock/accept', { origin: 'https://evil.example', offsetMs: DAY })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await h.page('clock/accept', { origin: SITE, offsetMs: DAY })).toEqual({
      ok: false,
      error: { kind: 'invalid_input', message: `The clock of ${SITE} has not been measured yet. Check it first.` },
    });
  });
});

describe('clock/observe (the settings page passes on its API answers)', () => {
  it('the settings page\'s own answers move the estimate at once, but a day ahead is still not used without the person', async () => {
    const { h } = await ready();
    const observe = (offsetMs: number) => h.page('clock/observe', { origin: SITE, date: new Date(h.now() + offsetMs).toUTCString(), receivedAt: h.now() });
    await observe(5_000);
    expect(value<{ offsets: View[] }>(await h.page('clock/list')).offsets[0]).toMatchObject({ offsetMs: 6_000, usedMs: 6_000, beyondBound: false });
    const code = await codeFor(h, 6_000);
    expect(code.code).toBe(code.expected);
    await observe(DAY);
    expect(value<{ offsets: View[] }>(await h.page('clock/list')).offsets[0]).toMatchObject({ offsetMs: DAY + 1_000, usedMs: 6_000, beyondBound: true, accepted: false });
  });

  it('a page\'s answer seen by the browser a day ahead changes nothing; only consistent answers move it', async () => {
    const { h } = await ready();
    const seen = (offsetMs: number) => h.browserSaw({ method: 'GET', path: '2fa', sub: '1', date: new Date(h.now() + offsetMs).toUTCString() });
    await seen(5_000);
    await seen(DAY);
    expect(value<{ offsets: View[] }>(await h.page('clock/list')).offsets[0]).toMatchObject({ usedMs: 5_500, beyondBound: false });
    await seen(DAY);
    await seen(DAY);
    expect(value<{ offsets: View[] }>(await h.page('clock/list')).offsets[0]).toMatchObject({ offsetMs: DAY + 500, usedMs: 5_500, beyondBound: true, accepted: false });
  });
});
