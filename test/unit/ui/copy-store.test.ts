import { describe, expect, it } from 'vitest';
import { CLEAR_AFTER_MS, createCopyStore } from '../../../src/ui';
import { fakeClipboard, manualClock } from './support';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('copy', () => {
  it('writes the bare code and confirms with "Copied"', async () => {
    const clipboard = fakeClipboard();
    const store = createCopyStore({ clipboard, clock: manualClock() });
    await store.copy('a1', '123456', 'alice@example.com on broker.example');
    expect(clipboard.writes).toEqual(['123456']);
    expect(store.status.value).toEqual({
      kind: 'copied',
      id: 'a1',
      text: 'Copied',
      detail: 'code for alice@example.com on broker.example. The clipboard is cleared in 30 s.',
    });
  });

  it('clears the clipboard after 30 s when it still holds that code', async () => {
    const clock = manualClock();
    const clipboard = fakeClipboard();
    const store = createCopyStore({ clipboard, clock });
    await store.copy('a1', '123456', 'x');
    clock.advance(CLEAR_AFTER_MS - 1);
    await flush();
    expect(clipboard.text).toBe('123456');
    clock.advance(1);
    await flush();
    expect(clipboard.text).toBe('');
    expect(clipboard.writes).toEqual(['123456', '']);
  });

  it('leaves the clipboard alone when something else was copied since', async () => {
    const clock = manualClock();
    const clipboard = fakeClipboard();
    const store = createCopyStore({ clipboard, clock });
    await store.copy('a1', '123456', 'x');
    clipboard.text = 'something the person copied'; // e.g. another app, read back
    clock.advance(CLEAR_AFTER_MS);
    await flush();
    expect(clipboard.text).toBe('something the person copied');
  });

  it('without read access, clears unless this page saw another copy', async () => {
    const clock = manualClock();
    const clipboard = fakeClipboard({ readable: false });
    const store = createCopyStore({ clipboard, clock });
    await store.copy('a1', '123456', 'x');
    clock.advance(CLEAR_AFTER_MS);
    await flush();
    expect(clipboard.text).toBe('');

    await store.copy('a1', '654321', 'x');
    store.noteOtherCopy(); // a `copy` event on the page
    clipboard.text = 'selected text';
    clock.advance(CLEAR_AFTER_MS);
    await flush();
    expect(clipboard.text).toBe('selected text');
  });

  it('a second copy restarts the 30 s and only the latest code is cleared', async () => {
    const clock = manualClock();
    const clipboard = fakeClipboard();
    const store = createCopyStore({ clipboard, clock });
    await store.copy('a1', '111111', 'x');
    clock.advance(20_000);
    await store.copy('a2', '222222', 'y');
    clock.advance(10_000);
    await flush();
    expect(clipboard.text).toBe('222222');
    clock.advance(20_000);
    await flush();
    expect(clipboard.text).toBe('');
  });

  it('says so when the clipboard refuses, or when the code is not there yet; the confirmation fades', async () => {
    const clock = manualClock();
    const clipboard = fakeClipboard();
    const store = createCopyStore({ clipboard, clock });
    clipboard.refuse = true;
    await store.copy('a1', '123456', 'x');
    expect(store.status.value?.kind).toBe('error');
    expect(store.status.value?.text).toBe('Not copied');
    expect(store.status.value?.detail).toMatch(/refused access to the clipboard/);
    await store.copy('a1', null, 'x');
    expect(store.status.value?.detail).toMatch(/not ready/);
    expect(clipboard.writes).toEqual([]);
    clock.advance(4_000);
    expect(store.status.value).toBeNull();
  });
});
