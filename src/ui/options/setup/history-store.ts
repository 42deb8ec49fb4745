import { batch, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { ChangeRecord, ChangesQuery, TwoFactorType } from '../../../b2core';
import { t } from '../../../i18n';
import { describeError } from './describe-error';
import { onSignInChange, type SessionKeeper } from './session-keeper';

/**
 * Settings › 2FA history: the signed-in client's change log, `GET 2fa/changes` with exactly the
 * query the API has (seed: "Get 2FA change history"; docs/b2core-api.md): `limit`/`offset` paging,
 * `sort_by=time` with `sort_order`, and `filter[provider]`, `filter[isEnabled]`, `filter[timeFrom]`,
 * `filter[timeTo]` (inclusive, one-second resolution). One record opens `GET 2fa/changes/{id}`.
 * Dates are the person's calendar days (local time): "from" is the day's first second, "to" its last.
 */
export const PAGE_SIZES = [10, 25, 50] as const;

export interface HistoryFilters {
  provider: TwoFactorType | '';
  state: 'enabled' | 'disabled' | '';
  /** `YYYY-MM-DD` from a date field, or ''. */
  from: string;
  to: string;
}

export interface HistoryView {
  limit: number;
  offset: number;
  sortOrder: 'asc' | 'desc';
  filters: HistoryFilters;
}

export type Detail = { id: number; record: ChangeRecord | null; error: string | null };

export interface HistoryStore {
  view: ReadonlySignal<HistoryView>;
  /** null: not loaded (or signed out). */
  rows: ReadonlySignal<ChangeRecord[] | null>;
  total: ReadonlySignal<number>;
  loading: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  signedIn: ReadonlySignal<boolean>;
  detail: ReadonlySignal<Detail | null>;
  setFilter<K extends keyof HistoryFilters>(name: K, value: HistoryFilters[K]): Promise<void>;
  setSort(order: 'asc' | 'desc'): Promise<void>;
  setPageSize(limit: number): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  load(): Promise<void>;
  open(id: number): Promise<void>;
  close(): void;
  start(): Promise<void>;
  dispose(): void;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day's first (`start`) or last second, local time, in ms; null for '' or nonsense. */
export function dayBound(day: string, edge: 'start' | 'end'): number | null {
  if (!DAY.test(day)) return null;
  const ms = new Date(`${day}T${edge === 'start' ? '00:00:00' : '23:59:59'}`).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** The API query for a view; a range whose end is before its start is refused before any request. */
export function changesQuery(view: HistoryView): { ok: true; query: ChangesQuery } | { ok: false; message: string } {
  const { provider, state, from, to } = view.filters;
  const timeFrom = dayBound(from, 'start');
  const timeTo = dayBound(to, 'end');
  if (timeFrom !== null && timeTo !== null && timeTo < timeFrom) return { ok: false, message: t('history_range_backwards') };
  const filter: NonNullable<ChangesQuery['filter']> = {
    ...(provider ? { provider } : {}),
    ...(state ? { isEnabled: state === 'enabled' } : {}),
    ...(timeFrom !== null ? { timeFrom } : {}),
    ...(timeTo !== null ? { timeTo } : {}),
  };
  return { ok: true, query: { limit: view.limit, offset: view.offset, sortOrder: view.sortOrder, ...(Object.keys(filter).length ? { filter } : {}) } };
}

export const initialView = (): HistoryView => ({ limit: PAGE_SIZES[0], offset: 0, sortOrder: 'desc', filters: { provider: '', state: '', from: '', to: '' } });

export function createHistoryStore(deps: { keeper: SessionKeeper }): HistoryStore {
  const { keeper } = deps;
  const view = signal<HistoryView>(initialView());
  const rows = signal<ChangeRecord[] | null>(null);
  const total = signal(0);
  const loading = signal(false);
  const error = signal<string | null>(null);
  const signedIn = signal(false);
  const detail = signal<Detail | null>(null);
  const stops: Array<() => void> = [];
  // Answers can come back out of order (a fast filter change after a slow page): only the last counts.
  let asked = 0;

  const origin = () => keeper.current.peek()?.origin ?? '';

  async function load() {
    const ticket = ++asked;
    const query = changesQuery(view.peek());
    if (!query.ok) {
      batch(() => {
        error.value = query.message;
        rows.value = [];
        total.value = 0;
      });
      return;
    }
    loading.value = true;
    const answer = await keeper.authorized((api, token) => api.listChanges(token, query.query));
    if (ticket !== asked) return;
    batch(() => {
      loading.value = false;
      if (answer.ok) {
        rows.value = answer.value.data;
        total.value = answer.value.total;
        error.value = null;
      } else {
        error.value = t('history_load_failed', describeError(answer.error, origin()));
        if (answer.error.kind === 'signed_out') rows.value = null;
      }
    });
  }

  async function change(next: Partial<HistoryView>) {
    view.value = { ...view.peek(), ...next };
    await load();
  }

  return {
    view,
    rows,
    total,
    loading,
    error,
    signedIn,
    detail,
    setFilter: (name, value) => change({ filters: { ...view.peek().filters, [name]: value }, offset: 0 }),
    setSort: (sortOrder) => change({ sortOrder, offset: 0 }),
    setPageSize: (limit) => change({ limit: PAGE_SIZES.find((size) => size === limit) ?? PAGE_SIZES[0], offset: 0 }),
    async next() {
      const { offset, limit } = view.peek();
      if (offset + limit < total.peek()) await change({ offset: offset + limit });
    },
    async previous() {
      const { offset, limit } = view.peek();
      if (offset > 0) await change({ offset: Math.max(0, offset - limit) });
    },
    load,
    async open(id) {
      detail.value = { id, record: null, error: null };
      const answer = await keeper.authorized((api, token) => api.getChange(token, id));
      if (detail.peek()?.id !== id) return;
      detail.value = answer.ok ? { id, record: answer.value, error: null } : { id, record: null, error: t('history_detail_failed', describeError(answer.error, origin())) };
    },
    close() {
      detail.value = null;
    },
    async start() {
      if (stops.length === 0) {
        stops.push(
          onSignInChange(keeper, (session) => {
            batch(() => {
              signedIn.value = session !== null;
              view.value = initialView();
              rows.value = null;
              total.value = 0;
              detail.value = null;
              error.value = null;
            });
            if (session) void load();
          }),
        );
        let seen = keeper.revision.peek();
        stops.push(
          effect(() => {
            const revision = keeper.revision.value;
            if (revision === seen) return;
            seen = revision;
            if (keeper.current.peek()) void load();
          }),
        );
      }
      await keeper.start();
    },
    dispose() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
