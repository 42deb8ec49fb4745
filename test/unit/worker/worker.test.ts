import { describe, expect, it } from 'vitest';
import { EXT, harness, ID, KEY, SITE } from './harness';
import { firstScreenOf, parseSnapshot } from '../../../src/storage';
import { totp } from '../../fixtures/rfc6238';

const enable = { method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, done: false, uuid: 'w-1', workflow: '2fa_google', key: KEY } };

describe('sites', () => {
  it('registers an exact origin and our two scripts for its host, and removes them with the last site', async () => {
    const h = harness();
    expect(await h.page('sites/add', { site: `${SITE}/#/signin` })).toEqual({ ok: true, value: { origin: SITE } });
    expect(await h.page('sites/add', { site: SITE })).toEqual({ ok: true, value: { origin: SITE } });
    expect(await h.page('sites/list')).toEqual({ ok: true, value: { sites: [SITE] } });
    expect(h.registered.map((s) => [s.id, s.world ?? 'ISOLATED', s.matches, s.runAt, s.allFrames, s.persistAcrossSessions])).toEqual([
      ['b2ca-autofill', 'ISOLATED', ['http://127.0.0.1/*'], 'document_start', true, true],
      ['b2ca-capture', 'MAIN', ['http://127.0.0.1/*'], 'document_start', true, true],
    ]);
    expect(await h.page('sites/remove', { origin: SITE })).toEqual({ ok: true, value: { removed: true } });
    expect(h.registered).toEqual([]);
    expect(await h.page('sites/remove', { origin: SITE })).toEqual({ ok: true, value: { removed: false } });
  });

  it('needs the host permission for other hosts, and refuses http and nonsense', async () => {
    const h = harness({ permitted: ['https://my.broker.example'] });
    expect(await h.page('sites/add', { site: 'https://other.example' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await h.page('sites/add', { site: 'my.broker.example' })).toEqual({ ok: true, value: { origin: 'https://my.broker.example' } });
    expect(await h.page('sites/add', { site: 'http://my.broker.example' })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('https') } });
    expect(await h.page('sites/add', { site: 'not a site' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(h.registered[0]?.matches).toEqual(['https://my.broker.example/*']);
  });

  it('start() restores the registrations from storage (after an update or a restart)', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    h.registered.length = 0;
    await h.worker.start();
    expect(h.registered.map((s) => s.id)).toEqual(['b2ca-autofill', 'b2ca-capture']);
  });
});

describe('capture and codes through the router', () => {
  it('stages the key, answers one code under the grant, activates on a verified done', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    expect(await h.exchange(enable)).toEqual({ ok: true, value: { accepted: true, fill: 'enable_wizard' } });
    expect(h.badges).toEqual(['KEY']);
    expect(await h.snapshot()).toMatchObject([{ secret: KEY, status: 'pending' }]);

    const answer = await h.content('autofill/code', { reason: 'enable_wizard' });
    const at = await h.serverNow();
    expect(Math.abs(at - h.now())).toBeLessThanOrEqual(1000);
    expect(answer).toEqual({ ok: true, value: { code: totp(KEY, at), secondsLeft: 30 - (Math.floor(at / 1000) % 30), submit: false } });
    // The grant is spent: asking again gets nothing.
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });

    const code = answer.ok ? (answer.value as { code: string }).code : '';
    expect(await h.exchange({ method: 'POST', path: '2fa/wizard', request: { uuid: 'w-1', action: 'code', code, key: KEY }, response: { code: 202, done: true, uuid: 'w-1' } })).toEqual({
      ok: true,
      value: { accepted: true, fill: null },
    });
    expect(h.badges).toEqual(['KEY', 'ON']);
    expect(await h.snapshot()).toMatchObject([{ secret: KEY, status: 'active' }]);
  });

  it('applies the server clock measured from Date headers (a server 90 s ahead)', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.exchange(enable, 90_000);
    const answer = await h.content('autofill/code', { reason: 'enable_wizard' });
    expect(Math.abs((await h.serverNow()) - h.now() - 90_000)).toBeLessThanOrEqual(1000);
    expect(answer.ok && (answer.value as { code: string }).code).toBe(totp(KEY, await h.serverNow()));
  });

  it('waits for the next code with under 3 s left, and never fills one period\'s code twice', async () => {
    const h = harness({ start: 1_764_000_028_000 }); // 2 s before the period ends
    await h.page('sites/add', { site: SITE });
    await h.exchange(enable);
    const first = await h.content('autofill/code', { reason: 'enable_wizard' });
    const afterWait = await h.serverNow();
    expect(afterWait).toBeGreaterThanOrEqual(1_764_000_030_000);
    expect(first.ok && first.value).toEqual({ code: totp(KEY, afterWait), secondsLeft: 30, submit: false });
    // Confirmed; then the person asks for a fill in the same period: the worker waits for the next one.
    const code = first.ok ? (first.value as { code: string }).code : '';
    await h.exchange({ method: 'POST', path: '2fa/wizard', request: { uuid: 'w-1', code }, response: { code: 202, done: true } });
    expect(await h.snapshot()).toMatchObject([{ status: 'active' }]);
    await h.worker.route({ type: 'fill/tab', payload: { tabId: 7 } }, { id: ID, origin: EXT, url: `${EXT}/popup.html` });
    const second = await h.content('autofill/code', { reason: 'manual' });
    expect(await h.serverNow()).toBeGreaterThanOrEqual(1_764_000_060_000);
    expect(second.ok && (second.value as { code: string }).code).toBe(totp(KEY, await h.serverNow()));
  });

  it('refuses codes to unregistered origins and tabs without a grant', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.exchange(enable);
    expect(await h.content('autofill/code', { reason: 'manual' }, 7, 'http://127.0.0.1:9999')).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await h.content('autofill/code', { reason: 'manual' }, 9)).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });
  });

  it('"Fill" is refused on unregistered tabs and asks the content script on registered ones', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    expect(await h.page('fill/tab', { tabId: 8 })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await h.page('fill/tab', { tabId: 7 })).toEqual({ ok: true, value: { filled: true } });
    expect(h.asked).toEqual([7]);
    await h.worker.fillActiveTab();
    expect(h.asked).toEqual([7, 7]);
  });
});

