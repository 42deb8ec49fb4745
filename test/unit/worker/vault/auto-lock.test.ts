import { describe, expect, it } from 'vitest';
import { ACTIVITY_WRITE_MS, AUTO_LOCK_ALARM, countsAsUse, createAutoLock } from '../../../../src/worker/vault/auto-lock';
import { memoryArea } from '../../../../src/storage';
import { harness, KEY, SITE } from '../harness';

const PASS = 'correct horse battery';
const MIN = 60_000;

/** A worker whose vault has a passphrase, unlocked, with auto-lock after `minutes`. */
async function protectedWorker(minutes: number | null) {
  const h = harness();
  await h.page('sites/add', { site: SITE });
  expect(await h.page('security/passphrase', { next: PASS })).toEqual({ ok: true, value: { protected: true } });
  expect(await h.page('security/settings', { autoLockMinutes: minutes })).toMatchObject({ ok: true });
  return h;
}

const unlocked = async (h: ReturnType<typeof harness>) => ((await h.page('vault/state')) as { value: { unlocked: boolean } }).value.unlocked;

describe('auto-lock', () => {
  it('locks a protected vault once idle for the delay, on the alarm, and not before', async () => {
    const h = await protectedWorker(1);
    const start = h.now();
    // The alarm is set a write interval after the delay: never earlier than a minute after the last use.
    expect(h.alarms.get(AUTO_LOCK_ALARM)).toBe(start + MIN + ACTIVITY_WRITE_MS);
    expect(await h.session.get('lastActivity')).toBe(start);

    // Use within 20 s is not written again; later use is, and moves the alarm on.
    h.set(start + 10_000);
    await h.page('sites/list');
    expect(await h.session.get('lastActivity')).toBe(start);
    h.set(start + 30_000);
    await h.page('sites/list');
    expect(await h.session.get('lastActivity')).toBe(start + 30_000);
    expect(h.alarms.get(AUTO_LOCK_ALARM)).toBe(start + 30_000 + MIN + ACTIVITY_WRITE_MS);

    // An alarm that fires early (the old one, say) waits for the rest.
    h.set(start + 60_000);
    await h.worker.alarm(AUTO_LOCK_ALARM);
    expect(await unlocked(h)).toBe(true);
    expect(h.alarms.get(AUTO_LOCK_ALARM)).toBe(start + 30_000 + MIN + ACTIVITY_WRITE_MS);

    // Reading the state is not use: polling it does not keep the vault open.
    h.set(start + 100_000);
    expect(await unlocked(h)).toBe(true);
    h.set(h.alarms.get(AUTO_LOCK_ALARM)!);
    await h.worker.alarm(AUTO_LOCK_ALARM);
    expect(await unlocked(h)).toBe(false);
    expect(await h.session.get('vaultKey')).toBeUndefined();
    expect(await h.session.get('accountsSnapshot')).toBeUndefined();
    // The passphrase opens it again, and that is use.
    expect(await h.page('vault/unlock', { passphrase: PASS })).toEqual({ ok: true, value: { unlocked: true } });
    expect(await h.session.get('lastActivity')).toBe(h.now());
  });

  it('counts neither the page\'s API traffic nor a code filled into the page as use (a page could keep the vault open)', async () => {
    const h = await protectedWorker(5);
    const start = h.now();
    h.set(start + 60_000);
    await h.exchange({ method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, done: false, uuid: 'w-1', workflow: '2fa_google', key: KEY } });
    expect(await h.session.get('lastActivity')).toBe(start);
    const answer = await h.content('autofill/code', { reason: 'enable_wizard' });
    expect(answer).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/) } });
    expect(await h.session.get('lastActivity')).toBe(start);
    // No grant, no code: not use.
    h.set(h.now() + 60_000);
    const before = await h.session.get('lastActivity');
    expect(await h.content('autofill/code', { reason: 'manual' })).toEqual({ ok: true, value: { code: null, why: 'not_wanted' } });
    expect(await h.session.get('lastActivity')).toBe(before);
    // The person's own Fill is use.
    await h.page('fill/tab', { tabId: 7 });
    expect(await h.session.get('lastActivity')).toBe(h.now());
  });

  it('does nothing for a vault without a passphrase, and nothing when set to never', async () => {
    const plain = harness();
    expect(await plain.page('vault/unlock')).toEqual({ ok: true, value: { unlocked: true } });
    plain.set(plain.now() + 3_600_000);
    await plain.worker.alarm(AUTO_LOCK_ALARM);
    expect(await unlocked(plain)).toBe(true);
    expect(await plain.session.get('vaultKey')).toBeDefined();

    const never = await protectedWorker(null);
    expect(never.alarms.has(AUTO_LOCK_ALARM)).toBe(false);
    never.set(never.now() + 86_400_000);
    await never.worker.alarm(AUTO_LOCK_ALARM);
    expect(await unlocked(never)).toBe(true);
  });

  it('follows a stricter policy that arrives later (storage.managed changed)', async () => {
    const managed: Record<string, unknown> = {};
    const h = harness({ managed });
    expect(await h.page('security/passphrase', { next: PASS })).toMatchObject({ ok: true });
    expect(await h.page('security/settings', { autoLockMinutes: null })).toMatchObject({ ok: true });
    expect(h.alarms.has(AUTO_LOCK_ALARM)).toBe(false);
    managed.maxAutoLockMinutes = 5;
    await h.worker.policyChanged();
    const last = (await h.session.get('lastActivity')) as number;
    expect(h.alarms.get(AUTO_LOCK_ALARM)).toBe(last + 5 * MIN + ACTIVITY_WRITE_MS);
    h.set(h.alarms.get(AUTO_LOCK_ALARM)!);
    await h.worker.alarm(AUTO_LOCK_ALARM);
    expect(await unlocked(h)).toBe(false);
  });

  it('takes a last use in the future (clock set back) as now, so the lock is not postponed', async () => {
    let now = 1_000_000_000_000;
    const session = memoryArea();
    const alarms = new Map<string, number>();
    let locks = 0;
    const lock = createAutoLock({
      session,
      alarms: { create: async (n, when) => void alarms.set(n, when), clear: async (n) => void alarms.delete(n) },
      now: () => now,
      minutes: async () => 1,
      isProtected: async () => true,
      lock: async () => void locks++,
    });
    await session.set('lastActivity', now + 3_600_000);
    expect(await lock.alarm()).toBe('rescheduled');
    expect(await session.get('lastActivity')).toBe(now);
    expect(alarms.get(AUTO_LOCK_ALARM)).toBe(now + MIN + ACTIVITY_WRITE_MS);
    now += MIN;
    expect(await lock.alarm()).toBe('locked');
    expect(locks).toBe(1);
    // A later use in the past-of-the-future is recorded at once, not throttled.
    await session.set('lastActivity', now + 3_600_000);
    await lock.activity();
    expect(await session.get('lastActivity')).toBe(now);
  });

  it('a use that cannot be recorded still gets its answer', async () => {
    const h = harness();
    const set = h.session.set.bind(h.session);
    h.session.set = async (key, value) => (key === 'lastActivity' ? Promise.reject(new Error('quota')) : set(key, value));
    expect(await h.page('sites/list')).toEqual({ ok: true, value: { sites: [] } });
    expect(h.logs).toContain('auto-lock: could not record a use');
  });

  it('what counts as use', () => {
    expect(countsAsUse('sites/list')).toBe(true);
    expect(countsAsUse('fill/tab')).toBe(true);
    expect(countsAsUse('vault/state')).toBe(false);
    expect(countsAsUse('security/state')).toBe(false);
    // Nothing a page can cause is the person's use: a filled code included (a page could keep the vault open).
    expect(countsAsUse('capture/exchange')).toBe(false);
    expect(countsAsUse('autofill/code')).toBe(false);
  });
});
