import { createRouter, type ContentHandlers, type PageHandlers, type Sender } from '../messaging';
import type { Vault } from '../vault';
import { ok } from '../result';
import { createAskLedger } from './ask-ledger';
import { accountHandlers } from './accounts/account-handlers';
import { AUTO_LOCK_ALARM, countsAsUse, createAutoLock } from './vault/auto-lock';
import { backupHandlers } from './settings/backup-handlers';
import { createCaptureService } from './capture/capture-service';
import { clockHandlers } from './clock/clock-handlers';
import { createClockOffsets } from './clock/clock-offsets';
import { createCodeService } from './fill/code-service';
import type { ScriptingAdapter } from './sites/content-registration';
import { createAutoFillBudget } from './fill/auto-fill-budget';
import { createGrants } from './fill/grants';
import { createNetworkLog, type BeforeRequestDetails, type CompletedDetails, type HeadersDetails } from '../network';
import { SESSION } from '../storage/keys';
import { fillHandlers, fillTab } from './fill/fill-handlers';
import { createContextMenu, type MenuClick, type MenusAdapter } from './fill/context-menu';
import { CLIPBOARD_ALARM, clipboardHandlers, createClipboardClear, type ClipboardAdapter } from './clipboard/clipboard-clear';
import { siteHandlers } from './sites/site-handlers';
import { vaultHandlers } from './vault/vault-handlers';
import { createSites } from './sites/sites';
import { securityHandlers } from './settings/security-handlers';
import type { AlarmsAdapter, TabsAdapter, WorkerContext } from './context';
import { createSettings } from './settings/settings';
import { setupHandlers } from './settings/setup-handlers';
import { publishSnapshot } from './vault/snapshot';
import type { StorageArea } from '../storage/area';
import { createVaultSession } from './vault/vault-session';

/**
 * The background worker as a function of its adapters: every browser API it touches comes in here,
 * so the whole of it runs in tests; `entrypoints/background.ts` only plugs in the real ones. No state
 * that matters lives in this closure: it is all in storage, because the worker may stop at any time.
 */
export interface WorkerDeps {
  extensionId: string;
  extensionOrigin: string;
  vault: Vault;
  local: StorageArea;
  session: StorageArea;
  scripting: ScriptingAdapter;
  hasPermission(origin: string): Promise<boolean>;
  tabs: TabsAdapter;
  badge(tabId: number, text: string, color: string): void;
  alarms: AlarmsAdapter;
  /** `storage.managed` (the broker's policy); an empty object when none is set or the area is missing. */
  managed(): Promise<Record<string, unknown>>;
  fetch: WorkerContext['fetch'];
  now(): number;
  sleep(ms: number): Promise<void>;
  log?(line: string): void;
  /** Clears a copied code from the clipboard (Chrome: an offscreen document; Firefox: the background page). */
  clipboard?: ClipboardAdapter;
  /** The context menu ("Fill 2FA code"); absent where the browser has none. */
  menus?: MenusAdapter;
  /** PBKDF2 iterations of exported backups; production leaves it unset (the vault's floor). Tests lower it. */
  backupIterations?: number;
}

