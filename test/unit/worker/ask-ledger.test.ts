import { describe, expect, it } from 'vitest';
import { memoryArea } from '../../../src/storage';
import { createAskLedger, NO_ASKS } from '../../../src/worker/ask-ledger';
import { harness, KEY, SITE } from './harness';

/**
 * The ask ledger: what the browser tests wait on instead of sleeping. It must say "still deciding"
 * while a page's report waits for the browser's record, balance once every ask is answered, count a
 * code only when one left the worker, and not stay unbalanced after a worker life ends mid-ask.
 */
const ledger = async (h: ReturnType<typeof harness>) => (await h.session.get('pageAsks')) ?? NO_ASKS;
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('ask ledger', () => {
  it('is unbalanced while a report waits for the browser\'s record, and balanced (no code) once it is dropped', async () => {
    let release = () => {};
    const gate = new Promise<void>((done) => (release = done));
    let now = 1_764_000_010_000;
    // The network log's wait (up to 3 s) runs on this clock: it stands until the test releases it.
    const h = harness({ clock: { now: () => now, sleep: async (ms) => { await gate; now += ms; } } });
    await h.page('sites/add', { site: SITE });
    const pending = h.report({ method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, uuid: 'w', workflow: '2fa_google', key: KEY } });
    for (let i = 0; i < 10; i++) await settle();
    expect(await ledger(h)).toEqual({ asked: 1, answered: 0, codes: 0 });
    release();
    expect(await pending).toEqual({ ok: true, value: { accepted: false, fill: null } });
    await expect.poll(() => ledger(h)).toEqual({ asked: 1, answered: 1, codes: 0 });
  });

  it('counts a code only when an answer carried one', async () => {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toMatchObject({ ok: true, value: { code: null } });
    await h.exchange({ method: 'GET', path: '2fa/google/enable/wizard', response: { code: 200, done: false, uuid: 'w-1', workflow: '2fa_google', key: KEY } });
    expect(await h.content('autofill/code', { reason: 'enable_wizard' })).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/) } });
    await expect.poll(() => ledger(h)).toEqual({ asked: 3, answered: 3, codes: 1 });
  });

  it('asks refused before any handler (an unregistered origin) are not counted', async () => {
    const h = harness();
    expect(await h.content('autofill/code', { reason: 'signin' }, 8, 'https://evil.example')).toMatchObject({ ok: false });
    await settle();
    expect(await ledger(h)).toEqual(NO_ASKS);
  });

  it('a new worker life balances what the previous one left unanswered; an unreadable ledger starts again', async () => {
    const session = memoryArea();
    await session.set('pageAsks', { asked: 5, answered: 3, codes: 2 });
    createAskLedger(session);
    await expect.poll(() => session.get('pageAsks')).toEqual({ asked: 5, answered: 5, codes: 2 });
    await session.set('pageAsks', { asked: 'many' });
    const { track } = createAskLedger(session);
    expect(await track(async () => 'answer', () => true)).toBe('answer');
    await expect(track(async () => Promise.reject(new Error('handler failed')), () => true)).rejects.toThrow('handler failed');
    await expect.poll(() => session.get('pageAsks')).toEqual({ asked: 2, answered: 2, codes: 1 });
  });
});
