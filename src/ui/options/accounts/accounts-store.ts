import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { t } from '../../../i18n';
import type { AccountInfo, MessageError } from '../../../messaging/protocol';
import { SESSION } from '../../../storage/keys';
import { timedSecret } from '../../shared/timed-secret';
import type { Clock, Messenger, ReadableArea } from '../../shared/adapters';
import { siteHost } from '../../shared/site-host';
import { refuse } from '../../../messaging/refuse';

/**
 * Settings › Accounts as state: the worker's list (`accounts/list`: every account, no secrets),
 * re-read whenever the worker republishes the popup's snapshot (any vault change, from any page, and
 * unlock/lock), and the person's actions on it. A revealed key (`accounts/reveal`) is held here only
 * while shown: hidden on "Hide", after `REVEAL_MS`, and whenever the list is read again.
 */
export const REVEAL_MS = 60_000;

export interface AccountsStoreDeps {
  messenger: Messenger;
  /** `storage.session`, watched for the snapshot the worker republishes after every vault change. */
  session: ReadableArea;
  clock: Clock;
}

export interface RevealedKey {
  id: string;
  uri: string;
}

export type MoveDirection = -1 | 1;

export interface AccountsStore {
  /** Display order (pinned, the person's order, site, label); undefined until read or while locked. */
  accounts: ReadonlySignal<AccountInfo[] | undefined>;
  /** Records the vault could not read. */
  problems: ReadonlySignal<number>;
  /** The vault has a passphrase: revealing a key asks for it. */
  passphraseSet: ReadonlySignal<boolean>;
  locked: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  notice: ReadonlySignal<string | null>;
  busy: ReadonlySignal<boolean>;
  revealed: ReadonlySignal<RevealedKey | null>;
  start(): Promise<void>;
  refresh(): Promise<void>;
  rename(id: string, label: string): Promise<boolean>;
  setPinned(id: string, pinned: boolean): Promise<boolean>;
  /** One place up (-1) or down (1) among the accounts in use with the same pin. */
  move(id: string, by: MoveDirection): Promise<boolean>;
  setStatus(id: string, status: 'active' | 'archived'): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  reveal(id: string, passphrase?: string): Promise<boolean>;
  hide(): void;
  dispose(): void;
}

/** The neighbour `id` swaps with when moved `by`, or null at the edge of its group (in use, same pin). */
export function moveTarget(accounts: readonly AccountInfo[], id: string, by: MoveDirection): string | null {
  const self = accounts.find((a) => a.id === id);
  if (!self || self.status === 'archived') return null;
  const group = accounts.filter((a) => a.status !== 'archived' && a.pinned === self.pinned);
  return group[group.indexOf(self) + by]?.id ?? null;
}

/** Who an account is, for messages: its label on its site. */
export const accountName = (a: Pick<AccountInfo, 'label' | 'origin'>) => t('accounts_name', a.label, siteHost(a.origin));

export function createAccountsStore({ messenger, session, clock }: AccountsStoreDeps): AccountsStore {
  const accounts = signal<AccountInfo[] | undefined>(undefined);
  const problems = signal(0);
  const passphraseSet = signal(false);
  const locked = signal(false);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const busy = signal(false);
  const shown = timedSecret<RevealedKey>(clock, REVEAL_MS);
  const { hide } = shown;
  let unwatch: (() => void) | undefined;
  let reads = 0;

  async function refresh() {
    const read = ++reads;
    const [listed, state] = await Promise.all([messenger('accounts/list', {}), messenger('vault/state', {})]);
    // A newer read started meanwhile: its answer wins.
    if (read !== reads) return;
    batch(() => {
      hide();
      if (state.ok) passphraseSet.value = state.value.state === 'protected';
      if (listed.ok) {
        accounts.value = listed.value.accounts;
        problems.value = listed.value.problems;
        locked.value = false;
      } else {
        locked.value = listed.error.kind === 'locked';
        accounts.value = undefined;
        if (!locked.value) error.value = listed.error.message;
      }
    });
  }

  const find = (id: string) => accounts.peek()?.find((a) => a.id === id);

  /** One change through the worker: busy while it runs, the error or `success` after, then the list again. */
  async function act(run: () => Promise<{ ok: true } | { ok: false; error: MessageError }>, success: string): Promise<boolean> {
    batch(() => {
      busy.value = true;
      error.value = null;
      notice.value = null;
    });
    const reply = await run();
    await refresh();
    batch(() => {
      busy.value = false;
      if (reply.ok) notice.value = success;
      else error.value = reply.error.message;
    });
    return reply.ok;
  }

  return {
    accounts,
    problems,
    passphraseSet,
    locked,
    error,
    notice,
    busy,
    revealed: shown.value,
    async start() {
      unwatch ??= session.watch(SESSION.snapshot, () => void refresh());
      await refresh();
    },
    refresh,
    rename(id, label) {
      const account = find(id);
      const name = label.trim();
      if (!account) return Promise.resolve(false);
      if (name === '') {
        error.value = t('accounts_rename_empty');
        return Promise.resolve(false);
      }
      return act(() => messenger('accounts/update', { id, label: name }), t('accounts_renamed', siteHost(account.origin), name));
    },
    setPinned(id, pinned) {
      const account = find(id);
      if (!account) return Promise.resolve(false);
      return act(() => messenger('accounts/update', { id, pinned }), t(pinned ? 'accounts_pinned_notice' : 'accounts_unpinned_notice', accountName(account)));
    },
    move(id, by) {
      const list = accounts.peek() ?? [];
      const account = find(id);
      const other = moveTarget(list, id, by);
      if (!account || other === null) return Promise.resolve(false);
      // The whole order, with the two swapped: every other account keeps its place.
      const ids = list.map((a) => (a.id === id ? other : a.id === other ? id : a.id));
      return act(() => messenger('accounts/reorder', { ids }), t(by < 0 ? 'accounts_moved_up' : 'accounts_moved_down', accountName(account)));
    },
    setStatus(id, status) {
      const account = find(id);
      if (!account) return Promise.resolve(false);
      return act(() => messenger('accounts/set-status', { id, status }), t(status === 'archived' ? 'accounts_archived_notice' : 'accounts_restored_notice', accountName(account)));
    },
    remove(id) {
      const account = find(id);
      if (!account) return Promise.resolve(false);
      return act(async () => {
        const reply = await messenger('accounts/delete', { id });
        return reply.ok && !reply.value.deleted ? refuse('not_found', t('accounts_error_not_found')) : reply;
      }, t('accounts_deleted_notice', accountName(account)));
    },
    async reveal(id, passphrase) {
      hide();
      batch(() => {
        busy.value = true;
        error.value = null;
        notice.value = null;
      });
      const reply = await messenger('accounts/reveal', passphrase === undefined ? { id } : { id, passphrase });
      batch(() => {
        busy.value = false;
        if (!reply.ok) {
          error.value = reply.error.message;
          return;
        }
        shown.show({ id, uri: reply.value.uri });
      });
      return reply.ok;
    },
    hide,
    dispose() {
      unwatch?.();
      unwatch = undefined;
      hide();
    },
  };
}
