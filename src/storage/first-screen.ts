import type { AccountsSnapshot, AccountView } from './accounts-snapshot';

/**
 * What the popup's first screen shows, published by the worker beside the full snapshot (and in the
 * same write path, so the two never disagree): the first rows in display order with their sites'
 * clock offsets, how many accounts there are in all, and what would make the first screen differ
 * from a plain list — the sites that have accounts (the tab's own go first), a pending capture (a
 * banner), a problem line. A few KB whatever the vault's size, so the popup's first read is small;
 * the popup's classic first-paint script (src/ui/popup/first-paint.ts) reads it before any module.
 */
export interface FirstScreen {
  v: 1;
  total: number;
  rows: Array<Pick<AccountView, 'id' | 'origin' | 'label' | 'issuer' | 'secret' | 'algorithm' | 'digits' | 'period'> & { offset: number }>;
  /** The origins with at least one shown account. */
  origins: string[];
  /** Something the popup shows above the list (a pending capture, unreadable records, full storage). */
  notes: boolean;
  /** The search box's placeholder ("Search 500 accounts"), in the extension's language: the first paint needs no plural rules. */
  search: string;
}

/** Rows rendered before the first paint: a 600 px popup shows about seven (the popup store's `FIRST_SCREEN`). */
export const FIRST_SCREEN_ROWS = 8;

export function firstScreenOf(snapshot: AccountsSnapshot, search: (total: number) => string, rows = FIRST_SCREEN_ROWS): FirstScreen {
  const shown = snapshot.accounts;
  // The list holds the active accounts; a pending one is a banner above it (and makes `notes`).
  const listed = shown.filter((a) => a.status === 'active');
  return {
    v: 1,
    total: listed.length,
    rows: listed.slice(0, rows).map(({ id, origin, label, issuer, secret, algorithm, digits, period }) => ({
      id,
      origin,
      label,
      issuer,
      secret,
      algorithm,
      digits,
      period,
      offset: snapshot.offsets[origin] ?? 0,
    })),
    origins: [...new Set(shown.map((a) => a.origin))],
    notes: shown.some((a) => a.status === 'pending') || snapshot.problems !== undefined || snapshot.full === true,
    search: search(listed.length),
  };
}
