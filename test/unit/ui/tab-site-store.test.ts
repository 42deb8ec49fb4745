import { describe, expect, it } from 'vitest';
import { checkTabSite, checkTypedSite, createTabSiteStore } from '../../../src/ui';
import { fail, fakeMessenger, fakePermissions, fakeTabs, ok } from './support';

function setup(url: string | undefined, options: { grant?: boolean | Error; add?: ReturnType<typeof fail> } = {}) {
  const permissions = fakePermissions(options.grant ?? true);
  const worker = fakeMessenger({
    'sites/add': ({ site }) => options.add ?? ok({ origin: site }),
    'fill/tab': () => ok({ filled: true }),
  });
  const tabs = fakeTabs(url === 'none' ? undefined : { id: 42, url });
  const store = createTabSiteStore({ tabs, permissions, messenger: worker.messenger });
  return { store, permissions, worker, tabs };
}

describe('"Use on this site"', () => {
  it('loopback (http://127.0.0.1:port, http://localhost:port): no permission prompt, sites/add with the exact origin', async () => {
    for (const [url, origin] of [
      ['http://127.0.0.1:8787/#/signin', 'http://127.0.0.1:8787'],
      ['http://localhost:3000/app?x=1', 'http://localhost:3000'],
    ]) {
      const { store, permissions, worker } = setup(url);
      await store.load();
      expect(store.origin.value).toBe(origin);
      await store.useOnThisSite();
      expect(permissions.request).not.toHaveBeenCalled();
      expect(worker.of('sites/add')).toEqual([{ type: 'sites/add', payload: { site: origin } }]);
      expect(store.status.value?.kind).toBe('done');
      expect(store.status.value?.text).toMatch(/is registered/);
    }
  });

  it('https: asks for access to that origin inside the click (synchronously), then sites/add', async () => {
    const { store, permissions, worker } = setup('https://my.broker.example/en/login');
    await store.load();
    const done = store.useOnThisSite();
    // Still inside the handler's task: the prompt must already have been requested.
    expect(permissions.requests).toEqual([['https://my.broker.example/*']]);
    // Nothing but the read of what the page is asking (made when the tab was read) before the prompt.
    expect(worker.calls.map((c) => c.type)).toEqual(['fill/asking']);
    await done;
    expect(worker.of('sites/add')).toEqual([{ type: 'sites/add', payload: { site: 'https://my.broker.example' } }]);
    expect(store.status.value).toEqual({ kind: 'done', text: 'my.broker.example is registered: codes can be filled there.' });
  });

  it('reads what the tab\'s page is asking a code for, and forgets it once filled', async () => {
    const { store, worker } = setup('https://my.broker.example/');
    worker.handlers['fill/asking'] = () => ({ ok: true, value: { asking: { origin: 'https://my.broker.example', reason: 'challenge', process: 'withdraw', label: 'ann@example.com' } } });
    worker.handlers['fill/tab'] = () => ({ ok: true, value: { filled: true } });
    await store.load();
    await expect.poll(() => store.asking.value).toMatchObject({ reason: 'challenge', process: 'withdraw' });
    await store.fill('a-1', 'ann@example.com on my.broker.example');
    expect(store.asking.value).toBeNull();
  });

  it('a refused permission is an error, and nothing is registered', async () => {
    const { store, permissions, worker } = setup('https://my.broker.example/', { grant: false });
    await store.load();
    await store.useOnThisSite();
    expect(permissions.request).toHaveBeenCalledOnce();
    expect(worker.of('sites/add')).toEqual([]);
    expect(store.status.value?.kind).toBe('error');
    expect(store.status.value?.text).toMatch(/^Permission refused/);
  });

  it('a permission request the browser rejects is an error too', async () => {
    const { store, worker } = setup('https://my.broker.example/', { grant: new Error('Only permissions specified in the manifest may be requested.') });
    await store.load();
    await store.useOnThisSite();
    expect(worker.of('sites/add')).toEqual([]);
    expect(store.status.value?.text).toMatch(/did not ask for access to my\.broker\.example: Only permissions/);
  });

  it.each([
    ['chrome://extensions/', /not a web page/],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html', /not a web page/],
    ['about:blank', /not a web page/],
    ['file:///home/me/a.html', /not a web page/],
    ['http://broker.example/', /insecure http/],
    [undefined, /cannot see this tab’s address/],
    ['none', /no active tab/],
  ])('%s: a clear error, no prompt, no sites/add', async (url, message) => {
    const { store, permissions, worker } = setup(url);
    await store.load();
    expect(store.origin.value).toBeNull();
    await store.useOnThisSite();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(worker.calls).toEqual([]);
    expect(store.status.value?.kind).toBe('error');
    expect(store.status.value?.text).toMatch(message);
  });

  it('shows the worker’s refusal', async () => {
    const { store } = setup('https://my.broker.example/', { add: fail('invalid_input', 'That site is already registered.') });
    await store.load();
    await store.useOnThisSite();
    expect(store.status.value).toEqual({ kind: 'error', text: 'That site is already registered.' });
  });

  it('a click before the tab was read reads it first', async () => {
    const { store, worker, tabs } = setup('http://127.0.0.1:8787/');
    await store.useOnThisSite();
    expect(tabs.active).toHaveBeenCalledOnce();
    expect(worker.of('sites/add')).toHaveLength(1);
  });
});

describe('"Fill"', () => {
  it('asks the worker to fill the tab with that account; says what happened', async () => {
    const { store, worker } = setup('https://my.broker.example/');
    await store.load();
    await store.fill('acct-1', 'alice on my.broker.example');
    expect(worker.of('fill/tab')).toEqual([{ type: 'fill/tab', payload: { tabId: 42, accountId: 'acct-1' } }]);
    expect(store.status.value).toEqual({ kind: 'done', text: 'Filled the code for alice on my.broker.example.' });
  });

  it('shows the worker’s error (e.g. no handler yet) and "no field" when nothing was filled', async () => {
    const { store, worker } = setup('https://my.broker.example/');
    await store.load();
    delete worker.handlers['fill/tab'];
    await store.fill('acct-1', 'x');
    expect(store.status.value).toEqual({ kind: 'error', text: 'No handler for fill/tab.' });
    worker.handlers['fill/tab'] = () => ok({ filled: false });
    await store.fill('acct-1', 'x');
    expect(store.status.value).toEqual({ kind: 'error', text: 'No code field was found on this page.' });
  });
});

describe('site checks', () => {
  it('typed addresses go through the origin policy', () => {
    expect(checkTypedSite('my.broker.example/path')).toEqual({ ok: true, origin: 'https://my.broker.example' });
    expect(checkTypedSite('http://127.0.0.1:8787/#/x')).toEqual({ ok: true, origin: 'http://127.0.0.1:8787' });
    expect(checkTypedSite('http://broker.example')).toMatchObject({ ok: false, message: expect.stringMatching(/Only https/) });
    expect(checkTypedSite('not a site')).toMatchObject({ ok: false, message: expect.stringMatching(/not a site address/) });
    expect(checkTypedSite('ftp://broker.example')).toMatchObject({ ok: false, message: expect.stringMatching(/Only web sites/) });
    expect(checkTypedSite('https://me:pw@broker.example')).toMatchObject({ ok: false, message: expect.stringMatching(/user name and password/) });
  });

  it('a tab URL is never guessed into https', () => {
    expect(checkTabSite('chrome://settings')).toMatchObject({ ok: false });
    expect(checkTabSite('https://broker.example:8443/a')).toEqual({ ok: true, origin: 'https://broker.example:8443' });
  });
});
