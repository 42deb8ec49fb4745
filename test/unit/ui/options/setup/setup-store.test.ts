// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SESSION } from '../../../../../src/storage/keys';
import { DEMO, useSandbox } from '../../../../fixtures/sandbox';
import { route, serverStatus, statusOf, wire } from './support';

/**
 * Guided set-up's stores against the REAL sandbox and the REAL worker: sign-in (none, SMS, Google
 * from the vault), the API session (refresh, 401, sign-out), the enable/disable wizards, and every
 * way an enable can fail — with the vault left as the server left it (nothing half-saved).
 */
const sb = useSandbox();

const ANN = { email: 'ann@example.com', password: 'Ann-Passw0rd' };
const PHONE = '+15550001111';

async function signedIn(options: Parameters<typeof wire>[1] = {}, who = DEMO) {
  const w = await wire(sb, options);
  expect(await w.store.signIn.signIn(sb.url, who.email, who.password)).toBe(true);
  expect(w.store.signIn.step.value).toEqual({ kind: 'credentials' });
  return w;
}

describe('sign-in', () => {
  it('signs a client without 2FA in; the session holds tokens, origin and email, never the password', async () => {
    const { store, session, keeper } = await signedIn();
    expect(keeper.current.value).toMatchObject({ origin: sb.url, email: DEMO.email });
    const stored = await session.get(SESSION.apiSession);
    expect(stored).toMatchObject({ v: 1, origin: sb.url, email: DEMO.email, accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(JSON.stringify(stored)).not.toContain(DEMO.password);
    expect(store.feedback.notice.value).toBe(`Signed in as ${DEMO.email} on ${new URL(sb.url).host}.`);
    expect(await statusOf(store)).toEqual({ google: false, sms: false });
  });

  it('says the email or password is wrong, then reports the attempt limit with its wait', async () => {
    const { store, keeper } = await wire(sb);
    for (let i = 0; i < 5; i++) {
      expect(await store.signIn.signIn(sb.url, DEMO.email, 'wrong-password')).toBe(false);
      expect(store.feedback.error.value).toBe('The email or the password is wrong. Check them and try again.');
    }
    expect(await store.signIn.signIn(sb.url, DEMO.email, DEMO.password)).toBe(false);
    expect(store.feedback.error.value).toBe('Too many attempts, so the site is refusing for now. Try again in 10 min.');
    expect(keeper.current.value).toBeNull();
    expect(store.feedback.error.value).not.toContain(DEMO.password);
  });

  it('asks for the texted code when the client has SMS; a wrong code may be typed again', async () => {
    await sb.createClient({ ...ANN, phone: PHONE, smsEnabled: true });
    const { store, keeper } = await wire(sb);
    expect(await store.signIn.signIn(sb.url, ANN.email, ANN.password)).toBe(true);
    expect(store.signIn.step.value).toMatchObject({ kind: 'code', method: 'sms', email: ANN.email });
    expect(keeper.current.value).toBeNull();
    expect(await store.signIn.submitCode('000000')).toBe(false);
    expect(store.feedback.error.value).toMatch(/^The site refused the code\./);
    expect(store.signIn.step.value).toMatchObject({ kind: 'code', method: 'sms' });
    expect(await store.signIn.submitCode(await sb.lastCode(PHONE))).toBe(true);
    expect(keeper.current.value).toMatchObject({ email: ANN.email });
    expect(await statusOf(store)).toEqual({ google: false, sms: true });
  });

  it('asks for a typed Google code when the vault holds no key for the client, and accepts it', async () => {
    const key = 'JBSWY3DPEHPK3PXP';
    await sb.createClient({ ...ANN, googleKey: key });
    const { store, keeper } = await wire(sb);
    await store.signIn.signIn(sb.url, ANN.email, ANN.password);
    expect(store.signIn.step.value).toMatchObject({ kind: 'code', method: 'google' });
    expect(store.feedback.notice.value).toContain('Type the code from your authenticator app');
    expect(await store.signIn.submitCode(await sb.googleCode(key))).toBe(true);
    expect(keeper.current.value).toMatchObject({ email: ANN.email });
  });

  it('refuses to start without an email or password', async () => {
    const { store } = await wire(sb);
    expect(await store.signIn.signIn(sb.url, ' ', 'x')).toBe(false);
    expect(store.feedback.error.value).toBe('Enter the email and the password of your account on the site.');
  });
});

describe('guided enable of Google Authenticator', () => {
  it('stages the key, confirms it with a code at the server time, activates it; sign-in then completes from the vault', async () => {
    await sb.createClient(ANN);
    const { store, h, keeper } = await signedIn({}, ANN);
    const revision = keeper.revision.value;
    expect(await store.twoFactor.enableGoogle()).toBe(true);
    expect(store.feedback.notice.value).toBe(`Google Authenticator is on for ${ANN.email}. The key is in the vault, and codes are filled when the site asks for one.`);
    expect(await statusOf(store)).toEqual({ google: true, sms: false });
    expect(keeper.revision.value).toBe(revision + 1);
    const [account] = await h.snapshot();
    expect(account).toMatchObject({ origin: sb.url, label: ANN.email, issuer: new URL(sb.url).host, status: 'active' });
    // The server agrees, independently: the vault's key signs the client in.
    await sb.advance(30);
    expect(await sb.signIn(ANN.email, ANN.password, account!.secret)).toEqual(expect.any(String));

    // Signing out and in: the Google step is answered by the vault (the code of a fresh period:
    // the server accepts each period's code once, and the check above used the current one).
    await sb.advance(30);
    await store.signOut();
    expect(keeper.current.value).toBeNull();
    expect(await store.signIn.signIn(sb.url, ANN.email, ANN.password)).toBe(true);
    expect(store.signIn.step.value).toEqual({ kind: 'credentials' });
    expect(keeper.current.value).toMatchObject({ email: ANN.email });
  });

  it('a wrong code (the site\'s clock is 2 minutes ahead and no Date reached the worker) enables nothing and keeps nothing; with Date headers the retry works', async () => {
    await sb.createClient(ANN);
    let stripDates = false;
    const w = await signedIn(
      {
        fetch: (real) => async (input, init) => {
          const res = await real(input, init);
          if (!stripDates) return res;
          const headers = new Headers(res.headers);
          headers.delete('Date');
          return new Response(await res.text(), { status: res.status, headers });
        },
      },
      ANN,
    );
    stripDates = true;
    await sb.advance(120); // the server's clock only
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toBe(
      "Google Authenticator was not turned on, and its key was not kept. The site refused the code. A code from the extension follows the site's clock, which has just been measured again, so try once more; a typed code may have a typo.",
    );
    expect(await w.vaultAccounts()).toEqual([]);
    expect(await statusOf(w.store)).toEqual({ google: false, sms: false });

    stripDates = false;
    expect(await w.store.twoFactor.enableGoogle()).toBe(true);
    expect((await w.h.snapshot()).map((a) => a.status)).toEqual(['active']);
  });

  it('the attempt limit (429 with Retry-After) leaves nothing half-saved and says how long to wait', async () => {
    await sb.createClient(ANN);
    const w = await signedIn({}, ANN);
    const token = w.keeper.current.value!.accessToken;
    const wizard = await sb.call('GET', '2fa/google/enable/wizard', { token });
    for (let i = 0; i < 5; i++) await sb.call('POST', '2fa/wizard', { token, body: { uuid: wizard.json.uuid, action: 'code', code: '000000', key: wizard.json.data.key } });
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toMatch(/^Google Authenticator was not turned on, and its key was not kept\. Too many attempts, so the site is refusing for now\. Try again in 10 min\.$/);
    expect(await w.vaultAccounts()).toEqual([]);
  });

  it('a 500 before the server acted: the status says off, so the key is discarded', async () => {
    await sb.createClient(ANN);
    const w = await signedIn({ fetch: (real) => async (input, init) => (route(input, init) === 'POST 2fa/wizard' ? new Response('oops', { status: 500 }) : real(input, init)) }, ANN);
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toBe(`Google Authenticator was not turned on, and its key was not kept. ${new URL(sb.url).host} failed (error 500). Try again in a moment.`);
    expect(await w.vaultAccounts()).toEqual([]);
  });

  it('the answer lost after the server acted (network error): the status says on, so the key is activated', async () => {
    await sb.createClient(ANN);
    const w = await signedIn(
      {
        fetch: (real) => async (input, init) => {
          const res = await real(input, init);
          if (route(input, init) === 'POST 2fa/wizard') throw new TypeError('Failed to fetch');
          return res;
        },
      },
      ANN,
    );
    expect(await w.store.twoFactor.enableGoogle()).toBe(true);
    expect(w.store.feedback.notice.value).toContain("the site's answer was lost, so its status was checked");
    expect((await w.h.snapshot()).map((a) => a.status)).toEqual(['active']);
    expect(await statusOf(w.store)).toEqual({ google: true, sms: false });
  });

  it('no answer and no way to check (timeout, then the site unreachable): the key stays pending and the person is told', async () => {
    await sb.createClient(ANN);
    let down = false;
    const w = await signedIn(
      {
        timeoutMs: 300,
        fetch: (real) => async (input, init) => {
          if (down) throw new TypeError('Failed to fetch');
          const res = await real(input, init);
          if (route(input, init) !== 'POST 2fa/wizard') return res;
          down = true;
          // The server enabled it; its answer never comes (the client gives up after its timeout).
          return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
        },
      },
      ANN,
    );
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    const host = new URL(sb.url).host;
    expect(w.store.feedback.error.value).toBe(
      `The code was sent, but no clear answer came back, so it is not known whether Google Authenticator is on. ${host} did not answer in time. Check the connection, then try again. The key is kept as pending in the vault, so nothing is lost: check the status after signing in again, or enable once more.`,
    );
    expect((await w.h.snapshot()).map((a) => a.status)).toEqual(['pending']);
  });

  it('a malformed wizard answer stages nothing', async () => {
    await sb.createClient(ANN);
    const w = await signedIn(
      { fetch: (real) => async (input, init) => (route(input, init) === 'GET 2fa/google/enable/wizard' ? new Response('{"code":200,"data":{"key":"short"}}', { status: 200 }) : real(input, init)) },
      ANN,
    );
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toBe(
      `Google Authenticator was not turned on: ${new URL(sb.url).host} answered something the B2Core API does not describe, so it was not used. Try again; if it repeats, tell your broker.`,
    );
    expect(await w.vaultAccounts()).toEqual([]);
  });

  it('a network failure before anything was sent says so and changes nothing', async () => {
    const w = await signedIn({ fetch: (real) => async (input, init) => (route(input, init) === 'GET 2fa/google/enable/wizard' ? Promise.reject(new TypeError('offline')) : real(input, init)) });
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toBe(
      `Google Authenticator was not turned on: Could not reach ${new URL(sb.url).host}. Check the connection and that the site is up, then try again.`,
    );
    expect(await w.vaultAccounts()).toEqual([]);
  });

  it('already on elsewhere (409 already_enabled): says so, stages nothing, and shows the fresh status', async () => {
    await sb.createClient(ANN);
    const w = await signedIn({}, ANN);
    expect(await statusOf(w.store)).toEqual({ google: false, sms: false });
    await sb.enableGoogle(w.keeper.current.value!.accessToken); // from another device
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toBe('Google Authenticator was not turned on: This method is already on. The status has been read again.');
    expect(await statusOf(w.store)).toEqual({ google: true, sms: false });
    expect(await w.vaultAccounts()).toEqual([]);
  });

  it('a locked vault: nothing is sent with a code, and the message says to unlock', async () => {
    await sb.createClient(ANN);
    const w = await signedIn({}, ANN);
    const key = await w.h.vault.unlock();
    if (!key.ok) throw new Error('vault');
    await w.h.vault.setPassphrase(key.value, 'a long passphrase');
    await w.h.page('vault/lock');
    expect(await w.store.twoFactor.enableGoogle()).toBe(false);
    expect(w.store.feedback.error.value).toContain('The vault is locked. Unlock it with your passphrase');
    expect(await serverStatus(sb, w.keeper.current.value!.accessToken)).toEqual({ google: false, sms: false });
  });
});

describe('SMS and disabling', () => {
  it('enables SMS with the phone and the texted code, then disables it with a new code', async () => {
    await sb.createClient(ANN);
    const { store, keeper } = await signedIn({}, ANN);
    expect(await store.twoFactor.enableSms()).toBe(true);
    expect(store.twoFactor.flow.value).toMatchObject({ kind: 'sms_phone' });
    expect(await store.twoFactor.submitPhone('555')).toBe(false);
    expect(store.feedback.error.value).toBe('Enter a phone number in international form, for example +15550001234.');
    expect(await store.twoFactor.submitPhone('+1 555 000-1111')).toBe(true);
    expect(store.twoFactor.flow.value).toMatchObject({ kind: 'sms_code', purpose: 'enable' });
    expect(await store.twoFactor.submitCode(await sb.lastCode(PHONE))).toBe(true);
    expect(store.feedback.notice.value).toBe('SMS confirmation is on.');
    expect(await statusOf(store)).toEqual({ google: false, sms: true });

    expect(await store.twoFactor.disable('sms')).toBe(true);
    expect(store.twoFactor.flow.value).toMatchObject({ kind: 'sms_code', purpose: 'disable' });
    expect(await store.twoFactor.submitCode(await sb.lastCode(PHONE))).toBe(true);
    expect(store.feedback.notice.value).toBe('SMS confirmation is off.');
    expect(await serverStatus(sb, keeper.current.value!.accessToken)).toEqual({ google: false, sms: false });
  });

  it('disables Google with a code from the vault and archives the key (kept, not deleted)', async () => {
    await sb.createClient(ANN);
    const w = await signedIn({}, ANN);
    await w.store.twoFactor.enableGoogle();
    const [account] = await w.h.snapshot();
    expect(await w.store.twoFactor.disable('google')).toBe(true);
    expect(w.store.feedback.notice.value).toBe('Google Authenticator is off. Its key is archived in the vault (kept, but no longer offering codes).');
    expect(await serverStatus(sb, w.keeper.current.value!.accessToken)).toEqual({ google: false, sms: false });
    expect(await w.h.snapshot()).toEqual([]);
    expect((await w.vaultAccounts()).map((a) => [a.id, a.status])).toEqual([[account!.id, 'archived']]);
  });

  it('disables Google with a typed code when the vault has no key', async () => {
    const key = 'JBSWY3DPEHPK3PXP';
    await sb.createClient({ ...ANN, googleKey: key });
    const w = await wire(sb);
    await w.store.signIn.signIn(sb.url, ANN.email, ANN.password);
    await w.store.signIn.submitCode(await sb.googleCode(key));
    expect(await w.store.twoFactor.disable('google')).toBe(true);
    expect(w.store.twoFactor.flow.value).toMatchObject({ kind: 'google_code' });
    expect(await w.store.twoFactor.submitCode(await sb.googleCode(key))).toBe(true);
    expect(w.store.feedback.notice.value).toBe('Google Authenticator is off.');
    expect(await serverStatus(sb, w.keeper.current.value!.accessToken)).toEqual({ google: false, sms: false });
  });
});

describe('the API session', () => {
  it('refreshes an expired access token before use (POST refresh), keeping the new pair', async () => {
    const { keeper, session, both } = await signedIn();
    const before = keeper.current.value!;
    await both(2 * 3600); // two hours pass, for the page as for the server
    const status = await keeper.authorized((api, token) => api.twoFactorStatus(token));
    expect(status.ok).toBe(true);
    const after = (await session.get(SESSION.apiSession)) as typeof before;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The old refresh token is retired by the server.
    expect((await sb.call('POST', 'refresh', { body: { refreshToken: before.refreshToken } })).status).toBe(401);
  });

  it('answers a 401 by refreshing once and retrying', async () => {
    const { keeper } = await signedIn();
    const before = keeper.current.value!.accessToken;
    // Only the server's clock moves: the page still believes its token is fresh, the server says 401.
    await sb.advance(2 * 3600);
    const status = await keeper.authorized((api, token) => api.twoFactorStatus(token));
    expect(status).toMatchObject({ ok: true, value: { total: 2 } });
    expect(keeper.current.value!.accessToken).not.toBe(before);
  });

  it('signs out: POST signout, the stored session is gone, the old token no longer works', async () => {
    const { store, session, keeper } = await signedIn();
    const token = keeper.current.value!.accessToken;
    await store.signOut();
    expect(await session.get(SESSION.apiSession)).toBeUndefined();
    expect(store.feedback.notice.value).toBe(`Signed out of ${new URL(sb.url).host}.`);
    expect((await sb.call('GET', '2fa', { token })).status).toBe(401);
    expect(await keeper.authorized((api, t) => api.twoFactorStatus(t))).toMatchObject({ ok: false, error: { kind: 'signed_out' } });
  });

  it('a refused refresh token ends the session with a clear message', async () => {
    const { keeper, session } = await signedIn();
    // The pair is revoked elsewhere (the client signed out in another place).
    await sb.call('POST', 'signout', { token: keeper.current.value!.accessToken });
    const status = await keeper.authorized((api, token) => api.twoFactorStatus(token));
    expect(status).toMatchObject({ ok: false, error: { kind: 'signed_out', message: `Your session with ${new URL(sb.url).host} has ended. Sign in again.` } });
    expect(await session.get(SESSION.apiSession)).toBeUndefined();
    expect(keeper.current.value).toBeNull();
  });
});
