import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { AccountsSnapshot } from '../../storage/accounts-snapshot';
import type { ClipboardPort, Clock, Messenger, PermissionsPort, ReadableArea, TabsPort } from '../shared/adapters';
import { createCodesStore, type CodeRow, type CodesStore, type Generate } from './code-store';
import { createCopyStore, type CopyStore } from './copy-store';
import { createSearch, type Search } from './search-store';
import { siteHost } from '../shared/site-host';
import { createSnapshotStore, type SnapshotStore } from './snapshot-store';
import { createTabSiteStore, type TabSiteStore } from './tab-site-store';
import { t } from '../../i18n';

/**
 * The popup's state, composed from one store per concept (INTERNALS):
 *
 *   storage.session ──► snapshot-store ──(active accounts, offsets)──► code-store ──rows──► search ──► visible
 *   worker (vault/*) ◄──┘                        tabs ──► tab-site-store (origin first, Fill, Use on this site)
 *   clipboard ◄── copy-store                     pending accounts ──► pending (banner)
 *
 * First paint: the snapshot is read once; the active tab is read at the same time (its accounts are
 * listed first); the codes of the first `firstScreen` rows are computed, then the rows are published
 * and only those are rendered; the rest of the rows join the DOM `growBy` at a time, a paint apart,
 * while their codes are computed in batches.
 */
export interface PopupDeps {
  session: ReadableArea;
  messenger: Messenger;
  clock: Clock;
  clipboard: ClipboardPort;
  tabs: TabsPort;
  permissions: PermissionsPort;
  generate?: Generate;
  /** Rows computed and rendered before the first paint (a screenful). */
  firstScreen?: number;
  /** Rows added to the DOM per step afterwards. */
  growBy?: number;
  /** Resolves once the browser has had a chance to paint (default: a 0 ms clock timer). */
  afterPaint?: () => Promise<void>;
  /** How long the first list waits for the active tab to put its accounts first (ms). */
  tabWait?: number;
}

export interface PopupStore {
  vault: SnapshotStore;
  codes: CodesStore;
  search: Search<CodeRow>;
  copy: CopyStore;
  site: TabSiteStore;
  /** Rows in the DOM now: the search results, or while growing, the first of them. */
  visible: ReadonlySignal<CodeRow[]>;
  /** Hosts with a captured key waiting for the site's set-up to finish. */
  pendingHosts: ReadonlySignal<string[]>;
  /** True once the first list (possibly empty) has been published. */
  listed: ReadonlySignal<boolean>;
  /** How many accounts the list has in all (the active ones), from the first screen on: the search box says it. */
  total: ReadonlySignal<number>;
  start(): Promise<void>;
  copyRow(row: CodeRow): Promise<void>;
  fillRow(row: CodeRow): Promise<void>;
  dispose(): void;
}

/** "alice@example.com on my.broker.example", as confirmations name an account. */
export const describeRow = (row: CodeRow) => t('popup_account_on', row.account.label || row.account.issuer || t('popup_account'), row.host);

/** Rows rendered before the first paint: a 600 px popup shows about seven. */
export const FIRST_SCREEN = 8;

export function createPopupStore(deps: PopupDeps): PopupStore {
  const { clock } = deps;
  const firstScreen = deps.firstScreen ?? FIRST_SCREEN;
  const growBy = deps.growBy ?? 150;
  const afterPaint = deps.afterPaint ?? (() => new Promise<void>((resolve) => clock.setTimeout(resolve, 0)));
  const tabWait = deps.tabWait ?? 40;

  const vault = createSnapshotStore({ session: deps.session, messenger: deps.messenger });
  const codes = createCodesStore({ clock, generate: deps.generate, yieldToPaint: afterPaint });
  const search = createSearch(codes.rows);
  const copy = createCopyStore({ clipboard: deps.clipboard, clock, messenger: deps.messenger });
  const site = createTabSiteStore({ tabs: deps.tabs, permissions: deps.permissions, messenger: deps.messenger });

  const limit = signal(firstScreen);
  const listed = signal(false);

  let generation = 0;
  let stopFollowing: (() => void) | undefined;
  let tabRead: Promise<unknown> = Promise.resolve();

  const visible = computed(() => {
    const results = search.results.value;
    return search.active.value || results.length <= limit.value ? results : results.slice(0, limit.value);
  });

  const pendingHosts = computed(() => {
    const accounts = vault.snapshot.value?.accounts ?? [];
    return [...new Set(accounts.filter((a) => a.status === 'pending').map((a) => siteHost(a.origin)))];
  });

  /** The active tab (briefly), so that the first list already has the tab's accounts on top. */
  function tabOrTimeout(): Promise<unknown> {
    return Promise.race([tabRead, new Promise<void>((resolve) => clock.setTimeout(() => resolve(), tabWait))]);
  }

  async function present(snapshot: AccountsSnapshot) {
    const mine = ++generation;
    if (!listed.peek()) await tabOrTimeout();
    if (mine !== generation) return;
    const here = site.origin.peek();
    const active = snapshot.accounts.filter((a) => a.status === 'active');
    const ordered = here ? [...active.filter((a) => a.origin === here), ...active.filter((a) => a.origin !== here)] : active;
    if (!listed.peek()) limit.value = firstScreen;
    await codes.show(ordered, snapshot.offsets, { first: firstScreen });
    if (mine !== generation) return;
    listed.value = true;
    await codes.allRows();
    while (mine === generation && limit.peek() < codes.rows.peek().length) {
      await afterPaint();
      if (mine !== generation) return;
      limit.value += growBy;
    }
  }

  return {
    vault,
    codes,
    search,
    copy,
    site,
    visible,
    pendingHosts,
    listed,
    total: computed(() => vault.snapshot.value?.accounts.filter((a) => a.status === 'active').length ?? 0),
    async start() {
      tabRead = site.load();
      stopFollowing ??= effect(() => {
        const snapshot = vault.snapshot.value;
        if (snapshot) void present(snapshot);
      });
      await vault.start();
    },
    copyRow(row) {
      return copy.copy(row.account.id, row.code.peek(), describeRow(row));
    },
    fillRow(row) {
      return site.fill(row.account.id, describeRow(row));
    },
    dispose() {
      generation++;
      stopFollowing?.();
      vault.dispose();
      codes.dispose();
      copy.dispose();
    },
  };
}
