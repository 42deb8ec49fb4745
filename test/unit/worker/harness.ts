import { createVault, idbKeyValueStore, type KeyValueStore } from '../../../src/vault';
import { memoryArea, parseSnapshot } from '../../../src/storage';
import { createWorker, type ContentScriptSpec, type MenuItem } from '../../../src/worker';
import { TEST_BACKUP_ITERATIONS, TEST_KDF_ITERATIONS } from '../../fixtures/kdf';

export const ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXT = `chrome-extension://${ID}`;
export const SITE = 'http://127.0.0.1:8787';
export const KEY = 'TPYXG33M4LOHFJHB';

/** A JWT-shaped bearer token of client `sub` (the worker decodes only its payload's `sub`). */
export const bearer = (sub: string) => `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;
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
  /** Where each fill was asked for: 'context' (the right-clicked field) or 'plan' (the page's code field). */
  const askedAt: string[] = [];
  /** Each context menu the worker set up, in order; how often it opened the popup. */
  const menus: MenuItem[][] = [];
  const popups: number[] = [];
  /** The clipboard as the worker's adapter sees it: what it holds, and each clear it was asked for. */
  const clipboard = { text: '', readable: true, clears: [] as string[] };
  const tabUrls = new Map<number, string>([[7, `${SITE}/#/security`], [8, 'https://evil.example/']]);
  const local = memoryArea();
  const session = memoryArea();
  const store = options.store ?? idbKeyValueStore(`worker-${++db}`);
  const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store });
  const logs: string[] = [];
  const worker = createWorker({
    backupIterations: TEST_BACKUP_ITERATIONS,
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
      askFill: async (tabId, _reason, at) => {
        asked.push(tabId);
        askedAt.push(at ?? 'plan');
        return true;
      },
    },
    clipboard: {
      clearIf: async (text) => {
        clipboard.clears.push(text);
        if (!clipboard.readable) return 'unreadable';
        if (clipboard.text !== text) return 'kept';
        clipboard.text = '';
        return 'cleared';
      },
    },
    menus: {
      replace: async (items) => void menus.push([...items]),
      openPopup: async () => void popups.push(now),
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
  let requests = 0;
  /**
   * What the browser's webRequest reports of one API request of a tab (src/network): the request
   * body, the bearer token's client (`sub`), the status and `Date` of the answer.
   */
  async function browserSaw(r: { tabId?: number; frameId?: number; origin?: string; method: string; path: string; query?: string; body?: unknown; sub?: string; status?: number; date?: string; at?: number }) {
    const requestId = String(++requests);
    const bytes = r.body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(r.body)).buffer;
    await worker.network.begin({
      requestId,
      url: `${r.origin ?? SITE}/api/v2/my/${r.path}${r.query ?? ''}`,
      method: r.method,
      tabId: r.tabId ?? 7,
      frameId: r.frameId ?? 0,
      timeStamp: r.at ?? now,
      ...(bytes ? { requestBody: { raw: [{ bytes }] } } : {}),
    });
    if (r.sub !== undefined) await worker.network.headers({ requestId, requestHeaders: [{ name: 'Authorization', value: `Bearer ${bearer(r.sub)}` }] });
    await worker.network.complete({ requestId, url: `${r.origin ?? SITE}/api/v2/my/${r.path}${r.query ?? ''}`, statusCode: r.status ?? 200, timeStamp: r.at ?? now, responseHeaders: r.date ? [{ name: 'Date', value: r.date }] : [] });
  }
  /** Routes sent with the sign-in session, not a bearer token. */
  const unauthenticated = /^(signin(\/2fa|\/wizard)?|2fa\/(google|sms)|refresh)$/;
  return {
    worker,
    alarms,
    fetched,
    registered,
    badges,
    asked,
    askedAt,
    menus,
    popups,
    clipboard,
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
    browserSaw,
    /**
     * One API exchange: the browser sees the request (body, bearer of client `sub` — '1' by default
     * on routes that take a token; `sub: null` for none — status, `Date` a server `offsetMs` ahead of
     * us), then the capture script reports the answer's body.
     */
    exchange: async (e: Record<string, unknown>, offsetMs = 0, tabId = 7) => {
      const method = String(e.method);
      const path = String(e.path);
      const sub = e.sub === null ? undefined : typeof e.sub === 'string' ? e.sub : unauthenticated.test(path) ? undefined : '1';
      await browserSaw({ tabId, method, path, ...(typeof e.query === 'string' ? { query: e.query } : {}), body: e.request ?? {}, status: typeof e.status === 'number' ? e.status : 200, date: httpDate(now + offsetMs), ...(sub !== undefined ? { sub } : {}) });
      return worker.route({ type: 'capture/exchange', payload: { exchange: { method, path, response: e.response ?? {} } } }, fromTab(tabId));
    },
    /** A page's report with no request behind it that the browser saw. */
    report: (e: Record<string, unknown>, tabId = 7) => worker.route({ type: 'capture/exchange', payload: { exchange: e } }, fromTab(tabId)),
    snapshot: async () => parseSnapshot(await session.get('accountsSnapshot'))?.accounts ?? [],
    /** The server time as the worker estimates it (Date headers have 1 s resolution). */
    serverNow: async () => now + (((await local.get('clockOffsets')) as Record<string, { offsetMs: number }> | undefined)?.[SITE]?.offsetMs ?? 0),
  };
}

