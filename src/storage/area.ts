/**
 * One key-value area of `browser.storage` (`local` or `session`), as every context uses it: the
 * worker reads, writes and lists; the popup and the settings page read and watch. Values are
 * JSON; read them through ./typed.ts (validated), not by casting.
 */
export interface StorageArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every entry (`get(null)`). */
  all(): Promise<Record<string, unknown>>;
  /** Calls `listener` with the new value (undefined when removed) each time `key` changes; returns the unsubscribe. */
  watch(key: string, listener: (value: unknown) => void): () => void;
}

/** What a page that only reads needs (the popup). */
export type ReadableArea = Pick<StorageArea, 'get' | 'watch'>;
/** What the settings page needs of `storage.session` (it keeps its API session there). */
export type WritableArea = Pick<StorageArea, 'get' | 'watch' | 'set' | 'remove'>;

type Changes = Record<string, { newValue?: unknown; oldValue?: unknown }>;
export type ChangeListener = (changes: Changes, areaName: string) => void;

/** The members of `browser.storage` an area is made from (a test may hand in a fake). */
export interface BrowserStorage {
  local: BrowserAreaLike;
  session: BrowserAreaLike;
  onChanged: { addListener(listener: ChangeListener): void; removeListener(listener: ChangeListener): void };
}
interface BrowserAreaLike {
  get(keys: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string): Promise<void>;
}

// Not `storage` as the parameter's name: WXT auto-imports a global `storage` (@wxt-dev/storage, 5 KB
// gzip) wherever it sees that identifier, and the popup would carry it.
export function storageArea(browserStorage: BrowserStorage, name: 'local' | 'session'): StorageArea {
  const area = browserStorage[name];
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
    all: () => area.get(null),
    watch(key, listener) {
      const onChanged: ChangeListener = (changes, areaName) => {
        if (areaName === name && key in changes) listener(changes[key]!.newValue);
      };
      browserStorage.onChanged.addListener(onChanged);
      return () => browserStorage.onChanged.removeListener(onChanged);
    },
  };
}

/** An in-memory area with the same semantics (JSON round-trip, change feed), for tests and the bench. */
export function memoryArea(): StorageArea & { dump(): Record<string, unknown> } {
  const data = new Map<string, string>();
  const listeners = new Map<string, Set<(value: unknown) => void>>();
  const tell = (key: string) => {
    for (const listener of listeners.get(key) ?? []) listener(data.has(key) ? JSON.parse(data.get(key)!) : undefined);
  };
  const dump = () => Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)]));
  return {
    get: async (key) => (data.has(key) ? JSON.parse(data.get(key)!) : undefined),
    set: async (key, value) => {
      data.set(key, JSON.stringify(value));
      tell(key);
    },
    remove: async (key) => {
      data.delete(key);
      tell(key);
    },
    all: async () => dump(),
    watch(key, listener) {
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      return () => set.delete(listener);
    },
    dump,
  };
}
