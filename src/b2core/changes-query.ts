import type { TwoFactorType } from './schemas';

/**
 * The query of `GET 2fa/changes` (seed: "Get 2FA change history"; docs/b2core-api.md: `limit`, `offset`,
 * `sort_by=time`, `sort_order`, `filter[isEnabled|timeFrom|timeTo|provider]`), written as the seed's
 * curl example writes it: literal brackets, values percent-encoded.
 */
export type TimeBound = Date | number | string;

export interface ChangesQuery {
  limit?: number;
  offset?: number;
  /** Newest first (`desc`) unless told; sorting is always by `time`. */
  sortOrder?: 'asc' | 'desc';
  filter?: {
    isEnabled?: boolean;
    /** Inclusive, at one-second resolution. A Date or ms since the epoch is sent in the seed's format. */
    timeFrom?: TimeBound;
    timeTo?: TimeBound;
    provider?: TwoFactorType;
  };
}

/** `2022-12-01T07:23:59+00:00`, the seed's time format; an invalid time is sent as is, for the server to refuse. */
export function formatSeedTime(time: Date | number): string {
  const ms = typeof time === 'number' ? time : time.getTime();
  if (!Number.isFinite(ms)) return String(time);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const timeParam = (time: TimeBound) => (typeof time === 'string' ? time : formatSeedTime(time));

/** `?limit=…&…`, or '' when nothing is asked. */
export function changesQueryString(query: ChangesQuery = {}): string {
  const params: [string, string][] = [];
  if (query.limit !== undefined) params.push(['limit', String(query.limit)]);
  if (query.offset !== undefined) params.push(['offset', String(query.offset)]);
  if (query.sortOrder !== undefined) params.push(['sort_by', 'time'], ['sort_order', query.sortOrder]);
  const filter = query.filter ?? {};
  if (filter.isEnabled !== undefined) params.push(['filter[isEnabled]', String(filter.isEnabled)]);
  if (filter.timeFrom !== undefined) params.push(['filter[timeFrom]', timeParam(filter.timeFrom)]);
  if (filter.timeTo !== undefined) params.push(['filter[timeTo]', timeParam(filter.timeTo)]);
  if (filter.provider !== undefined) params.push(['filter[provider]', filter.provider]);
  return params.length === 0 ? '' : `?${params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
}
