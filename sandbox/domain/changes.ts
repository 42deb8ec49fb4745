import { formatOffsetTime } from './clock';
import { ApiError, notFound } from './errors';
import type { ChangeRecord, Provider } from './model';
import type { SandboxState } from './state';

/** The 2FA change log (seed: "Get 2FA change history", "Get 2FA change details"). */
export function recordChange(state: SandboxState, clientId: number, provider: Provider, isEnabled: boolean): void {
  state.changes.push({ id: state.nextChangeId++, clientId, provider, isEnabled, time: state.clock.now() });
}

export const changeView = (change: ChangeRecord) => ({
  id: change.id,
  provider: change.provider,
  isEnabled: change.isEnabled,
  time: formatOffsetTime(change.time),
});

export interface ChangeQuery {
  limit: number;
  offset: number;
  sortOrder: 'asc' | 'desc';
  isEnabled: boolean | null;
  timeFrom: number | null;
  timeTo: number | null;
  provider: Provider | null;
}

/** `total` counts every record that passes the filters; `data` is the requested page of them. */
export function listChanges(state: SandboxState, clientId: number, query: ChangeQuery) {
  const matching = state.changes.filter(
    (c) =>
      c.clientId === clientId &&
      (query.isEnabled === null || c.isEnabled === query.isEnabled) &&
      (query.provider === null || c.provider === query.provider) &&
      // Times are compared at the seed's one-second resolution, bounds inclusive.
      (query.timeFrom === null || Math.floor(c.time / 1000) * 1000 >= query.timeFrom) &&
      (query.timeTo === null || Math.floor(c.time / 1000) * 1000 <= query.timeTo),
  );
  const sign = query.sortOrder === 'asc' ? 1 : -1;
  matching.sort((a, b) => sign * (a.time - b.time || a.id - b.id));
  return { total: matching.length, data: matching.slice(query.offset, query.offset + query.limit).map(changeView) };
}

export function getChange(state: SandboxState, clientId: number, changeId: string) {
  if (!/^\d{1,15}$/.test(changeId)) {
    throw new ApiError(400, 'validation_failed', 'The change id must be a whole number.', [
      { field: 'changeId', issue: 'not an integer' },
    ]);
  }
  const change = state.changes.find((c) => c.id === Number(changeId) && c.clientId === clientId);
  if (!change) throw notFound('The change record', 'changeId');
  return changeView(change);
}
