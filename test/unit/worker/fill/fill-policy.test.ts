import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_PER_KIND } from '../../../../src/worker/capture/capture-service';
import { MAX_AUTO_FILLS } from '../../../../src/worker/fill/auto-fill-budget';
import { totp } from '../../../fixtures/rfc6238';
import { harness, KEY, SITE } from '../harness';

/**
 * The fill policy and the browser's view of the network, through the whole worker (in-memory
 * adapters, settable clock): what a page's report counts for, and when a code is released.
 */
const EMAIL = 'client@example.com';
const enable = (uuid = 'w-1', key = KEY) => ({ method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, done: false, uuid, workflow: '2fa_google', key } });
const signIn = (uuid = 's-1', email = EMAIL) => ({ method: 'POST', path: 'signin', request: { uuid, email }, response: { code: 200, uuid, workflow: '2fa_google_auth' } });
const challenge = (sub = '1') => ({ method: 'GET', path: '2fa/challenge', sub, response: { provider: 'google' } });
const value = <T>(reply: unknown) => (reply as { ok: true; value: T }).value;

/** A registered site with one active account of client '1', its email known (a code was accepted for it). */
async function withAccount(h: ReturnType<typeof harness>) {
  await h.page('sites/add', { site: SITE });
  await h.exchange(enable());
  const { code } = value<{ code: string }>(await h.content('autofill/code', { reason: 'enable_wizard' }));
  await h.exchange({ method: 'POST', path: '2fa/wizard', request: { uuid: 'w-1', code, key: KEY }, response: { code: 202, done: true } });
  h.set(h.now() + 30_000);
  await h.exchange(signIn('s-0'));
  await h.exchange({ method: 'POST', path: '2fa/google', request: { uuid: 's-0', code: totp(KEY, h.now()) }, response: { code: 202 } });
  expect(await h.snapshot()).toMatchObject([{ status: 'active', label: EMAIL }]);
  h.set(h.now() + 30_000);
}

describe('a page\'s report counts only with the browser\'s record of its request', () => {
  it('a report of a request the browser never saw is dropped: no key, no grant', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    expect(await h.report(enable())).toEqual({ ok: true, value: { accepted: false, fill: null } });
    expect(await h.snapshot()).toEqual([]);
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });
    expect(h.logs).toContain('capture: dropped a report of GET 2fa/google/enable/wizard the browser did not see');
  });

  it('the request of another frame, or a refused one, is not this report\'s', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.browserSaw({ method: 'GET', path: '2fa/google/enable/wizard', sub: '1', frameId: 4 });
    expect(await h.report(enable())).toMatchObject({ ok: true, value: { accepted: false } });
    await h.browserSaw({ method: 'GET', path: '2fa/google/enable/wizard', sub: '1', status: 409 });
    expect(await h.report(enable())).toMatchObject({ ok: true, value: { accepted: false } });
    expect(await h.snapshot()).toEqual([]);
  });

  it('the page\'s word on status, request, token or date is ignored: the browser\'s is used', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.browserSaw({ method: 'GET', path: '2fa/google/enable/wizard', sub: '1', date: new Date(h.now()).toUTCString() });
    await h.report({ ...enable(), status: 200, sub: '2', date: new Date(h.now() + 86_400_000).toUTCString(), request: { email: 'x@example.com' } });
    const [account] = await h.snapshot();
    expect(account).toMatchObject({ status: 'pending', secret: KEY });
    expect(Math.abs((await h.serverNow()) - h.now())).toBeLessThan(1500);
  });
});

