import { useEffect, useRef } from 'preact/hooks';
import type { ChangeRecord } from '../../../b2core';
import { t } from '../../../i18n';
import '../../styles/options-setup.css';
import { PAGE_SIZES, type HistoryStore } from './history-store';

/**
 * Settings › 2FA history: the signed-in client's changes as a table with filters (method, change,
 * date range), order and paging; each row opens its record (`GET 2fa/changes/{id}`) in a panel that
 * takes the focus and closes with Escape, giving the focus back to the row's button.
 */
let timeFormat: Intl.DateTimeFormat | undefined;

/** A change's time in the UI's language (as the rest of the row), made once on first use. */
export function formatChangeTime(time: string | null): string {
  if (time === null) return t('history_time_unknown');
  const ms = Date.parse(time);
  timeFormat ??= new Intl.DateTimeFormat(t('common_lang'), { dateStyle: 'medium', timeStyle: 'medium' });
  return Number.isNaN(ms) ? time : timeFormat.format(ms);
}

const methodOf = (record: ChangeRecord) => (record.provider === 'google' ? t('history_method_google') : t('history_method_sms'));
const changeOf = (record: ChangeRecord) => (record.isEnabled ? t('history_enabled') : t('history_disabled'));
const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;

export function HistorySection({ store }: { store: HistoryStore }) {
  return (
    <section class="card history" aria-labelledby="history-title">
      <h2 id="history-title">{t('options_history_title')}</h2>
      {store.signedIn.value ? (
        <HistoryTable store={store} />
      ) : (
        <p class="empty muted">
          {t('history_sign_in_first')} <a href="#setup">{t('history_sign_in_link')}</a>
        </p>
      )}
    </section>
  );
}

function Filters({ store }: { store: HistoryStore }) {
  const { filters, sortOrder } = store.view.value;
  return (
    <div class="history-filters" role="group" aria-label={t('history_filters')}>
      <div>
        <label for="history-method" class="field-label">
          {t('history_method_label')}
        </label>
        <select id="history-method" value={filters.provider} onChange={(e) => void store.setFilter('provider', value(e) as '' | 'google' | 'sms')}>
          <option value="">{t('history_all')}</option>
          <option value="google">{t('history_method_google')}</option>
          <option value="sms">{t('history_method_sms')}</option>
        </select>
      </div>
      <div>
        <label for="history-state" class="field-label">
          {t('history_state_label')}
        </label>
        <select id="history-state" value={filters.state} onChange={(e) => void store.setFilter('state', value(e) as '' | 'enabled' | 'disabled')}>
          <option value="">{t('history_all')}</option>
          <option value="enabled">{t('history_enabled')}</option>
          <option value="disabled">{t('history_disabled')}</option>
        </select>
      </div>
      <div>
        <label for="history-order" class="field-label">
          {t('history_order_label')}
        </label>
        <select id="history-order" value={sortOrder} onChange={(e) => void store.setSort(value(e) === 'asc' ? 'asc' : 'desc')}>
          <option value="desc">{t('history_newest_first')}</option>
          <option value="asc">{t('history_oldest_first')}</option>
        </select>
      </div>
      <div class="range">
        <label for="history-from" class="field-label">
          {t('history_from_label')}
        </label>
        <input id="history-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => void store.setFilter('from', value(e))} />
      </div>
      <div class="range">
        <label for="history-to" class="field-label">
          {t('history_to_label')}
        </label>
        <input id="history-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => void store.setFilter('to', value(e))} />
      </div>
    </div>
  );
}

function HistoryTable({ store }: { store: HistoryStore }) {
  const rows = store.rows.value;
  const total = store.total.value;
  const { offset, limit } = store.view.value;
  const loading = store.loading.value;
  const detail = store.detail.value;
  const opener = useRef<HTMLButtonElement | null>(null);

  const open = (id: number, button: HTMLButtonElement | null) => {
    opener.current = button;
    void store.open(id);
  };
  const close = () => {
    store.close();
    opener.current?.focus();
  };

  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <>
      <Filters store={store} />
      <div class="table-wrap">
        <table class="history-table" aria-label={t('history_table_label')} aria-busy={loading ? 'true' : undefined}>
          <thead>
            <tr>
              <th scope="col">{t('history_col_time')}</th>
              <th scope="col">{t('history_col_method')}</th>
              <th scope="col">{t('history_col_change')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('history_col_details')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows === null ? null : rows.length === 0 ? (
              <tr>
                <td colSpan={4} class="muted">
                  {t('history_empty')}
                </td>
              </tr>
            ) : (
              rows.map((record) => (
                <tr
                  key={record.id}
                  class={detail?.id === record.id ? 'selected' : undefined}
                  onClick={(e) => open(record.id, (e.currentTarget as HTMLElement).querySelector('button'))}
                >
                  <td>{formatChangeTime(record.time)}</td>
                  <td>{methodOf(record)}</td>
                  <td>
                    <span class={record.isEnabled ? 'state on' : 'state off'}>{changeOf(record)}</span>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="secondary small-button"
                      aria-label={t('history_details_of', methodOf(record), changeOf(record), formatChangeTime(record.time))}
                      onClick={(e) => {
                        e.stopPropagation();
                        open(record.id, e.currentTarget);
                      }}
                    >
                      {t('history_details')}
                    </button>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <button type="button" class="secondary" disabled={loading || offset === 0} onClick={() => void store.previous()}>
          {t('history_previous')}
        </button>
        <span class="muted range-text" aria-live="polite">
          {t('history_range', first, last, total)}
        </span>
        <div class="page-size">
          <label for="history-size">{t('history_page_size_label')}</label>
          <select id="history-size" value={String(limit)} onChange={(e) => void store.setPageSize(Number(value(e)))}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={String(size)}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="secondary" disabled={loading || offset + limit >= total} onClick={() => void store.next()}>
          {t('history_next')}
        </button>
      </div>
      {detail ? <ChangeDetails store={store} onClose={close} /> : null}
      <p role="alert" class="error">
        {store.error.value}
      </p>
    </>
  );
}

function ChangeDetails({ store, onClose }: { store: HistoryStore; onClose(): void }) {
  const detail = store.detail.value!;
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), [detail.id]);
  const record = detail.record;
  return (
    <div
      class="change-details"
      role="dialog"
      aria-labelledby="history-detail-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div class="details-head">
        <h3 id="history-detail-title">{t('history_detail_title', detail.id)}</h3>
        <button type="button" class="secondary" ref={closeButton} onClick={onClose}>
          {t('history_close')}
        </button>
      </div>
      {record ? (
        <dl>
          <dt>{t('history_col_time')}</dt>
          <dd>{formatChangeTime(record.time)}</dd>
          <dt>{t('history_col_method')}</dt>
          <dd>{methodOf(record)}</dd>
          <dt>{t('history_col_change')}</dt>
          <dd>{changeOf(record)}</dd>
          <dt>{t('history_detail_time_raw')}</dt>
          <dd class="mono">{record.time ?? t('history_time_unknown')}</dd>
        </dl>
      ) : detail.error ? (
        <p role="alert" class="error">
          {detail.error}
        </p>
      ) : (
        <p class="muted">{t('history_detail_loading')}</p>
      )}
    </div>
  );
}
