import { totp } from '../../../fixtures/rfc6238';
import { describe, expect, it } from 'vitest';
import { harness, KEY, SITE } from '../harness';
import { TEST_KDF_ITERATIONS } from '../../../fixtures/kdf';

const PASS = 'correct horse battery';
const NEXT = 'another long passphrase';
const enable = { method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, done: false, uuid: 'w-1', workflow: '2fa_google', key: KEY } };
const signin2fa = { method: 'POST', path: 'signin', request: { email: 'client@example.com' }, response: { code: 200, done: false, uuid: 's-1', workflow: '2fa_google_auth' } };

const value = <T>(reply: unknown) => (reply as { ok: true; value: T }).value;

/** A registered site with one active account: the enable wizard's key, confirmed with the filled code. */
async function withAccount(h: ReturnType<typeof harness>) {
  await h.page('sites/add', { site: SITE });
  await h.exchange(enable);
  const { code } = value<{ code: string }>(await h.content('autofill/code', { reason: 'enable_wizard' }));
  await h.exchange({ method: 'POST', path: '2fa/wizard', request: { uuid: 'w-1', action: 'code', code, key: KEY }, response: { code: 202, done: true, uuid: 'w-1' } });
  expect(await h.snapshot()).toMatchObject([{ secret: KEY, status: 'active' }]);
  h.set(h.now() + 30_000);
  // Its first sign-in, with a code the server accepted, tells whose it is (the email fills from then on).
  await h.exchange({ method: 'POST', path: 'signin', request: { uuid: 's-0', email: 'client@example.com' }, response: { code: 200, workflow: '2fa_google_auth' } });
  await h.exchange({ method: 'POST', path: '2fa/google', request: { uuid: 's-0', code: totp(KEY, h.now()) }, response: { code: 202 } });
  expect(await h.snapshot()).toMatchObject([{ secret: KEY, status: 'active', label: 'client@example.com' }]);
  h.set(h.now() + 30_000);
}

describe('security/state', () => {
  it('a new vault: no passphrase, default settings, no policy', async () => {
    const h = harness();
    expect(await h.page('security/state')).toEqual({
      ok: true,
      value: {
        vault: 'new',
        unlocked: true,
        kdf: null,
        settings: { autoLockMinutes: 15, autofill: 'auto', autoSubmit: false },
        policy: { sites: [], requirePassphrase: false, maxAutoLockMinutes: null },
      },
    });
  });

  it('shows the PBKDF2 parameters once protected, and the policy in force', async () => {
    const h = harness({ managed: { requirePassphrase: true, maxAutoLockMinutes: 10, sites: [SITE], unknownKey: 1 } });
    await h.page('security/passphrase', { next: PASS });
    expect(value(await h.page('security/state'))).toEqual({
      vault: 'protected',
      unlocked: true,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: TEST_KDF_ITERATIONS, saltBytes: 16 },
      settings: { autoLockMinutes: 10, autofill: 'auto', autoSubmit: false },
      policy: { sites: [SITE], requirePassphrase: true, maxAutoLockMinutes: 10 },
    });
  });
});

