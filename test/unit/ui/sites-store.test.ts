import { describe, expect, it, vi } from 'vitest';
import { createSitesStore } from '../../../src/ui';
import { LOCAL } from '../../../src/storage/keys';
import { fail, fakeMessenger, fakePermissions, memoryArea, ok } from './support';

/** A worker that keeps its list in storage.local, as the real one does. */
function setup(initial: string[] = [], grant: boolean = true) {
  const local = memoryArea({ [LOCAL.sites]: initial });
  const list = () => [...((local as unknown as { get(k: string): Promise<string[]> }) && current)];
  let current = [...initial];
  const worker = fakeMessenger({
    'sites/list': () => ok({ sites: list() }),
    'sites/add': ({ site }) => {
      current = [...current, site];
      local.set(LOCAL.sites, current);
      return ok({ origin: site });
    },
    'sites/remove': ({ origin }) => {
      const removed = current.includes(origin);
      current = current.filter((s) => s !== origin);
      local.set(LOCAL.sites, current);
      return ok({ removed });
    },
  });
  const permissions = fakePermissions(grant);
  const store = createSitesStore({ local, messenger: worker.messenger, permissions });
  return { store, worker, permissions, local };
}

describe('the Sites store', () => {
  it('reads the registered sites from storage.local and follows changes', async () => {
    const { store, local } = setup(['https://a.example']);
    await store.start();
    expect(store.sites.value).toEqual(['https://a.example']);
    local.set(LOCAL.sites, ['https://a.example', 'https://b.example']);
    expect(store.sites.value).toEqual(['https://a.example', 'https://b.example']);
  });

  it('adds a valid https site: permission first (synchronously), then sites/add, then the fresh list', async () => {
    const { store, worker, permissions } = setup();
    await store.start();
    const added = store.add(' my.broker.example/login ');
    expect(permissions.requests).toEqual([['https://my.broker.example/*']]);
    expect(await added).toBe(true);
    expect(worker.of('sites/add')).toEqual([{ type: 'sites/add', payload: { site: 'https://my.broker.example' } }]);
    expect(worker.of('sites/list')).toHaveLength(1);
    expect(store.sites.value).toEqual(['https://my.broker.example']);
    expect(store.error.value).toBeNull();
    expect(store.notice.value).toBe('Added https://my.broker.example.');
  });

  it('adds a loopback site without a permission prompt', async () => {
    const { store, permissions } = setup();
    await store.start();
    expect(await store.add('http://127.0.0.1:8787')).toBe(true);
    expect(permissions.request).not.toHaveBeenCalled();
    expect(store.sites.value).toEqual(['http://127.0.0.1:8787']);
  });

  it('refuses an invalid address without asking anyone', async () => {
    const { store, worker, permissions } = setup();
    await store.start();
    expect(await store.add('http://broker.example')).toBe(false);
    expect(store.error.value).toMatch(/Only https sites/);
    expect(await store.add('')).toBe(false);
    expect(store.error.value).toMatch(/not a site address/);
    expect(permissions.request).not.toHaveBeenCalled();
    expect(worker.calls.filter((c) => c.type !== 'security/state')).toEqual([]);
  });

  it('a refused permission adds nothing', async () => {
    const { store, worker } = setup([], false);
    await store.start();
    expect(await store.add('https://my.broker.example')).toBe(false);
    expect(store.error.value).toMatch(/^Permission refused/);
    expect(worker.of('sites/add')).toEqual([]);
  });

  it('shows the worker’s error', async () => {
    const { store, worker } = setup();
    worker.handlers['sites/add'] = () => fail('invalid_input', 'The worker says no.');
    await store.start();
    expect(await store.add('http://localhost:5173')).toBe(false);
    expect(store.error.value).toBe('The worker says no.');
    expect(store.busy.value).toBe(false);
  });

  it('removes a site and gives its host permission back (not the manifest’s loopback ones)', async () => {
    const { store, worker, permissions } = setup(['https://a.example', 'http://127.0.0.1:8787']);
    await store.start();
    await store.remove('https://a.example');
    expect(worker.of('sites/remove')).toEqual([{ type: 'sites/remove', payload: { origin: 'https://a.example' } }]);
    expect(store.sites.value).toEqual(['http://127.0.0.1:8787']);
    expect(permissions.removed).toEqual([['https://a.example/*']]);
    await store.remove('http://127.0.0.1:8787');
    expect(permissions.removed).toHaveLength(1);
    expect(store.sites.value).toEqual([]);
  });

  it('knows the sites the managed policy registers (security/state), and reads them again when the list changes', async () => {
    const { store, worker, local } = setup(['https://a.example', 'https://policy.example']);
    let policySites = ['https://policy.example'];
    worker.handlers['security/state'] = () =>
      ok({ vault: 'plain', unlocked: true, kdf: null, settings: { autoLockMinutes: null, autofill: 'auto', autoSubmit: false }, policy: { sites: policySites, requirePassphrase: false, maxAutoLockMinutes: null } });
    await store.start();
    expect(store.managed.value).toEqual(['https://policy.example']);
    policySites = ['https://other.example', 'https://policy.example'];
    local.set(LOCAL.sites, ['https://a.example', 'https://other.example', 'https://policy.example']);
    await vi.waitFor(() => expect(store.managed.value).toEqual(['https://other.example', 'https://policy.example']));
    expect(worker.of('security/state')).toHaveLength(2);
  });

  it('without an answer about the policy, no site is claimed to be managed', async () => {
    const { store } = setup(['https://a.example']);
    await store.start();
    expect(store.managed.value).toEqual([]);
    expect(store.sites.value).toEqual(['https://a.example']);
  });
});
