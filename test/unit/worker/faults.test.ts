import { describe, expect, it } from 'vitest';
import { idbKeyValueStore, type KeyValueStore } from '../../../src/vault';
import { memoryArea, parseSnapshot } from '../../../src/storage';
import { createGrants } from '../../../src/worker/fill/grants';
import { makeAccount } from '../../fixtures/accounts';
import { totp } from '../../fixtures/rfc6238';
import { harness, KEY, SITE } from './harness';

/**
 * The worker on a bad day, with in-memory browser APIs: a vault that refuses writes, a corrupt
 * record, many captures at once, a worker that wakes up late. (Vault-level faults — 50 concurrent
 * read-modify-writes, writers in 5 contexts, a quota error on add, damaged records — are in
 * test/unit/vault/vault.test.ts; worker stops in a real browser in test/e2e/faults.test.ts.)
 */
const OTHER_KEY = 'MFRGGZDFMZTWQ2LK';
const wizard = (uuid: string, key = KEY) => ({ method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, done: false, uuid, workflow: '2fa_google', key } });
const done = (uuid: string, code: string) => ({ method: 'POST', path: '2fa/wizard', request: { uuid, action: 'code', code }, response: { code: 202, done: true, uuid } });

let stores = 0;
/** An IndexedDB store whose writes can be made to fail as a full disk does. */
function flakyStore() {
  const inner = idbKeyValueStore(`faults-${++stores}`);
  const control = { full: false, refused: 0 };
  const store: KeyValueStore = {
    ...inner,
    update: async (key, updater) => {
      if (control.full && key !== 'header') {
        control.refused++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return inner.update(key, updater);
    },
  };
  return { store, control };
}

describe('a vault that refuses writes (storage quota)', () => {
  it('keeps the captured key in the session, offers no fill, says so on the badge, and saves it before the next exchange', async () => {
    const { store, control } = flakyStore();
    const h = harness({ store });
    await h.page('sites/add', { site: SITE });
    await h.page('vault/state'); // the vault header exists before the disk is full
    control.full = true;
    expect(await h.exchange(wizard('w-1'))).toEqual({ ok: true, value: { accepted: false, fill: null } });
    expect(control.refused).toBe(1);
    expect(h.badges).toEqual(['!']);
    expect(await h.snapshot()).toEqual([]);
    expect(await h.session.get('queuedExchanges')).toHaveLength(1);
    // The popup is told, beside the badge: its snapshot says storage is full.
    expect(parseSnapshot(await h.session.get('accountsSnapshot'))?.full).toBe(true);
    // No grant for a key that is not saved.
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });

    // Space again: the person confirms the wizard with a code from the key (typed by hand); the
    // waiting capture goes first, so the key is saved and then activated.
    control.full = false;
    const code = totp(KEY, await h.serverNow());
    expect(await h.exchange(done('w-1', code))).toEqual({ ok: true, value: { accepted: true, fill: null } });
    expect((await h.snapshot()).map((a) => [a.secret, a.status])).toEqual([[KEY, 'active']]);
    expect(await h.session.get('queuedExchanges')).toBeUndefined();
    expect(h.badges).toEqual(['!', 'KEY', 'ON']);
    expect(parseSnapshot(await h.session.get('accountsSnapshot'))?.full).toBeUndefined();
    expect(await h.session.get('vaultWriteRefused')).toBeUndefined();
  });

  it('a refused activation archives nothing: the old account stays active until the new one is', async () => {
    const { store, control } = flakyStore();
    const h = harness({ store });
    await h.page('sites/add', { site: SITE });
    await h.exchange({ method: 'POST', path: 'signin', request: { email: 'demo@example.com' }, response: { code: 202 } });
    await h.exchange(wizard('w-1'));
    await h.exchange(done('w-1', totp(KEY, await h.serverNow())));
    h.set(h.now() + 30_000);
    await h.exchange(wizard('w-2', OTHER_KEY));
    expect((await h.snapshot()).map((a) => [a.secret, a.status]).sort()).toEqual([
      [OTHER_KEY, 'pending'],
      [KEY, 'active'],
    ]);

    control.full = true;
    expect(await h.exchange(done('w-2', totp(OTHER_KEY, await h.serverNow())))).toMatchObject({ ok: true, value: { accepted: false } });
    expect(control.refused).toBe(1); // the activation; the archive was not even tried
    expect((await h.snapshot()).map((a) => [a.secret, a.status]).sort()).toEqual([
      [OTHER_KEY, 'pending'],
      [KEY, 'active'],
    ]);

    control.full = false;
    await h.exchange({ method: 'GET', path: '2fa/challenge', response: { provider: 'google' } });
    // Activated; the older key is kept beside it until the new one has produced an accepted code.
    expect((await h.snapshot()).map((a) => [a.secret, a.status]).sort()).toEqual([
      [OTHER_KEY, 'active'],
      [KEY, 'active'],
    ]);
    h.set(h.now() + 30_000);
    await h.exchange({ method: 'POST', path: 'signin', request: { uuid: 's-2', email: 'demo@example.com' }, response: { code: 200, workflow: '2fa_google_auth' } });
    await h.exchange({ method: 'POST', path: '2fa/google', request: { uuid: 's-2', code: totp(OTHER_KEY, await h.serverNow()) }, response: { code: 202 } });
    expect((await h.snapshot()).map((a) => [a.secret, a.status])).toEqual([[OTHER_KEY, 'active']]);
    const vault = await h.vault.unlock();
    const all = vault.ok ? await h.vault.list(vault.value) : null;
    expect(all?.ok && all.value.accounts.map((a) => [a.secret, a.status]).sort()).toEqual([
      [OTHER_KEY, 'active'],
      [KEY, 'archived'],
    ]);
  });
});