describe('security/passphrase', () => {
  it('sets, changes and removes the passphrase; the vault stays unlocked and its accounts readable throughout', async () => {
    const h = harness();
    await withAccount(h);
    const key = await h.session.get('vaultKey');

    expect(await h.page('security/passphrase', { next: PASS })).toEqual({ ok: true, value: { protected: true } });
    expect(await h.page('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: true } });
    // Re-keyed: a new vault key (the old one opens nothing written from now on).
    expect(await h.session.get('vaultKey')).not.toEqual(key);
    expect(await h.snapshot()).toMatchObject([{ secret: KEY }]);

    expect(await h.page('security/passphrase', { current: PASS, next: NEXT })).toEqual({ ok: true, value: { protected: true } });
    await h.page('vault/lock');
    expect(await h.page('vault/unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.page('vault/unlock', { passphrase: NEXT })).toEqual({ ok: true, value: { unlocked: true } });
    expect(await h.snapshot()).toMatchObject([{ secret: KEY }]);

    expect(await h.page('security/passphrase', { current: NEXT, next: null })).toEqual({ ok: true, value: { protected: false } });
    expect(await h.page('vault/state')).toEqual({ ok: true, value: { state: 'plain', unlocked: true } });
    await h.page('vault/lock');
    // Without a passphrase it opens by itself.
    expect(await h.page('vault/unlock')).toEqual({ ok: true, value: { unlocked: true } });
  });

  it('a wrong current passphrase changes nothing, for a change and for a removal', async () => {
    const h = harness();
    await withAccount(h);
    await h.page('security/passphrase', { next: PASS });
    const header = await h.store.get('header');

    expect(await h.page('security/passphrase', { current: 'not the passphrase', next: NEXT })).toEqual({
      ok: false,
      error: { kind: 'invalid_input', message: 'That is not the current passphrase. Nothing was changed.' },
    });
    expect(await h.page('security/passphrase', { current: 'not the passphrase', next: null })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.page('security/passphrase', { next: NEXT })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Enter your current passphrase.' } });
    expect(await h.store.get('header')).toEqual(header);
    await h.page('vault/lock');
    expect(await h.page('vault/unlock', { passphrase: PASS })).toEqual({ ok: true, value: { unlocked: true } });
    expect(await h.snapshot()).toMatchObject([{ secret: KEY }]);
  });

  it('refuses a short passphrase before any work, and removal when there is none', async () => {
    const h = harness();
    expect(await h.page('security/passphrase', { next: 'short' })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'A passphrase needs at least 8 characters.' } });
    expect(await h.page('security/passphrase', { current: 'whatever', next: null })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.store.get('header')).toBeUndefined();
  });

  it('never puts a passphrase in an error message', async () => {
    const h = harness();
    await h.page('security/passphrase', { next: PASS });
    const replies = [
      await h.page('security/passphrase', { current: 'secret-guess-1234', next: 'x' }),
      await h.page('security/passphrase', { current: 'secret-guess-1234', next: 'new-secret-5678' }),
      await h.page('security/passphrase', { current: 'secret-guess-1234', next: null }),
    ];
    for (const reply of replies) {
      expect(reply.ok).toBe(false);
      expect(JSON.stringify(reply)).not.toMatch(/secret-guess|new-secret|correct horse/);
    }
  });

  it('removal is refused when the policy requires a passphrase; changing it is still allowed', async () => {
    const h = harness({ managed: { requirePassphrase: true } });
    await h.page('security/passphrase', { next: PASS });
    expect(await h.page('security/passphrase', { current: PASS, next: null })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Your organisation requires a passphrase, so it cannot be removed.' },
    });
    expect(await h.page('vault/state')).toMatchObject({ value: { state: 'protected' } });
    expect(await h.page('security/passphrase', { current: PASS, next: NEXT })).toEqual({ ok: true, value: { protected: true } });
  });
});

describe('security/settings', () => {
  it('stores the change in storage.local and answers the state in force', async () => {
    const h = harness();
    const reply = await h.page('security/settings', { autofill: 'manual', autoSubmit: true });
    expect(value<{ settings: unknown }>(reply).settings).toEqual({ autoLockMinutes: 15, autofill: 'manual', autoSubmit: true });
    expect(await h.local.get('settings')).toEqual({ autoLockMinutes: 15, autofill: 'manual', autoSubmit: true });
    expect(value<{ settings: unknown }>(await h.page('security/settings', { autoLockMinutes: null })).settings).toEqual({ autoLockMinutes: null, autofill: 'manual', autoSubmit: true });
  });

  it('refuses what the policy forbids, and clamps what was stored before the policy came', async () => {
    const managed: Record<string, unknown> = {};
    const h = harness({ managed });
    await h.page('security/settings', { autoLockMinutes: 60 });
    managed.maxAutoLockMinutes = 30;
    expect(value<{ settings: { autoLockMinutes: number } }>(await h.page('security/state')).settings.autoLockMinutes).toBe(30);
    expect(await h.page('security/settings', { autoLockMinutes: null })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Your organisation requires the vault to lock after at most 30 min without use.' },
    });
    expect(await h.page('security/settings', { autoLockMinutes: 45 })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await h.page('security/settings', { autoLockMinutes: 5 })).toMatchObject({ ok: true, value: { settings: { autoLockMinutes: 5 } } });
  });

  it('refuses changes while a protected vault is locked', async () => {
    const h = harness();
    await h.page('security/passphrase', { next: PASS });
    await h.page('vault/lock');
    expect(await h.page('security/settings', { autoLockMinutes: null })).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await h.local.get('settings')).toBeUndefined();
  });

  it('refuses malformed settings at the router', async () => {
    const h = harness();
    expect(await h.page('security/settings', { autofill: 'always' })).toMatchObject({ ok: false, error: { kind: 'bad_message' } });
    expect(await h.page('security/settings', { autoLockMinutes: 0 })).toMatchObject({ ok: false, error: { kind: 'bad_message' } });
  });
});

