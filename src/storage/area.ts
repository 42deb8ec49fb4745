/** One key-value area of `browser.storage` (local or session), as the worker's services need it. */
export interface StorageArea {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every entry (`get(null)`). */
  all(): Promise<Record<string, unknown>>;
}

interface BrowserArea {
  get(keys: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string): Promise<void>;
}

export function storageArea(area: BrowserArea): StorageArea {
  return {
    get: async <T>(key: string) => (await area.get(key))[key] as T | undefined,
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
    all: () => area.get(null),
  };
}

/** An in-memory area with the same semantics (JSON round-trip), for tests and the bench. */
export function memoryArea(): StorageArea & { dump(): Record<string, unknown> } {
  const data = new Map<string, string>();
  return {
    get: async <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    set: async (key, value) => {
      data.set(key, JSON.stringify(value));
    },
    remove: async (key) => {
      data.delete(key);
    },
    all: async () => Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)])),
    dump: () => Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)])),
  };
}