describe('a corrupt vault record', () => {
  it('is skipped with a clear message; the other accounts are listed and filled, and capture goes on', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    const key = await h.vault.unlock();
    if (!key.ok) throw new Error('unlock');
    const good = makeAccount({ origin: SITE, client: { email: 'demo@example.com' }, label: 'demo@example.com', secret: KEY });
    const bad = makeAccount({ origin: SITE, client: { email: 'other@example.com' }, label: 'other@example.com' });
    await h.vault.add(key.value, good);
    await h.vault.add(key.value, bad);
    await h.store.update(`entry:${bad.id}`, (record) => ({ ...(record as object), ct: 'AAAA' + String((record as { ct: string }).ct).slice(4) }));

    await h.worker.start();
    expect((await h.snapshot()).map((a) => a.id)).toEqual([good.id]);
    // The popup says one record could not be read.
    expect(parseSnapshot(await h.session.get('accountsSnapshot'))?.problems).toBe(1);
    const listed = await h.vault.list(key.value);
    expect(listed.ok && listed.value.problems).toEqual([
      { kind: 'tampered', id: bad.id, message: 'An account record failed its integrity check and was not used; the other accounts are unaffected.' },
    ]);

    // Sign-in for the intact account: filled with its code.
    await h.exchange({ method: 'POST', path: 'signin', request: { email: 'demo@example.com' }, response: { code: 200, workflow: '2fa_google_auth' } });
    const answer = await h.content('autofill/code', { reason: 'signin', inputAgoMs: 1000 });
    expect(answer).toEqual({ ok: true, value: { code: totp(KEY, await h.serverNow()), secondsLeft: expect.any(Number), submit: false } });
    // Sign-in for the damaged one: no code, a reason — never another client's code.
    await h.exchange({ method: 'POST', path: 'signin', request: { email: 'other@example.com' }, response: { code: 200, workflow: '2fa_google_auth' } });
    expect(await h.content('autofill/code', { reason: 'signin', inputAgoMs: 1000 })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
    // A new capture still lands.
    expect(await h.exchange(wizard('w-9', OTHER_KEY))).toMatchObject({ ok: true, value: { accepted: true } });
    expect((await h.snapshot()).map((a) => a.secret).sort()).toEqual([OTHER_KEY, KEY].sort());
  });
});

describe('many at once', () => {
  it('50 enable wizards captured concurrently from 50 tabs all land, each once', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    const keys = Array.from({ length: 50 }, (_, i) => `${'ABCDEFGHIJKLMNOP'.slice(0, 12)}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}QQ`);
    const replies = await Promise.all(keys.map((k, i) => h.exchange(wizard(`w-${i}`, k), 0, 100 + i)));
    expect(replies.every((r) => r.ok && (r.value as { accepted: boolean }).accepted)).toBe(true);
    const shown = await h.snapshot();
    expect(shown).toHaveLength(50);
    expect(new Set(shown.map((a) => a.secret))).toEqual(new Set(keys));
    // The same answers again (a page replaying them) add nothing.
    await Promise.all(keys.map((k, i) => h.exchange(wizard(`w-${i}`, k), 0, 100 + i)));
    expect(await h.snapshot()).toHaveLength(50);
  });
});

describe('a worker that wakes up late', () => {
  it('measures the server clock against when the browser got the answer, not when the worker handled it', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    // The browser got an answer dated 90 s ahead of us; the worker handles its event 6 s later.
    const at = h.now() - 6000;
    await h.browserSaw({ method: 'GET', path: '2fa', sub: '1', date: new Date(at + 90_000).toUTCString(), at });
    expect(Math.abs((await h.serverNow()) - h.now() - 90_000)).toBeLessThanOrEqual(1500);
  });
});

describe('two tabs at once', () => {
  it('a grant given to one tab while another tab\'s is taken is neither lost nor brought back', async () => {
    const grants = createGrants(memoryArea());
    const now = 1_764_000_000_000;
    await grants.give(7, { origin: SITE, reason: 'signin' }, now);
    const [taken] = await Promise.all([grants.take(7, SITE, now), grants.give(9, { origin: SITE, reason: 'signin' }, now)]);
    expect(taken).toMatchObject({ origin: SITE, reason: 'signin' });
    expect(await grants.take(7, SITE, now)).toBeNull();
    expect(await grants.take(9, SITE, now)).toMatchObject({ origin: SITE });
  });

  it('two accounts filled at the same moment each record their period (no code is filled twice)', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.exchange(wizard('w-a', KEY), 0, 7);
    await h.exchange(wizard('w-b', OTHER_KEY), 0, 9);
    await Promise.all([h.content('autofill/code', { reason: 'enable_wizard' }, 7), h.content('autofill/code', { reason: 'enable_wizard' }, 9)]);
    expect(Object.keys(((await h.session.get('usedSteps')) as Record<string, number> | undefined) ?? {})).toHaveLength(2);
  });
});
