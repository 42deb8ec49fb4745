import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clipboardPort, permissionsPort, primedArea, primedTabs, tabsPort, type BrowserLike } from '../../../src/ui';
import { fakeTabs, memoryArea } from './support';
import { SESSION } from '../../../src/storage/keys';

/** The real adapters over WXT's fake browser: one key of one area, and the active tab. */
describe('browser adapters', () => {
  const browser = fakeBrowser as unknown as BrowserLike;

  it('tabsPort gives the active tab of the current window', async () => {
    fakeBrowser.reset();
    await fakeBrowser.windows.create({ focused: true });
    const tab = await fakeBrowser.tabs.create({ url: 'https://broker.example/login', active: true });
    expect(await tabsPort(browser).active()).toEqual({ id: tab.id, url: 'https://broker.example/login' });
  });

  it('permissionsPort calls permissions.request synchronously', () => {
    const request = vi.fn(async () => true);
    const port = permissionsPort({ ...browser, permissions: { request, remove: vi.fn(async () => true) } });
    void port.request(['https://a.example/*']);
    expect(request).toHaveBeenCalledWith({ origins: ['https://a.example/*'] });
  });

  it('primedArea uses the read started early once, then reads the area', async () => {
    const area = memoryArea({ [SESSION.snapshot]: 'from storage', other: 1 });
    const primed = primedArea(area, SESSION.snapshot, Promise.resolve({ [SESSION.snapshot]: 'started early' }));
    expect(await primed.get('other')).toBe(1);
    expect(await primed.get(SESSION.snapshot)).toBe('started early');
    expect(await primed.get(SESSION.snapshot)).toBe('from storage');
    const seen: unknown[] = [];
    primed.watch(SESSION.snapshot, (v) => seen.push(v));
    area.set(SESSION.snapshot, 'changed');
    expect(seen).toEqual(['changed']);
  });

  it('primedTabs uses the query started early once, then asks again', async () => {
    const tabs = fakeTabs({ id: 2, url: 'https://later.example/' });
    const primed = primedTabs(tabs, Promise.resolve([{ id: 1, url: 'https://early.example/', title: 'x' } as never]));
    expect(await primed.active()).toEqual({ id: 1, url: 'https://early.example/' });
    expect(tabs.active).not.toHaveBeenCalled();
    expect(await primed.active()).toEqual({ id: 2, url: 'https://later.example/' });
    expect(await primedTabs(tabs, Promise.resolve([])).active()).toBeUndefined();
  });

  it('clipboardPort writes through navigator.clipboard', async () => {
    const clipboard = { writeText: vi.fn(async () => {}) } as unknown as Clipboard;
    await clipboardPort(clipboard).writeText('123456');
    expect(clipboard.writeText).toHaveBeenCalledWith('123456');
  });
});
