import type { InputHTMLAttributes } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../../i18n';
import type { AccountInfo } from '../../../messaging/protocol';
import { siteHost } from '../../shared/site-host';
import { ArrowDownIcon, ArrowUpIcon, PinIcon } from './account-icons';
import type { MoveDirection } from './accounts-store';
import { KeyPanel } from './key-panel';

/**
 * One account of Settings › Accounts: who it is (label, site, email), its state, and its actions,
 * each a real button named after the account. At most one inline panel is open in the section:
 * renaming, confirming a delete, or asking the passphrase before showing the key.
 */
export type PanelKind = 'rename' | 'delete' | 'passphrase';

export interface AccountItemProps {
  account: AccountInfo;
  /** "label on host", for names and messages. */
  name: string;
  canMoveUp: boolean;
  canMoveDown: boolean;
  busy: boolean;
  panel: PanelKind | null;
  /** The revealed otpauth link of this account, while shown. */
  uri: string | null;
  /** A passphrase is set: "Show key" asks for it first. */
  asksPassphrase: boolean;
  onPanel(kind: PanelKind | null): void;
  onRename(label: string): void;
  onPin(): void;
  onMove(by: MoveDirection): void;
  onStatus(): void;
  onDelete(): void;
  onReveal(passphrase?: string): void;
  onHide(): void;
}

const STATUS_TEXT = {
  active: 'accounts_status_active',
  pending: 'accounts_status_pending',
  archived: 'accounts_status_archived',
} as const;

export function AccountItem(props: AccountItemProps) {
  const { account, name, busy, panel, uri } = props;
  const host = siteHost(account.origin);
  const archived = account.status === 'archived';
  const pending = account.status === 'pending';
  const showKey = () => (props.asksPassphrase ? props.onPanel('passphrase') : props.onReveal());
  return (
    <li class="acct" data-account={account.id} data-status={account.status}>
      <div class="acct-head">
        <div class="acct-names">
          <span class="acct-label">{account.label || account.issuer}</span>
          <span class="acct-meta">
            <span class="acct-host">{host}</span>
            {account.email && account.email !== account.label ? <span class="acct-email">{account.email}</span> : null}
          </span>
        </div>
        <div class="acct-badges">
          {account.pinned ? (
            <span class="badge badge-pin">
              <PinIcon />
              {t('accounts_pinned_badge')}
            </span>
          ) : null}
          <span class={`badge badge-${account.status}`}>{t(STATUS_TEXT[account.status])}</span>
        </div>
      </div>
      <div class="acct-actions" role="group" aria-label={t('accounts_actions_for', name)}>
        <button type="button" class="small" data-action="rename" aria-label={t('accounts_rename_named', name)} aria-expanded={panel === 'rename'} disabled={busy} onClick={() => props.onPanel(panel === 'rename' ? null : 'rename')}>
          {t('accounts_rename')}
        </button>
        {archived ? null : (
          <button type="button" class="small" data-action="pin" aria-label={t(account.pinned ? 'accounts_unpin_named' : 'accounts_pin_named', name)} disabled={busy} onClick={props.onPin}>
            {t(account.pinned ? 'accounts_unpin' : 'accounts_pin')}
          </button>
        )}
        {archived ? null : (
          <span class="acct-move">
            <button type="button" class="small icon-only" data-action="up" aria-label={t('accounts_move_up_named', name)} title={t('accounts_move_up')} disabled={busy || !props.canMoveUp} onClick={() => props.onMove(-1)}>
              <ArrowUpIcon />
            </button>
            <button type="button" class="small icon-only" data-action="down" aria-label={t('accounts_move_down_named', name)} title={t('accounts_move_down')} disabled={busy || !props.canMoveDown} onClick={() => props.onMove(1)}>
              <ArrowDownIcon />
            </button>
          </span>
        )}
        <button type="button" class="small" data-action="key" aria-label={t(uri !== null ? 'accounts_hide_key_named' : 'accounts_show_key_named', name)} aria-expanded={uri !== null || panel === 'passphrase'} disabled={busy} onClick={uri !== null ? props.onHide : showKey}>
          {t(uri !== null ? 'accounts_hide_key' : 'accounts_show_key')}
        </button>
        {pending ? null : (
          <button type="button" class="small" data-action="status" aria-label={t(archived ? 'accounts_restore_named' : 'accounts_archive_named', name)} disabled={busy} onClick={props.onStatus}>
            {t(archived ? 'accounts_restore' : 'accounts_archive')}
          </button>
        )}
        <button type="button" class="small danger" data-action="delete" aria-label={t('accounts_delete_named', name)} aria-expanded={panel === 'delete'} disabled={busy} onClick={() => props.onPanel(panel === 'delete' ? null : 'delete')}>
          {t('accounts_delete')}
        </button>
      </div>
      {panel === 'rename' ? <RenameForm {...props} /> : null}
      {panel === 'delete' ? <DeleteConfirm {...props} host={host} /> : null}
      {panel === 'passphrase' ? <PassphraseForm {...props} /> : null}
      {uri !== null ? <KeyPanel uri={uri} name={name} onHide={props.onHide} /> : null}
    </li>
  );
}

