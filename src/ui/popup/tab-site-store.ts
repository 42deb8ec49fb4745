import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ActiveTab, Messenger, PermissionsPort, TabsPort } from '../shared/adapters';
import { checkTabSite, registerSite } from '../shared/site-access';
import { siteHost } from '../shared/site-host';
import { t } from '../../i18n';
import type { ReplyOf } from '../../messaging';

/**
 * The popup's actions on the tab it was opened over: "Use on this site" (register the tab's origin)
 * and "Fill" (ask the worker to fill an account's code into that tab).
 *
 * The active tab is read when the popup opens (`load`), so that a click can call
 * `permissions.request` at once, inside the user gesture, with nothing awaited before it.
 */
export interface TabStatus {
  kind: 'busy' | 'done' | 'error';
  text: string;
}

export interface TabSiteStoreDeps {
  tabs: TabsPort;
  permissions: PermissionsPort;
  messenger: Messenger;
}

/** What the tab's page is asking a code for right now (the worker's grant), to say so before Fill. */
export type Asking = NonNullable<ReplyOf<'fill/asking'>['asking']>;

export interface TabSiteStore {
  /** undefined while loading; null when there is no active tab. */
  tab: ReadonlySignal<ActiveTab | null | undefined>;
  /** The tab's registrable origin, or null (not a web page, insecure, hidden). */
  origin: ReadonlySignal<string | null>;
  /** Why "Use on this site" cannot work on this tab (shown beside the disabled button), or null. */
  unusable: ReadonlySignal<string | null>;
  status: ReadonlySignal<TabStatus | null>;
  /** The tab's pending request for a code, once read (null: none). */
  asking: ReadonlySignal<Asking | null>;
  busy: ReadonlySignal<boolean>;
  load(): Promise<void>;
  /** Call straight from the click handler (see above). */
  useOnThisSite(): Promise<void>;
  fill(accountId: string, what: string): Promise<void>;
}

export function createTabSiteStore({ tabs, permissions, messenger }: TabSiteStoreDeps): TabSiteStore {
  const tab = signal<ActiveTab | null | undefined>(undefined);
  const status = signal<TabStatus | null>(null);
  const asking = signal<Asking | null>(null);
  let loading: Promise<void> | undefined;

  /** After the tab is known: whether its page waits for a code the person must release (not awaited by the first list). */
  const readAsking = (current: ActiveTab | undefined) => {
    // Only a web page can have a page asking (no message for chrome://, file:, …).
    if (current?.id === undefined || !checkTabSite(current.url).ok) return;
    void messenger('fill/asking', { tabId: current.id }).then((reply) => {
      if (reply.ok) asking.value = reply.value.asking;
    });
  };

  const load = () =>
    (loading ??= tabs.active().then(
      (active) => {
        tab.value = active ?? null;
        readAsking(active ?? undefined);
      },
      () => {
        tab.value = null;
      },
    ));

  const origin = computed(() => {
    const current = tab.value;
    if (!current) return null;
    const checked = checkTabSite(current.url);
    return checked.ok ? checked.origin : null;
  });

  async function register(current: ActiveTab | null) {
    const checked = current ? checkTabSite(current.url) : ({ ok: false, message: t('popup_no_active_tab') } as const);
    if (!checked.ok) {
      status.value = { kind: 'error', text: checked.message };
      return;
    }
    // Synchronous up to `permissions.request` (inside `registerSite`): the click's user gesture.
    const pending = registerSite(checked.origin, { permissions, messenger });
    status.value = { kind: 'busy', text: t('popup_registering', siteHost(checked.origin)) };
    const outcome = await pending;
    status.value = outcome.ok
      ? { kind: 'done', text: t('popup_registered', siteHost(outcome.origin)) }
      : { kind: 'error', text: outcome.message };
  }

  return {
    tab,
    origin,
    unusable: computed(() => {
      const current = tab.value;
      if (current === undefined) return null;
      const checked = current ? checkTabSite(current.url) : ({ ok: false, message: t('popup_no_active_tab') } as const);
      return checked.ok ? null : checked.message;
    }),
    status,
    asking,
    busy: computed(() => status.value?.kind === 'busy'),
    load,
    async useOnThisSite() {
      if (status.peek()?.kind === 'busy') return;
      const known = tab.peek();
      if (known !== undefined) return register(known);
      // Not read yet (a very quick click): read it first. Chrome keeps the gesture for a few seconds.
      await load();
      return register(tab.peek() ?? null);
    },
    async fill(accountId, what) {
      const current = tab.peek();
      if (current?.id === undefined) {
        status.value = { kind: 'error', text: t('popup_no_tab') };
        return;
      }
      status.value = { kind: 'busy', text: t('popup_filling', what) };
      const reply = await messenger('fill/tab', { tabId: current.id, accountId });
      if (!reply.ok) status.value = { kind: 'error', text: reply.error.message };
      else if (reply.value.filled) {
        status.value = { kind: 'done', text: t('popup_filled', what) };
        asking.value = null;
      }
      else status.value = { kind: 'error', text: t('popup_no_code_field') };
    },
  };
}
