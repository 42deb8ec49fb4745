import { describe, expect, it } from 'vitest';
import { ok } from '../../../src/result';
import { CLEAR_AFTER_MS, createCopyStore } from '../../../src/ui';
import { fakeClipboard, fakeMessenger, manualClock } from './support';

/** The popup's copy: the clipboard, the confirmation, and the code handed to the worker (worker/clipboard clears it). */
function setup(worker = fakeMessenger({ 'clipboard/copied': () => ok({ clearAt: CLEAR_AFTER_MS }) })) {
  const clock = manualClock();
  const clipboard = fakeClipboard();
  return { clock, clipboard, worker, store: createCopyStore({ clipboard, clock, messenger: worker.messenger }) };
}

describe('copy', () => {
  it('writes the bare code, confirms with "Copied", and tells the worker which code to clear', async () => {
    const { store, clipboard, worker } = setup();
    await store.copy('a1', '123456', 'alice@example.com on broker.example');
    expect(clipboard.writes).toEqual(['123456']);
    expect(store.status.value).toEqual({
      kind: 'copied',
      id: 'a1',
      text: 'Copied',
      detail: 'code for alice@example.com on broker.example. The clipboard is cleared in 30 s.',
    });
    expect(worker.of('clipboard/copied').map((c) => c.payload)).toEqual([{ code: '123456' }]);
    expect(CLEAR_AFTER_MS).toBe(30_000);
  });

  it('a worker that does not answer costs the confirmation nothing', async () => {
    const { store, clipboard } = setup(fakeMessenger({ 'clipboard/copied': () => Promise.reject(new Error('no worker')) }));
    await store.copy('a1', '123456', 'x');
    expect(clipboard.writes).toEqual(['123456']);
    expect(store.status.value?.kind).toBe('copied');
  });

  it('says so when the clipboard refuses, or when the code is not there yet; nothing goes to the worker; the confirmation fades', async () => {
    const { store, clipboard, clock, worker } = setup();
    clipboard.refuse = true;
    await store.copy('a1', '123456', 'x');
    expect(store.status.value?.kind).toBe('error');
    expect(store.status.value?.text).toBe('Not copied');
    expect(store.status.value?.detail).toMatch(/refused access to the clipboard/);
    await store.copy('a1', null, 'x');
    expect(store.status.value?.detail).toMatch(/not ready/);
    expect(clipboard.writes).toEqual([]);
    expect(worker.of('clipboard/copied')).toEqual([]);
    clock.advance(4_000);
    expect(store.status.value).toBeNull();
  });
});
