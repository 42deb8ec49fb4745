import { AccountList } from './account-list';
import { TALL_FROM } from './layout';
import { GearIcon, ShieldIcon } from '../shared/icons';
import { AskingBanner } from './asking-banner';
import { PendingBanner } from './pending-banner';
import type { PopupStore } from './popup-store';
import { SearchBox } from './search-box';
import { SiteBar } from './site-bar';
import { UnlockForm } from './unlock-form';
import { plural, t } from '../../i18n';

/**
 * The popup: header, then by vault phase the unlock form, a problem, or the search box, pending
 * banner and account list; the current tab's bar at the bottom; the copy confirmation (role=status).
 * `store.start()` is the caller's (the entrypoint starts it before the first render).
 */
export interface PopupProps {
  store: PopupStore;
  onFirstCode?: () => void;
  openOptions?: () => void;
}

/** From this many accounts on, the popup takes its full height (the list scrolls). */
export { TALL_FROM } from './layout';

export function Popup({ store, onFirstCode, openOptions }: PopupProps) {
  const phase = store.vault.phase.value;
  const tall = phase === 'ready' && store.total.value >= TALL_FROM;
  const snapshot = store.vault.snapshot.value;
  const problems = snapshot?.problems;
  return (
    <div class="popup" data-tall={tall || undefined}>
      <header class="top">
        <ShieldIcon />
        <h1>{t('ext_name')}</h1>
        {openOptions ? (
          <button type="button" class="icon-button" aria-label={t('popup_settings')} title={t('popup_settings')} onClick={openOptions}>
            <GearIcon />
          </button>
        ) : null}
      </header>
      {/* Landmarks: the header (banner), the vault's content (main), the current tab's bar (a named region). */}
      <main class="main">
        {phase === 'locked' && store.vault.dropped.value ? (
          <div class="notice" role="alert">
            {plural(store.vault.dropped.value, 'popup_queue_overflow', store.vault.dropped.value)}
          </div>
        ) : null}
        {phase === 'locked' ? <UnlockForm vault={store.vault} /> : null}
        {/* What the worker could not do, each with what to do about it (the toolbar's "!" says no more). */}
        {phase === 'ready' && problems ? (
          <div class="notice" role="status">
            {plural(problems, 'popup_unreadable', problems)}
          </div>
        ) : null}
        {phase === 'ready' && snapshot?.full ? (
          <div class="notice" role="alert">
            {t('popup_storage_full')}
          </div>
        ) : null}
        {phase === 'unavailable' ? (
          <div class="notice" role="alert">
            {store.vault.error.value ?? t('popup_not_answering')}
          </div>
        ) : null}
        {/* Until the first screenful has its codes, nothing: the list appears once, complete (no empty
            search box or placeholder codes flashing first, and one render less before the first code). */}
        {phase === 'empty' || (phase === 'ready' && store.listed.value) ? <Accounts store={store} onFirstCode={onFirstCode} /> : null}
      </main>
      <SiteBar site={store.site} />
    </div>
  );
}

function Accounts({ store, onFirstCode }: { store: PopupStore; onFirstCode?: () => void }) {
  const total = store.total.value;
  const listed = store.listed.value;
  const pending = store.pendingHosts.value;
  const visible = store.visible.value;
  const searching = store.search.active.value;
  const copyFirst = () => {
    const first = store.visible.peek()[0];
    if (first) void store.copyRow(first);
  };
  if (store.vault.phase.value === 'empty' || (listed && total === 0)) {
    return (
      <>
        <PendingBanner hosts={pending} />
        {pending.length === 0 ? (
          <div class="empty">
            <p>
              <strong>{t('popup_empty_title')}</strong>
            </p>
            <p class="muted">{t('popup_empty_hint')}</p>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <>
      <SearchBox search={store.search} count={total} onEnter={copyFirst} />
      <AskingBanner asking={store.site.asking.value} />
      <PendingBanner hosts={pending} />
      <div class="list-area" style={total < TALL_FROM ? `--rows:${total}` : undefined}>
        <AccountList rows={visible} fillOrigin={store.site.origin.value} onCopy={store.copyRow} onFill={store.fillRow} onFirstCode={onFirstCode} />
        {searching && visible.length === 0 ? (
          <p class="no-match muted" role="status">
            {t('popup_no_match', store.search.query.value.trim())}
          </p>
        ) : null}
        <CopyToast store={store} />
      </div>
    </>
  );
}

/** The copy confirmation: over the bottom of the list, never over the tab's bar. */
function CopyToast({ store }: { store: PopupStore }) {
  const status = store.copy.status.value;
  return (
    <div role="status" class="toast" data-kind={status?.kind ?? 'none'}>
      {status ? (
        <>
          <strong>{status.text}</strong> <span>{status.detail}</span>
        </>
      ) : null}
    </div>
  );
}