describe('a locked vault', () => {
  it('keeps captured exchanges in the session and applies them on unlock: nothing lost', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    const key = await h.vault.unlock();
    if (!key.ok) throw new Error('unlock');
    await h.vault.setPassphrase(key.value, 'a long passphrase');
    expect(await h.page('vault/lock')).toEqual({ ok: true, value: { locked: true } });
    expect(await h.page('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: false } });

    // An answer that only tells the time is not queued (it would crowd out real captures).
    expect(await h.exchange({ method: 'GET', path: '2fa' })).toEqual({ ok: true, value: { accepted: false, fill: null } });
    expect(h.badges).toEqual([]);
    expect(await h.exchange(enable)).toEqual({ ok: true, value: { accepted: true, fill: null } });
    expect(h.badges).toEqual(['!']);
    expect(await h.session.get('queuedExchanges')).toHaveLength(1);
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });

    expect(await h.page('vault/unlock', { passphrase: 'wrong passphrase' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.page('vault/unlock', { passphrase: 'a long passphrase' })).toEqual({ ok: true, value: { unlocked: true } });
    expect(await h.snapshot()).toMatchObject([{ secret: KEY, status: 'pending' }]);
    expect(await h.session.get('queuedExchanges')).toBeUndefined();
  });
});

describe('the popup\'s first screen', () => {
  it('is published with the snapshot, from it, and goes with it when the vault locks', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    const text = Array.from({ length: 12 }, (_, i) => `otpauth://totp/c${i}%40example.com?secret=JBSWY3DPEHPK3P${'ABCDEFGHIJKL'[i]}Q`).join('\n');
    await h.page('backup/import', { text, site: SITE });
    const snapshot = parseSnapshot(await h.session.get('accountsSnapshot'))!;
    expect(snapshot.accounts).toHaveLength(12);
    expect(JSON.parse((await h.session.get('popupFirstScreen')) as string)).toEqual(firstScreenOf(snapshot, (n) => `Search ${n} accounts`));
    await h.page('security/passphrase', { next: 'a long passphrase' });
    await h.page('vault/lock');
    expect(await h.session.get('popupFirstScreen')).toBeUndefined();
    expect(await h.session.get('accountsSnapshot')).toBeUndefined();
  });
});
