import { describe, expect, it } from 'vitest';
import { CLIPBOARD_ALARM } from '../../../../src/worker';
import { harness } from '../harness';

/** The worker's clear of a code the popup copied: 30 s later, by an alarm, only if the clipboard still holds it. */
describe('the clipboard clear', () => {
  it('copied → an alarm 30 s on → the clipboard still holding the code is emptied, and the code is forgotten', async () => {
    const h = harness();
    h.clipboard.text = '123456';
    expect(await h.page('clipboard/copied', { code: '123456' })).toEqual({ ok: true, value: { clearAt: h.now() + 30_000 } });
    expect(h.alarms.get(CLIPBOARD_ALARM)).toBe(h.now() + 30_000);
    expect(await h.session.get('copiedCode')).toEqual({ code: '123456', clearAt: h.now() + 30_000 });
    h.set(h.now() + 30_000);
    await h.worker.alarm(CLIPBOARD_ALARM);
    expect(h.clipboard.text).toBe('');
    expect(await h.session.get('copiedCode')).toBeUndefined();
    expect(h.logs).toContain('clipboard: the copied code was cleared');
    expect(h.logs.join('\n')).not.toContain('123456');
    // Fired again (a duplicate alarm): nothing left to do.
    await h.worker.alarm(CLIPBOARD_ALARM);
    expect(h.clipboard.clears).toEqual(['123456']);
  });

  it('something else copied since is left as it is; so is a clipboard the worker cannot read', async () => {
    const h = harness();
    await h.page('clipboard/copied', { code: '123456' });
    h.clipboard.text = 'an address the person copied';
    h.set(h.now() + 30_000);
    await h.worker.alarm(CLIPBOARD_ALARM);
    expect(h.clipboard.text).toBe('an address the person copied');
    expect(h.logs).toContain('clipboard: something else was copied since: left as it is');

    await h.page('clipboard/copied', { code: '654321' });
    h.clipboard.text = '654321';
    h.clipboard.readable = false;
    h.set(h.now() + 30_000);
    await h.worker.alarm(CLIPBOARD_ALARM);
    expect(h.clipboard.text).toBe('654321');
    expect(h.logs).toContain('clipboard: could not be read: left as it is');
  });

  it('a second copy replaces the first: only the latest code is cleared, 30 s after it was copied', async () => {
    const h = harness();
    await h.page('clipboard/copied', { code: '111111' });
    h.set(h.now() + 20_000);
    h.clipboard.text = '222222';
    await h.page('clipboard/copied', { code: '222222' });
    // The first code's time comes: too early for the second; the alarm is set again.
    h.set(h.now() + 10_000);
    await h.worker.alarm(CLIPBOARD_ALARM);
    expect(h.clipboard.clears).toEqual([]);
    expect(h.alarms.get(CLIPBOARD_ALARM)).toBe(h.now() + 20_000);
    h.set(h.now() + 20_000);
    await h.worker.alarm(CLIPBOARD_ALARM);
    expect(h.clipboard.clears).toEqual(['222222']);
    expect(h.clipboard.text).toBe('');
  });

  it('takes codes only: anything else is refused by the protocol and nothing is stored', async () => {
    const h = harness();
    for (const code of ['12345', 'JBSWY3DPEHPK3PXP', '123456789', '']) {
      expect(await h.page('clipboard/copied', { code })).toMatchObject({ ok: false, error: { kind: 'bad_message' } });
    }
    expect(await h.session.get('copiedCode')).toBeUndefined();
    // A content script may not ask for it at all.
    expect(await h.content('clipboard/copied', { code: '123456' })).toMatchObject({ ok: false });
  });
});
