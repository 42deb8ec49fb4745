import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { memoryArea, SESSION, storageArea, type BrowserStorage } from '../../../src/storage';

/** The one storage area over WXT's fake browser, and the in-memory one the tests and the bench use. */
describe('storage areas', () => {
  it('storageArea reads one key and reports its changes in that area only', async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.session.set({ [SESSION.snapshot]: { v: 1 } });
    const session = storageArea(fakeBrowser.storage as unknown as BrowserStorage, 'session');
    expect(await session.get(SESSION.snapshot)).toEqual({ v: 1 });
    const seen: unknown[] = [];
    const stop = session.watch(SESSION.snapshot, (value) => seen.push(value));
    await fakeBrowser.storage.local.set({ [SESSION.snapshot]: 'other area' });
    await fakeBrowser.storage.session.set({ unrelated: 1 });
    await fakeBrowser.storage.session.set({ [SESSION.snapshot]: { v: 2 } });
    await fakeBrowser.storage.session.remove(SESSION.snapshot);
    stop();
    await fakeBrowser.storage.session.set({ [SESSION.snapshot]: { v: 3 } });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({ v: 2 });
    expect(seen[1] ?? undefined).toBeUndefined(); // removed (Chrome: no newValue; the fake: null)
  });

  it('storageArea writes, lists and removes in its own area only', async () => {
    fakeBrowser.reset();
    const local = storageArea(fakeBrowser.storage as unknown as BrowserStorage, 'local');
    await local.set('sites', ['https://a.example']);
    expect(await local.all()).toEqual({ sites: ['https://a.example'] });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await local.remove('sites');
    expect(await local.get('sites')).toBeUndefined();
  });

  it('memoryArea keeps JSON copies and tells watchers of its own writes', async () => {
    const area = memoryArea();
    const seen: unknown[] = [];
    const stop = area.watch('k', (value) => seen.push(value));
    const value = { a: [1, 2] };
    await area.set('k', value);
    value.a.push(3);
    expect(await area.get('k')).toEqual({ a: [1, 2] });
    await area.remove('k');
    stop();
    await area.set('k', 1);
    expect(seen).toEqual([{ a: [1, 2] }, undefined]);
  });
});
