import { createStore, del, entries, get, update, type UseStore } from 'idb-keyval';

/**
 * The storage the vault needs, as an adapter: idb-keyval over IndexedDB in the extension, the same
 * (over fake-indexeddb) in tests. `update` is one IndexedDB readwrite transaction: atomic.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  update(key: string, updater: (old: unknown) => unknown): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<[string, unknown][]>;
}

export function idbKeyValueStore(dbName = 'b2core-authenticator', storeName = 'vault'): KeyValueStore {
  const store: UseStore = createStore(dbName, storeName);
  return {
    get: (key) => get(key, store),
    update: (key, updater) => update(key, updater, store),
    del: (key) => del(key, store),
    entries: async () => (await entries<IDBValidKey, unknown>(store)).filter((e): e is [string, unknown] => typeof e[0] === 'string'),
  };
}
