import { createVault, idbKeyValueStore, type KeyValueStore } from '../../../src/vault';
import { createWorker, memoryArea, parseSnapshot, type ContentScriptSpec } from '../../../src/worker';

export const ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXT = `chrome-extension://${ID}`;
export const SITE = 'http://127.0.0.1:8787';
export const KEY = 'TPYXG33M4LOHFJHB';
let db = 0;

/** The whole worker with in-memory adapters: storage areas, scripting, tabs, badge, a settable clock. */
export function harness(
  options: {
    permitted?: string[];
    start?: number;
    managed?: Record<string, unknown>;
    serverOffsetMs?: number;
    fetch?: (url: string) => Promise<{ headers: { get(name: string): string | null } }>;
    /** Another clock for the worker (e.g. a real sandbox's time), with its own way to wait. */
    clock?: { now(): number; sleep(ms: number): Promise<void> };
    /** The vault's storage (a fresh IndexedDB store unless given: tests inject failing ones). */
    store?: KeyValueStore;
  } = {},
) {
  const alarms = new Map<string, number>();
  const fetched: string[] = [];
  const managed = options.managed ?? {};
  let now = options.start ?? 1_764_000_010_000; // 10 s into a period
  const registered: ContentScriptSpec[] = [];
  const badges: string[] = [];
  const asked: number[] = [];
  const tabUrls = new Map<number, string>([[7, `${SITE}/#/security`], [8, 'https://evil.example/']]);
  const local = memoryArea();
  const session = memoryArea();
  const store = options.store ?? idbKeyValueStore(`worker-${++db}`);
  const vault = createVault({ store });
  const logs: string[] = [];
  const worker = createWorker({
    extensionId: ID,
    extensionOrigin: EXT,
    vault,
    local,
    session,
    scripting: {
      getRegisteredContentScripts: async () => registered.map((s) => ({ id: s.id })),
      registerContentScripts: async (scripts) => void registered.push(...scripts),
      unregisterContentScripts: async ({ ids }) => void registered.splice(0, registered.length, ...registered.filter((s) => !ids.includes(s.id))),
    },
    hasPermission: async (origin) => origin.startsWith('http://127.0.0.1') || (options.permitted ?? []).includes(origin),
    tabs: {
      url: async (tabId) => tabUrls.get(tabId),
      activeTabId: async () => 7,
      askFill: async (tabId) => {
        asked.push(tabId);
        return true;
      },
    },
    badge: (_tab, text) => badges.push(text),
    alarms: {
      create: async (name, when) => void alarms.set(name, when),
      clear: async (name) => void alarms.delete(name),
    },
    managed: async () => managed,
    fetch: async (url) => {
      fetched.push(url);
      if (options.fetch) return options.fetch(url);
      return { headers: { get: (name: string) => (name.toLowerCase() === 'date' ? new Date(now + (options.serverOffsetMs ?? 0)).toUTCString() : null) } };
    },
    now: () => (options.clock ? options.clock.now() : now),
    sleep: async (ms) => {
      if (options.clock) return options.clock.sleep(ms);
      now += ms;
    },
    log: (line) => void logs.push(line),
  });
  const fromPage = { id: ID, origin: EXT, url: `${EXT}/popup.html` };
  const fromTab = (tabId = 7, origin = SITE) => ({ id: ID, origin, url: `${origin}/`, tab: { id: tabId, url: `${origin}/` }, frameId: 0 });
  const httpDate = (ms: number) => new Date(ms).toUTCString();
  return {
    worker,
    alarms,
    fetched,
    registered,
    badges,
    asked,
    session,
    local,
    vault,
    /** The vault's key-value store (to compare its header before and after). */
    store,
    /** The worker's log lines (refusals, ignored policy values). */
    logs,
    now: () => now,
    set: (ms: number) => (now = ms),
    page: (type: string, payload: unknown = {}) => worker.route({ type, payload }, fromPage),
    content: (type: string, payload: unknown = {}, tabId = 7, origin = SITE) => worker.route({ type, payload }, fromTab(tabId, origin)),
    /** An exchange as the capture script sends it, dated by a server `offsetMs` ahead of us. */
    exchange: (e: Record<string, unknown>, offsetMs = 0, tabId = 7) =>
      worker.route({ type: 'capture/exchange', payload: { exchange: { status: 200, request: {}, response: {}, date: httpDate(now + offsetMs), ...e } } }, fromTab(tabId)),
    snapshot: async () => parseSnapshot(await session.get('accountsSnapshot'))?.accounts ?? [],
    /** The server time as the worker estimates it (Date headers have 1 s resolution). */
    serverNow: async () => now + ((await local.get<Record<string, { offsetMs: number }>>('clockOffsets'))?.[SITE]?.offsetMs ?? 0),
  };
}

