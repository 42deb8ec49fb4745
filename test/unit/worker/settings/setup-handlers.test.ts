import { describe, expect, it } from 'vitest';
import { totp } from '../../../fixtures/rfc6238';
import { harness, KEY, SITE } from '../harness';

/**
 * The guided set-up's vault steps through the worker's router: stage → code → activate, discard,
 * the refusals, the shared "never one period's code twice" rule with autofill, and a locked vault.
 */
const OTHER_KEY = 'JBSWY3DPEHPK3PXP';
const stage = (over: Record<string, unknown> = {}) => ({ origin: SITE, email: 'ann@example.com', secret: KEY, wizardUuid: 'w-1', ...over });

async function ready(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  await h.page('sites/add', { site: SITE });
  return h;
}

type Ok<T> = { ok: true; value: T };
const value = <T>(reply: unknown) => {
  expect(reply).toMatchObject({ ok: true });
  return (reply as Ok<T>).value;
};
const staged = async (h: Awaited<ReturnType<typeof ready>>, over: Record<string, unknown> = {}) =>
  value<{ account: { id: string; status: string } }>(await h.page('accounts/stage', stage(over))).account;

describe('accounts/stage', () => {
  it('keeps the key as a pending account (label = email, issuer = host) and answers it without the secret', async () => {
    const h = await ready();
    const reply = await h.page('accounts/stage', stage({ secret: 'tpyx g33m 4loh fjhb' }));
    const { account } = value<{ account: Record<string, unknown> }>(reply);
    expect(account).toMatchObject({ origin: SITE, email: 'ann@example.com', label: 'ann@example.com', issuer: '127.0.0.1:8787', status: 'pending', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(JSON.stringify(reply)).not.toContain(KEY);
    expect(Object.keys(account)).not.toContain('secret');
    expect(Object.keys(account)).not.toContain('wizardUuid');
    // The popup's snapshot is refreshed: the pending key shows there (as in a captured wizard).
    expect(await h.snapshot()).toMatchObject([{ id: account.id, secret: KEY, status: 'pending' }]);
  });

  it('labels a key without an email as a captured one is labelled ("B2Core client": one lifecycle)', async () => {
    const h = await ready();
    expect((await staged(h, { email: undefined })) as unknown).toMatchObject({ label: 'B2Core client', status: 'pending' });
  });

  it('reuses the pending account of the same origin, client and key; another client gets its own', async () => {
    const h = await ready();
    const first = await staged(h);
    const again = await staged(h, { wizardUuid: 'w-2', email: 'ANN@example.com' });
    expect(again.id).toBe(first.id);
    const other = await staged(h, { email: 'bob@example.com' });
    expect(other.id).not.toBe(first.id);
    expect((await h.snapshot()).map((a) => a.id).sort()).toEqual([first.id, other.id].sort());
  });

  it('refuses an invalid key and an unregistered origin, saving nothing', async () => {
    const h = await ready();
    const bad = await h.page('accounts/stage', stage({ secret: 'not base32 at all!' }));
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('not a valid authenticator key') } });
    expect(JSON.stringify(bad)).not.toContain('not base32 at all');
    expect(await h.page('accounts/stage', stage({ secret: 'ABCDEFGH' }))).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    const foreign = await h.page('accounts/stage', stage({ origin: 'https://evil.example' }));
    expect(foreign).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'https://evil.example is not a registered site. Add it under Sites first.' } });
    expect(await h.snapshot()).toEqual([]);
  });
});