/** Escape closes a panel, as it closes any small dialog. */
const closeOnEscape = (close: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    close();
  }
};

/**
 * One inline form of an account: a labelled field, a submit and Cancel; Escape closes it. The field
 * takes focus (with its text selected, where it has one) as the form opens.
 */
function InlineForm(props: {
  id: string;
  ariaLabel: string;
  label: string;
  prompt?: string;
  submit: string;
  busy: boolean;
  select?: boolean;
  field: InputHTMLAttributes<HTMLInputElement>;
  onSubmit(value: string): void;
  onCancel(): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => void (props.select ? input.current?.select() : input.current?.focus()), []);
  return (
    <form
      class="acct-panel acct-inline"
      aria-label={props.ariaLabel}
      onKeyDown={closeOnEscape(props.onCancel)}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(input.current?.value ?? '');
      }}
    >
      {props.prompt ? <p class="muted">{props.prompt}</p> : null}
      <label for={props.id} class="field-label">
        {props.label}
      </label>
      <div class="inline">
        <input id={props.id} ref={input} {...props.field} />
        <button type="submit" class="primary" disabled={props.busy}>
          {props.submit}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('accounts_cancel')}
        </button>
      </div>
    </form>
  );
}

function RenameForm({ account, name, busy, onRename, onPanel }: AccountItemProps) {
  return (
    <InlineForm
      id={`rename-${account.id}`}
      ariaLabel={t('accounts_rename_named', name)}
      label={t('accounts_rename_label', name)}
      submit={t('accounts_save')}
      busy={busy}
      select
      field={{ type: 'text', maxLength: 200, autocomplete: 'off', value: account.label }}
      onSubmit={onRename}
      onCancel={() => onPanel(null)}
    />
  );
}

function DeleteConfirm({ account, name, busy, onDelete, onPanel, host }: AccountItemProps & { host: string }) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus lands on the safe choice: Enter pressed twice does not delete.
  useEffect(() => cancel.current?.focus(), []);
  const titleId = `delete-${account.id}`;
  const live = account.status !== 'archived';
  return (
    <div class="acct-panel acct-confirm" role="group" aria-labelledby={titleId} onKeyDown={closeOnEscape(() => onPanel(null))}>
      <p id={titleId} class="acct-confirm-title">
        {t('accounts_delete_question', name)}
      </p>
      <p class={live ? 'acct-warning' : 'muted'}>{live ? t('accounts_delete_warning_live', host) : t('accounts_delete_warning_archived')}</p>
      <div class="inline">
        <button type="button" class="danger-solid" disabled={busy} onClick={onDelete}>
          {t('accounts_delete_confirm')}
        </button>
        <button type="button" class="secondary" ref={cancel} onClick={() => onPanel(null)}>
          {t('accounts_cancel')}
        </button>
      </div>
    </div>
  );
}

function PassphraseForm({ account, name, busy, onReveal, onPanel }: AccountItemProps) {
  return (
    <InlineForm
      id={`reveal-${account.id}`}
      ariaLabel={t('accounts_show_key_named', name)}
      prompt={t('accounts_reveal_prompt')}
      label={t('accounts_passphrase_label')}
      submit={t('accounts_reveal_submit')}
      busy={busy}
      field={{ type: 'password', autocomplete: 'current-password', required: true }}
      onSubmit={onReveal}
      onCancel={() => onPanel(null)}
    />
  );
}