describe('when a code is released', () => {
  it('sign-in: at once only when the person used the tab within the last minute; else on their gesture', async () => {
    const h = harness();
    await withAccount(h);
    await h.exchange(signIn());
    expect(await h.content('autofill/code', { reason: 'signin' })).toEqual({ ok: true, value: { code: null, why: 'needs_gesture' } });
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 61_000 })).toEqual({ ok: true, value: { code: null, why: 'needs_gesture' } });
    // The grant waited for the gesture.
    expect(await h.content('autofill/code', { reason: 'signin', gesture: true })).toMatchObject({ ok: true, value: { code: totp(KEY, await h.serverNow()) } });
    h.set(h.now() + 30_000);
    await h.exchange(signIn('s-2'));
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 2000 })).toMatchObject({ ok: true, value: { code: totp(KEY, await h.serverNow()) } });
  });

  it(`at most ${MAX_AUTO_FILLS} automatic sign-in fills per origin in ten minutes; then only on a gesture`, async () => {
    const h = harness();
    await withAccount(h);
    for (let i = 0; i < MAX_AUTO_FILLS; i++) {
      await h.exchange(signIn(`s-${i + 10}`));
      expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 100 })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/) } });
      h.set(h.now() + 30_000);
    }
    await h.exchange(signIn('s-99'));
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 100 })).toEqual({ ok: true, value: { code: null, why: 'needs_gesture' } });
    expect(await h.content('autofill/code', { reason: 'signin', gesture: true })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/) } });
    h.set(h.now() + 10 * 60_000);
    await h.exchange(signIn('s-100'));
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 100 })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/) } });
  });

  it('a challenge never on the page\'s word, even with recent input: on the gesture, with the token\'s client\'s account', async () => {
    const h = harness();
    await withAccount(h);
    expect(await h.exchange({ ...challenge(), query: '?businessProcess=changePassword' })).toMatchObject({ ok: true, value: { fill: 'challenge' } });
    expect(await h.content('autofill/code', { reason: 'challenge', inputAgoMs: 10 })).toEqual({ ok: true, value: { code: null, why: 'needs_gesture' } });
    expect(await h.content('autofill/code', { reason: 'challenge', gesture: true })).toMatchObject({ ok: true, value: { code: totp(KEY, await h.serverNow()) } });
  });

  it('another client\'s request (its own token) gets no code of this account, not even on a gesture', async () => {
    const h = harness();
    await withAccount(h);
    await h.exchange(challenge('2'));
    expect(await h.content('autofill/code', { reason: 'challenge', gesture: true })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
    await h.exchange(signIn('s-5', 'attacker@example.com'));
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 10 })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
    expect(await h.content('autofill/code', { reason: 'signin', gesture: true })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
  });

  it('an account not yet tied to an email: no automatic sign-in fill; the person\'s click fills it, and the accepted code ties it', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.exchange(enable());
    const { code } = value<{ code: string }>(await h.content('autofill/code', { reason: 'enable_wizard' }));
    await h.exchange({ method: 'POST', path: '2fa/wizard', request: { uuid: 'w-1', code }, response: { code: 202, done: true } });
    h.set(h.now() + 30_000);
    await h.exchange(signIn());
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 10 })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
    const clicked = value<{ code: string }>(await h.content('autofill/code', { reason: 'signin', gesture: true }));
    await h.exchange({ method: 'POST', path: '2fa/google', request: { uuid: 's-1', code: clicked.code }, response: { code: 202 } });
    h.set(h.now() + 30_000);
    await h.exchange(signIn('s-2'));
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 10 })).toMatchObject({ ok: true, value: { code: totp(KEY, await h.serverNow()) } });
  });

  it('two keys not yet tied to an email: the click fills the one labelled with the sign-in\'s email, never a guess', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    for (const [n, email, key] of [[1, 'ann@example.com', KEY], [2, 'bob@example.com', 'JBSWY3DPEHPK3PXP']] as const) {
      await h.exchange({ ...signIn(`s-a${n}`, email), response: { code: 202, uuid: `s-a${n}`, workflow: 'login' } });
      await h.exchange({ ...enable(`w-${n}`, key), sub: String(n) });
      const { code } = value<{ code: string }>(await h.content('autofill/code', { reason: 'enable_wizard' }));
      await h.exchange({ method: 'POST', path: '2fa/wizard', sub: String(n), request: { uuid: `w-${n}`, code }, response: { code: 202, done: true } });
      h.set(h.now() + 30_000);
    }
    expect((await h.snapshot()).map((a) => a.label).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    await h.exchange(signIn('s-b', 'bob@example.com'));
    expect(await h.content('autofill/code', { reason: 'signin', gesture: true })).toMatchObject({ ok: true, value: { code: totp('JBSWY3DPEHPK3PXP', await h.serverNow()) } });
    await h.exchange(signIn('s-c', 'carol@example.com'));
    expect(await h.content('autofill/code', { reason: 'signin', gesture: true })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
  });

  it('the popup sees what is asking: origin, business process and the bound account', async () => {
    const h = harness();
    await withAccount(h);
    await h.browserSaw({ method: 'GET', path: '2fa/challenge', query: '?businessProcess=changePassword', sub: '1' });
    await h.report(challenge());
    const asking = value<{ asking: { accountId: string } }>(await h.page('fill/asking', { tabId: 7 })).asking;
    expect(asking).toEqual({ origin: SITE, reason: 'challenge', process: 'changePassword', accountId: expect.any(String), label: EMAIL });
    // The popup's Fill for that tab uses the bound account.
    expect(await h.page('fill/tab', { tabId: 7 })).toEqual({ ok: true, value: { filled: true } });
    expect(await h.content('autofill/code', { reason: 'manual' })).toMatchObject({ ok: true, value: { code: totp(KEY, await h.serverNow()) } });
  });
});

describe('the locked queue', () => {
  it('is bounded per kind: a flood never pushes out a wizard\'s key, overflow is refused and shown', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.page('security/passphrase', { next: 'correct horse battery' });
    await h.page('vault/lock');
    for (let i = 0; i < MAX_QUEUED_PER_KIND + 5; i++) {
      const reply = await h.exchange(signIn(`s-${i}`, `c${i}@example.com`));
      expect(value<{ accepted: boolean }>(reply).accepted, `sign-in ${i}`).toBe(i < MAX_QUEUED_PER_KIND);
    }
    expect(await h.session.get('queueOverflow')).toMatchObject({ count: 5 });
    // Refused requests (a wrong password) take no place in the queue and are not counted.
    expect(await h.exchange({ ...signIn('s-x', 'x@example.com'), status: 401, response: {} })).toEqual({ ok: true, value: { accepted: false, fill: null } });
    expect(await h.session.get('queueOverflow')).toMatchObject({ count: 5 });
    expect(await h.exchange(enable())).toMatchObject({ ok: true, value: { accepted: true } });
    expect(h.badges.at(-1)).toBe('!');
    expect(await h.page('vault/unlock', { passphrase: 'correct horse battery' })).toMatchObject({ ok: true });
    expect(await h.snapshot()).toMatchObject([{ status: 'pending', secret: KEY }]);
    expect(await h.session.get('queueOverflow')).toBeUndefined();
  });
});