describe('accounts/code, activate, discard', () => {
  it('answers the code at the server time, waits for the next period when the key was just used, then activates', async () => {
    const h = await ready({ serverOffsetMs: 90_000 });
    // The server's clock is known from an answer's Date header (the settings page passes them on).
    await h.page('clock/observe', { origin: SITE, date: new Date(h.now() + 90_000).toUTCString(), receivedAt: h.now() });
    const account = await staged(h);
    const first = value<{ code: string; secondsLeft: number }>(await h.page('accounts/code', { id: account.id }));
    const at = await h.serverNow();
    expect(first).toEqual({ code: totp(KEY, at), secondsLeft: 30 - (Math.floor(at / 1000) % 30) });

    // A second code for the same key waits for the next period (B2Core accepts a code once).
    const before = h.now();
    const second = value<{ code: string }>(await h.page('accounts/code', { id: account.id }));
    expect(Math.floor((await h.serverNow()) / 30_000)).toBe(Math.floor(at / 30_000) + 1);
    expect(h.now()).toBeGreaterThan(before);
    expect(second.code).toBe(totp(KEY, await h.serverNow()));

    const activated = value<{ account: { status: string; confirmedAt: number } }>(await h.page('accounts/activate', { id: account.id }));
    expect(activated.account).toMatchObject({ status: 'active', confirmedAt: h.now() });
    expect(await h.snapshot()).toMatchObject([{ id: account.id, status: 'active' }]);
    // Activating twice is harmless (a retried message).
    expect(await h.page('accounts/activate', { id: account.id })).toMatchObject({ ok: true, value: { account: { status: 'active' } } });
  });

  it('waits with under 3 s left in the period', async () => {
    const h = await ready({ start: 1_764_000_028_500 });
    const account = await staged(h);
    const answer = value<{ code: string; secondsLeft: number }>(await h.page('accounts/code', { id: account.id }));
    expect(h.now()).toBeGreaterThanOrEqual(1_764_000_030_000);
    expect(answer).toEqual({ code: totp(KEY, h.now()), secondsLeft: 30 });
  });

  it('shares the used periods with autofill: a code filled on the site is not handed out again', async () => {
    const h = await ready();
    const account = await staged(h);
    await h.page('accounts/activate', { id: account.id });
    await h.page('fill/tab', { tabId: 7, accountId: account.id });
    const filled = value<{ code: string }>(await h.content('autofill/code', { reason: 'manual' }));
    const step = Math.floor(h.now() / 30_000);
    const sent = value<{ code: string }>(await h.page('accounts/code', { id: account.id }));
    expect(Math.floor(h.now() / 30_000)).toBe(step + 1);
    expect(sent.code).not.toBe(filled.code);
  });

  it('activation keeps the client\'s older key beside the new one (as capture does), and touches no other client\'s', async () => {
    const h = await ready();
    const old = await staged(h, { secret: OTHER_KEY, wizardUuid: 'w-0' });
    await h.page('accounts/activate', { id: old.id });
    const abandoned = await staged(h, { secret: 'MFRGGZDFMZTWQ2LK', wizardUuid: 'w-1' });
    const bobs = await staged(h, { email: 'bob@example.com', wizardUuid: 'w-b' });
    const fresh = await staged(h, { wizardUuid: 'w-2' });
    await h.page('accounts/activate', { id: fresh.id });
    // The older key is archived only once the new one has produced a code the server accepted
    // (capture's rule, src/capture/lifecycle.ts), or when the person archives it.
    const shown = Object.fromEntries((await h.snapshot()).map((a) => [a.id, a.status]));
    expect(shown).toEqual({ [old.id]: 'active', [abandoned.id]: 'pending', [fresh.id]: 'active', [bobs.id]: 'pending' });
  });

  it('discards only pending keys; an active account is refused and kept', async () => {
    const h = await ready();
    const account = await staged(h);
    expect(await h.page('accounts/discard', { id: account.id })).toEqual({ ok: true, value: { discarded: true } });
    expect(await h.snapshot()).toEqual([]);
    expect(await h.page('accounts/discard', { id: account.id })).toEqual({ ok: true, value: { discarded: false } });

    const kept = await staged(h, { wizardUuid: 'w-3' });
    await h.page('accounts/activate', { id: kept.id });
    expect(await h.page('accounts/discard', { id: kept.id })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('was kept') } });
    expect(await h.snapshot()).toMatchObject([{ id: kept.id, status: 'active' }]);
  });

  it('refuses codes from an archived key and activating an archived key; unknown ids are not_found', async () => {
    const h = await ready();
    const account = await staged(h);
    await h.page('accounts/activate', { id: account.id });
    expect(await h.page('accounts/set-status', { id: account.id, status: 'archived' })).toMatchObject({ ok: true, value: { account: { status: 'archived', archivedAt: h.now() } } });
    expect(await h.page('accounts/code', { id: account.id })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('archived') } });
    expect(await h.page('accounts/activate', { id: account.id })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.page('accounts/code', { id: 'nosuchaccount1' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await h.page('accounts/activate', { id: 'nosuchaccount1' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('accounts/set-status (archive on disable)', () => {
  it('archives and restores an account, keeping it; a pending key cannot be made active by hand', async () => {
    const h = await ready();
    const account = await staged(h);
    expect(await h.page('accounts/set-status', { id: account.id, status: 'active' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    await h.page('accounts/activate', { id: account.id });
    await h.page('accounts/set-status', { id: account.id, status: 'archived' });
    expect(await h.snapshot()).toEqual([]);
    const restored = value<{ account: Record<string, unknown> }>(await h.page('accounts/set-status', { id: account.id, status: 'active' }));
    expect(restored.account.status).toBe('active');
    expect(restored.account).not.toHaveProperty('archivedAt');
    expect(await h.snapshot()).toMatchObject([{ id: account.id, status: 'active' }]);
  });
});

describe('a locked vault', () => {
  it('answers every step with "locked" and a clear message', async () => {
    const h = await ready();
    const account = await staged(h);
    const key = await h.vault.unlock();
    if (!key.ok) throw new Error('unlock');
    await h.vault.setPassphrase(key.value, 'a long passphrase');
    await h.page('vault/lock');
    const lockedReply = { ok: false, error: { kind: 'locked', message: expect.stringContaining('The vault is locked. Unlock it') } };
    expect(await h.page('accounts/stage', stage({ wizardUuid: 'w-9' }))).toMatchObject(lockedReply);
    expect(await h.page('accounts/code', { id: account.id })).toMatchObject(lockedReply);
    expect(await h.page('accounts/activate', { id: account.id })).toMatchObject(lockedReply);
    expect(await h.page('accounts/discard', { id: account.id })).toMatchObject(lockedReply);
    expect(await h.page('accounts/set-status', { id: account.id, status: 'archived' })).toMatchObject(lockedReply);
  });
});