export function createWorker(deps: WorkerDeps) {
  const vaultSession = createVaultSession({ vault: deps.vault, session: deps.session });
  const offsets = createClockOffsets(deps.local);
  const grants = createGrants(deps.session);
  const settings = createSettings({ local: deps.local, managed: deps.managed, ...(deps.log ? { log: deps.log } : {}) });
  const sites = createSites({ local: deps.local, scripting: deps.scripting, hasPermission: deps.hasPermission, policySites: async () => (await settings.policy()).sites });
  const autofillMode = async () => (await settings.current()).autofill;
  const network = createNetworkLog({ session: deps.session, key: SESSION.network, now: deps.now, sleep: deps.sleep });
  const capture = createCaptureService({ vault: deps.vault, vaultSession, session: deps.session, offsets, grants, network, now: deps.now, badge: deps.badge, autofillMode, ...(deps.log ? { log: deps.log } : {}) });
  const budget = createAutoFillBudget(deps.session);
  const codeFor = createCodeService({ vault: deps.vault, vaultSession, session: deps.session, offsets, grants, budget, now: deps.now, sleep: deps.sleep, fillSettings: settings.current });
  const autoLock = createAutoLock({
    session: deps.session,
    alarms: deps.alarms,
    now: deps.now,
    minutes: async () => (await settings.current()).autoLockMinutes,
    isProtected: async () => (await deps.vault.state()).kind === 'protected',
    lock: () => vaultSession.lock(),
  });

  const asks = createAskLedger(deps.session, deps.log);
  // The worker's own asks of a tab's content script to fill are counted too: answered once it said whether it filled.
  const tabs: TabsAdapter = { ...deps.tabs, askFill: (tabId, reason, at) => asks.track(() => deps.tabs.askFill(tabId, reason, at), () => false) };

  const refreshSnapshot = async () => {
    const key = await vaultSession.key();
    if (key) await publishSnapshot({ vault: deps.vault, key, session: deps.session, offsets, now: deps.now() });
  };


  const content: ContentHandlers = {
    'capture/exchange': ({ exchange }, from) => asks.track(async () => ok(await capture.observe(from, exchange)), () => false),
    'autofill/code': (request, from) => asks.track(async () => ok(await codeFor(from, request)), (answer) => answer.value.code !== null),
  };

  const ctx: WorkerContext = {
    vault: deps.vault,
    vaultSession,
    session: deps.session,
    local: deps.local,
    offsets,
    grants,
    sites,
    tabs,
    alarms: deps.alarms,
    managed: deps.managed,
    fetch: deps.fetch,
    now: deps.now,
    sleep: deps.sleep,
    refreshSnapshot,
    replayQueued: async () => void (await capture.replayQueued()),
    settings,
    autoLock,
    ...(deps.backupIterations === undefined ? {} : { backupIterations: deps.backupIterations }),
  };

  const clipboard = createClipboardClear({ session: deps.session, alarms: deps.alarms, now: deps.now, ...(deps.clipboard ? { clipboard: deps.clipboard } : {}), ...(deps.log ? { log: deps.log } : {}) });

  const page: PageHandlers = {
    ...accountHandlers(ctx),
    ...setupHandlers(ctx),
    ...securityHandlers(ctx),
    ...backupHandlers(ctx),
    ...clockHandlers(ctx),
    ...vaultHandlers(ctx),
    ...siteHandlers(ctx),
    ...fillHandlers(ctx),
    ...clipboardHandlers(clipboard)(ctx),
  };

  const contextMenu = deps.menus ? createContextMenu(ctx, deps.menus, deps.log) : null;

  const route = createRouter({
    policy: async () => {
      const registered = await sites.list();
      return { extensionId: deps.extensionId, extensionOrigin: deps.extensionOrigin, isRegistered: (origin) => registered.includes(origin) };
    },
    content,
    page,
    ...(deps.log ? { log: deps.log } : {}),
  });

  return {
    /** Every runtime message; an answered one that is a person's use of the extension moves auto-lock on. */
    async route(message: unknown, sender: Sender) {
      const reply = await route(message, sender);
      // A failure to record the use must not cost the answer (the lock then comes at the previous time).
      if (reply.ok && countsAsUse((message as { type: string }).type)) await autoLock.activity().catch(() => deps.log?.('auto-lock: could not record a use'));
      return reply;
    },
    /** Installed, updated or browser started: registrations follow the stored sites and the policy; the popup's view is rebuilt. */
    async start() {
      await sites.resync();
      await refreshSnapshot();
      await contextMenu?.sync();
    },
    /** The keyboard shortcut: fill the active tab. */
    async fillActiveTab() {
      await autoLock.activity().catch(() => deps.log?.('auto-lock: could not record a use'));
      const tabId = await deps.tabs.activeTabId();
      if (tabId !== undefined) await fillTab(ctx, tabId);
    },
    /**
     * The context menu: `sync` after the registered sites, the vault's lock or the popup's snapshot
     * changed (the entrypoint calls it on those storage changes); `clicked` when an item was chosen.
     */
    menus: {
      sync: async () => void (await contextMenu?.sync()),
      async clicked(click: MenuClick, tabId: number | undefined) {
        await autoLock.activity().catch(() => deps.log?.('auto-lock: could not record a use'));
        return (await contextMenu?.clicked(click, tabId)) ?? false;
      },
    },
    /** A `chrome.alarms` alarm fired (alarms outlive the worker). */
    async alarm(name: string) {
      if (name === AUTO_LOCK_ALARM) await autoLock.alarm();
      if (name === CLIPBOARD_ALARM) await clipboard.alarm();
    },
    /** `storage.managed` changed: the policy's sites are registered (or dropped) and auto-lock follows its limit. */
    async policyChanged() {
      await sites.resync();
      await autoLock.schedule();
    },
    /**
     * The browser's own view of the registered sites' API traffic (`webRequest`, non-blocking): what
     * a page's report is checked against. Each answer's `Date` also refines the site's server clock.
     */
    network: {
      begin: (details: BeforeRequestDetails) => network.begin(details),
      headers: (details: HeadersDetails) => network.headers(details),
      async complete(details: CompletedDetails) {
        const record = await network.complete(details);
        if (record?.date !== undefined && (await sites.isRegistered(record.origin))) await offsets.observe(record.origin, record.date, record.completedAt ?? details.timeStamp, record.startedAt);
      },
      fail: (requestId: string) => network.fail(requestId),
    },
    sites,
    vaultSession,
  };
}

export type Worker = ReturnType<typeof createWorker>;