describe('autofill modes', () => {
  it("'manual': the API's signal grants no fill; the person's Fill (and the shortcut) still fills", async () => {
    const h = harness();
    await withAccount(h);
    await h.page('security/settings', { autofill: 'manual' });
    expect(await h.exchange(signin2fa)).toEqual({ ok: true, value: { accepted: true, fill: null } });
    expect(await h.content('autofill/code', { reason: 'signin' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });

    expect(await h.page('fill/tab', { tabId: 7 })).toEqual({ ok: true, value: { filled: true } });
    expect(await h.content('autofill/code', { reason: 'manual' })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/), submit: false } });
    await h.worker.fillActiveTab();
    expect(h.asked).toEqual([7, 7]);
  });

  it("'off': no fill at all, and the person's Fill is refused with what to do instead", async () => {
    const h = harness();
    await withAccount(h);
    await h.page('fill/tab', { tabId: 7 }); // a grant given before the switch
    await h.page('security/settings', { autofill: 'off' });
    expect(await h.content('autofill/code', { reason: 'manual' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });
    expect(await h.exchange(enable)).toMatchObject({ ok: true, value: { fill: null } });
    expect(await h.page('fill/tab', { tabId: 7 })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Filling codes is turned off (Settings › Security). You can still copy the code from the popup.' },
    });
    expect(h.asked).toEqual([7]);
  });

  it('auto-submit: the code reply says submit, except in the enable wizard', async () => {
    const h = harness();
    await withAccount(h);
    await h.page('security/settings', { autoSubmit: true });
    await h.exchange(signin2fa);
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 2000 })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/), submit: true } });
    h.set(h.now() + 30_000);
    await h.exchange({ ...enable, response: { ...enable.response, uuid: 'w-2', key: 'JBSWY3DPEHPK3PXP' } });
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/), submit: false } });
  });
});

describe('managed policy sites', () => {
  it('are registered at start, cannot be removed, and are dropped when the policy drops them', async () => {
    const managed: Record<string, unknown> = { sites: ['https://policy.broker.example', 'not a site'] };
    const h = harness({ managed });
    await h.page('sites/add', { site: SITE });
    await h.worker.start();
    expect(await h.page('sites/list')).toEqual({ ok: true, value: { sites: [SITE, 'https://policy.broker.example'] } });
    expect(h.registered.find((s) => s.id === 'b2ca-autofill')?.matches).toEqual(['http://127.0.0.1/*', 'https://policy.broker.example/*']);
    expect(h.logs).toContain('managed policy: 1 entry of "sites" ignored (not an exact https origin)');

    expect(await h.page('sites/remove', { origin: 'https://policy.broker.example' })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'https://policy.broker.example is registered by your organisation and cannot be removed.' },
    });

    managed.sites = [];
    await h.worker.policyChanged();
    expect(await h.page('sites/list')).toEqual({ ok: true, value: { sites: [SITE] } });
    expect(h.registered.find((s) => s.id === 'b2ca-autofill')?.matches).toEqual(['http://127.0.0.1/*']);
    // The person's own site stays, and is theirs to remove.
    expect(await h.page('sites/remove', { origin: SITE })).toEqual({ ok: true, value: { removed: true } });
  });

  it('a broken policy is ignored with a log line; the worker goes on', async () => {
    const h = harness({ managed: { sites: 'https://x.example', requirePassphrase: 'please', maxAutoLockMinutes: 'soon' } });
    await h.worker.start();
    expect(value<{ policy: unknown }>(await h.page('security/state')).policy).toEqual({ sites: [], requirePassphrase: false, maxAutoLockMinutes: null });
    // Logged once, not at every read of the policy.
    expect(h.logs.filter((l) => l.startsWith('managed policy'))).toEqual([
      'managed policy: "sites" ignored (not a list)',
      'managed policy: "requirePassphrase" ignored (not true or false)',
      'managed policy: "maxAutoLockMinutes" ignored (not a whole number from 1 to 1440)',
    ]);
  });
});
