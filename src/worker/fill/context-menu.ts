import { t } from '../../i18n';
import { originOf, permissionPattern } from '../../origin';
import { serialQueue } from '../../serial-queue';
import { read, SNAPSHOT_CONTENT, type AccountView } from '../../storage';
import type { WorkerContext } from '../context';
import { fillTab } from './fill-handlers';

/**
 * "Fill 2FA code" in the context menu of editable fields (Chrome `contextMenus`, Firefox `menus`).
 * Shown only on registered sites (each item's `documentUrlPatterns` is its site), only for sites
 * with an active account; with several accounts, a submenu names them. Choosing an item is the
 * person's gesture: the worker gives the tab a manual grant for that account — the same rule as the
 * popup's Fill — and the content script fills the field that was right-clicked. While the vault is
 * locked, one item asks the person to unlock (it opens the popup).
 */
export interface MenuItem {
  id: string;
  title: string;
  parentId?: string;
  documentUrlPatterns: string[];
}

/** The browser's menus API, as far as the worker uses it: the whole menu replaced at once. */
export interface MenusAdapter {
  replace(items: readonly MenuItem[]): Promise<void>;
  /** Opens the toolbar popup (to unlock); best effort, the browser may refuse. */
  openPopup(): Promise<void>;
}

export interface MenuClick {
  menuItemId: string | number;
  /** The frame the person right-clicked in: 0 is the top frame. */
  frameId?: number;
}

const UNLOCK_ID = 'unlock';
const SEP = '|';

/** The items for the registered sites and the accounts the popup shows (null: the vault is locked). */
export function menuItems(sites: readonly string[], accounts: readonly AccountView[] | null): MenuItem[] {
  if (accounts === null) return sites.length ? [{ id: UNLOCK_ID, title: t('menu_fill_code_locked'), documentUrlPatterns: sites.map(permissionPattern) }] : [];
  return sites.flatMap((origin) => {
    const own = accounts.filter((a) => a.origin === origin && a.status === 'active');
    const documentUrlPatterns = [permissionPattern(origin)];
    const itemOf = (a: AccountView, parentId?: string): MenuItem => ({ id: [origin, a.id].join(SEP), title: parentId ? a.label : t('menu_fill_code'), documentUrlPatterns, ...(parentId ? { parentId } : {}) });
    if (own.length === 0) return [];
    if (own.length === 1) return [itemOf(own[0]!)];
    return [{ id: origin, title: t('menu_fill_code'), documentUrlPatterns }, ...own.map((a) => itemOf(a, origin))];
  });
}

/** What an item's id asks for: unlock, or a fill of one account on one origin (a parent item asks nothing). */
export function parseMenuId(id: string | number): { kind: 'unlock' } | { kind: 'fill'; origin: string; accountId: string } | null {
  if (id === UNLOCK_ID) return { kind: 'unlock' };
  if (typeof id !== 'string') return null;
  const at = id.indexOf(SEP);
  if (at < 0) return null;
  const origin = id.slice(0, at);
  const accountId = id.slice(at + 1);
  return originOf(origin) === origin && accountId ? { kind: 'fill', origin, accountId } : null;
}

export function createContextMenu(ctx: WorkerContext, menus: MenusAdapter, log?: (line: string) => void) {
  const queue = serialQueue();
  let shown: string | null = null;

  /** Rebuilds the menu from the registered sites and the popup's snapshot, when they changed. */
  const sync = () =>
    queue(async () => {
      const unlocked = (await ctx.vaultSession.key()) !== null;
      const snapshot = unlocked ? await read(ctx.session, SNAPSHOT_CONTENT, log) : undefined;
      const items = menuItems(await ctx.sites.list(), unlocked ? (snapshot?.accounts ?? []) : null);
      const next = JSON.stringify(items);
      if (next === shown) return;
      await menus.replace(items);
      shown = next;
    }).catch(() => log?.('context menu: could not be updated'));

  /**
   * An item was chosen in tab `tabId`. Only in the top frame (frames are inert: a page script may own
   * them), only when the tab is still on the item's site; the account must belong to that site (the
   * code service checks it again when the code is asked for).
   */
  async function clicked(click: MenuClick, tabId: number | undefined): Promise<boolean> {
    const what = parseMenuId(click.menuItemId);
    if (!what) return false;
    if (what.kind === 'unlock') {
      await menus.openPopup().catch(() => log?.('context menu: the popup could not be opened'));
      return false;
    }
    if (tabId === undefined || click.frameId !== 0) return false;
    if (originOf(await ctx.tabs.url(tabId)) !== what.origin) return false;
    const filled = await fillTab(ctx, tabId, what.accountId, 'context');
    return filled.ok && filled.value.filled;
  }

  return { sync, clicked };
}
