import type { Account } from '../vault';

/**
 * What the popup shows, as the worker publishes it in `storage.session` (memory only, extension
 * pages only — never content scripts) whenever the vault changes, so the popup paints its first code
 * from one read instead of decrypting the vault. It carries the secret because the popup computes
 * the codes itself; `storage.session` already holds the unlocked vault key, so this adds no exposure.
 * Archived accounts are not shown.
 */
export interface AccountView {
  id: string;
  origin: string;
  label: string;
  issuer: string;
  secret: string;
  algorithm: Account['algorithm'];
  digits: Account['digits'];
  period: number;
  status: 'pending' | 'active';
  createdAt: number;
}

export interface AccountsSnapshot {
  v: 1;
  accounts: AccountView[];
  /** Server clock offsets (ms, server − local) per origin, measured from API `Date` headers. */
  offsets: Record<string, number>;
  /** When the worker wrote it (ms). */
  at: number;
  /** Account records that could not be read (damaged or changed): the popup says how many. */
  problems?: number;
  /** The vault refused the last write of a captured key (storage full): the popup says what to do. */
  full?: true;
}

type Ordered = Pick<Account, 'origin' | 'label' | 'createdAt' | 'pinned' | 'order'>;

/** Past every real place, for accounts the person never moved (not Infinity: Infinity − Infinity is NaN). */
const UNPLACED = Number.MAX_SAFE_INTEGER;

/**
 * The one display order, shared by the popup's snapshot and the settings page: pinned first, then
 * the person's own order (`order`, set by "Move up/down"), then by site, label and age.
 */
export function compareAccounts(a: Ordered, b: Ordered): number {
  return (
    Number(b.pinned === true) - Number(a.pinned === true) ||
    (a.order ?? UNPLACED) - (b.order ?? UNPLACED) ||
    a.origin.localeCompare(b.origin) ||
    a.label.localeCompare(b.label) ||
    a.createdAt - b.createdAt
  );
}

export function toAccountViews(accounts: readonly Account[]): AccountView[] {
  return accounts
    .filter((a): a is Account & { status: 'pending' | 'active' } => a.status !== 'archived')
    .sort(compareAccounts)
    .map((a) => ({
      id: a.id,
      origin: a.origin,
      label: a.label,
      issuer: a.issuer,
      secret: a.secret,
      algorithm: a.algorithm,
      digits: a.digits,
      period: a.period,
      status: a.status,
      createdAt: a.createdAt,
    }));
}

/**
 * The stored snapshot (the worker writes a JSON string; an object is accepted too), or null for
 * anything else, so a stale or foreign value can never crash the popup.
 */
export function parseSnapshot(stored: unknown): AccountsSnapshot | null {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return null;
    }
  }
  const s = value as AccountsSnapshot | null;
  return typeof s === 'object' && s !== null && s.v === 1 && Array.isArray(s.accounts) && typeof s.offsets === 'object' && s.offsets !== null ? s : null;
}
