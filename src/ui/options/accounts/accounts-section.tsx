import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { plural, t } from '../../../i18n';
import type { AccountInfo } from '../../../messaging/protocol';
import '../../styles/options-accounts.css';
import { AccountItem, type PanelKind } from './account-item';
import { accountName, moveTarget, type AccountsStore, type MoveDirection } from './accounts-store';

/**
 * Settings › Accounts: the accounts in use (pinned first, in the person's order) and the archived
 * ones, each with Rename, Pin, Move up/down, Show key, Archive/Restore and Delete. After an action
 * the keyboard focus stays with the account it was about (or the section's heading once it is gone).
 */
export interface AccountsSectionProps {
  store: AccountsStore;
  /** The Backup section's "no backup since the newest account" flag: shown here as a link to it. */
  reminder: ReadonlySignal<boolean>;
}

interface FocusRequest {
  id: string | null;
  action?: string;
  fallback?: string;
}

export function AccountsSection({ store, reminder }: AccountsSectionProps) {
  const root = useRef<HTMLElement>(null);
  // Local state as signals (not useState): the popup shares this page's hooks module, and only the
  // hooks it uses itself stay out of its budget.
  const local = useRef<{ panel: Signal<{ id: string; kind: PanelKind } | null>; renders: Signal<number> }>(null);
  local.current ??= { panel: signal(null), renders: signal(0) };
  const panel = local.current.panel.value;
  const setPanel = (next: { id: string; kind: PanelKind } | null) => (local.current!.panel.value = next);
  const focusNext = useRef<FocusRequest | null>(null);
  // A render of its own for a focus request, whether or not anything else changed.
  void local.current.renders.value;
  const requestFocus = (request: FocusRequest) => {
    focusNext.current = request;
    local.current!.renders.value++;
  };
  const accounts = store.accounts.value;
  const busy = store.busy.value;
  const revealed = store.revealed.value;

  // Focus moves only where a request says, once the list shows the result.
  useLayoutEffect(() => {
    const request = focusNext.current;
    if (!request || !root.current) return;
    const within = request.id === null ? null : root.current.querySelector<HTMLElement>(`[data-account="${CSS.escape(request.id)}"]`);
    const pick = (action?: string) => (action ? within?.querySelector<HTMLButtonElement>(`[data-action="${action}"]:not(:disabled)`) : null);
    const target = pick(request.action) ?? pick(request.fallback) ?? (within ? null : root.current.querySelector<HTMLElement>('#accounts-title'));
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  const after = (done: Promise<boolean>, request: FocusRequest) => void done.then(() => requestFocus(request));

  const open = (id: string, kind: PanelKind | null) => {
    if (kind === null) {
      const previous = panel?.kind === 'rename' ? 'rename' : panel?.kind === 'delete' ? 'delete' : 'key';
      setPanel(null);
      requestFocus({ id, action: previous });
      return;
    }
    store.hide();
    setPanel({ id, kind });
  };

  const item = (account: AccountInfo, list: readonly AccountInfo[]) => {
    const name = accountName(account);
    const mine = panel?.id === account.id ? panel.kind : null;
    const move = (by: MoveDirection) => after(store.move(account.id, by), { id: account.id, action: by < 0 ? 'up' : 'down', fallback: by < 0 ? 'down' : 'up' });
    return (
      <AccountItem
        key={account.id}
        account={account}
        name={name}
        canMoveUp={moveTarget(list, account.id, -1) !== null}
        canMoveDown={moveTarget(list, account.id, 1) !== null}
        busy={busy}
        panel={mine}
        uri={revealed?.id === account.id ? revealed.uri : null}
        asksPassphrase={store.passphraseSet.value}
        onPanel={(kind) => open(account.id, kind)}
        onRename={(label) =>
          void store.rename(account.id, label).then((renamed) => {
            if (!renamed) return;
            setPanel(null);
            requestFocus({ id: account.id, action: 'rename' });
          })
        }
        onPin={() => after(store.setPinned(account.id, !account.pinned), { id: account.id, action: 'pin' })}
        onMove={move}
        onStatus={() => after(store.setStatus(account.id, account.status === 'archived' ? 'active' : 'archived'), { id: account.id, action: 'status' })}
        onDelete={() =>
          void store.remove(account.id).then(() => {
            setPanel(null);
            requestFocus({ id: null });
          })
        }
        onReveal={(passphrase) =>
          void store.reveal(account.id, passphrase).then((shown) => {
            if (shown) setPanel(null);
          })
        }
        onHide={() => {
          store.hide();
          requestFocus({ id: account.id, action: 'key' });
        }}
      />
    );
  };

  const inUse = accounts?.filter((a) => a.status !== 'archived') ?? [];
  const archived = accounts?.filter((a) => a.status === 'archived') ?? [];
  const problems = store.problems.value;

  return (
    <section class="card accounts-section" aria-labelledby="accounts-title" ref={root}>
      <h2 id="accounts-title" tabIndex={-1}>
        {t('options_accounts_title')}
      </h2>
      <p class="muted">{t('accounts_intro')}</p>
      {reminder.value ? (
        <p class="accounts-reminder">
          <a href="#backup">{t('accounts_backup_reminder')}</a>
        </p>
      ) : null}
      <p role="alert" class="error">
        {store.error.value}
      </p>
      <p role="status" class="notice-line">
        {store.notice.value}
      </p>
      {problems > 0 ? <p class="acct-warning">{plural(problems, 'accounts_problems', problems)}</p> : null}
      {store.locked.value ? (
        <p class="accounts-locked">{t('accounts_locked')}</p>
      ) : accounts === undefined ? null : accounts.length === 0 ? (
        <div class="accounts-empty">
          <p class="accounts-empty-title">{t('accounts_empty_title')}</p>
          <p class="muted">{t('accounts_empty_enable')}</p>
          <p class="muted">{t('accounts_empty_import')}</p>
        </div>
      ) : (
        <>
          {inUse.length > 0 ? (
            <ul class="acct-list" aria-label={t('accounts_list_label')}>
              {inUse.map((a) => item(a, accounts))}
            </ul>
          ) : (
            <p class="muted">{t('accounts_none_in_use')}</p>
          )}
          {archived.length > 0 ? (
            <>
              <h3 class="acct-group-title">{t('accounts_archived_title')}</h3>
              <p class="muted">{t('accounts_archived_intro')}</p>
              <ul class="acct-list acct-list-archived" aria-label={t('accounts_archived_list_label')}>
                {archived.map((a) => item(a, accounts))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
