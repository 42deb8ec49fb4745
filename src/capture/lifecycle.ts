import type { Account } from '../vault';
import type { Effect } from './effects';
import { belongsTo, sameClient, type Identity } from './select-account';

/**
 * The account lifecycle, written once for the two ways a key arrives — seen on the site's own
 * enable wizard (reducer.ts) and through the settings page's guided set-up (worker/setup) — as pure
 * functions returning effects:
 *
 *   stage (pending) ──server accepted its code──► active ──disable seen / replaced──► archived
 *
 * - A key is staged for the client whose token fetched it, and becomes active only once the server
 *   accepted a code from it.
 * - A second key for a client whose key is still active is kept beside it: the older one is
 *   archived only once the newer one has produced another accepted code (`replacedBy`), or the
 *   person archives it. A key of client X never archives, relabels or fills for client Y.
 */
export const PLACEHOLDER_LABEL = 'B2Core client';

export interface StageInput {
  id: string;
  origin: string;
  client: Identity;
  secret: string;
  wizardUuid: string;
  now: number;
  /** Shown until the person renames it; the client's email when known. */
  label?: string;
}

export function stagedAccount(input: StageInput): Account {
  return {
    id: input.id,
    origin: input.origin,
    client: input.client,
    label: input.label ?? input.client.email ?? PLACEHOLDER_LABEL,
    issuer: new URL(input.origin).host,
    secret: input.secret,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    status: 'pending',
    createdAt: input.now,
    wizardUuid: input.wizardUuid,
  };
}

/** The pending account of this wizard for this client, if any (another client's is never it). */
export function pendingFor(accounts: readonly Account[], origin: string, wizardUuid: string, client: Identity): Account | undefined {
  return accounts.find((a) => a.origin === origin && a.status === 'pending' && a.wizardUuid === wizardUuid && sameClient(a, client));
}

/** The server accepted the pending account's code: it becomes active (older keys are kept beside it). */
export function activation(pending: Account, now: number): Effect[] {
  return pending.status === 'pending' ? [{ kind: 'activate', accountId: pending.id, at: now }] : [];
}

/**
 * `account` produced a code the server accepted for `client`: what becomes known of its owner
 * (only fields it had not; a known field that contradicts is left alone), and the same client's
 * older active keys on the origin, now shown to be replaced, archived.
 */
export function acceptedCode(accounts: readonly Account[], account: Account, client: Identity, now: number): Effect[] {
  const effects: Effect[] = [];
  const known = account.client;
  const contradicts = (known.email !== undefined && client.email !== undefined && known.email.toLowerCase() !== client.email.toLowerCase()) || (known.clientId !== undefined && client.clientId !== undefined && known.clientId !== client.clientId);
  if (contradicts) return effects;
  const merged: Identity = { ...client, ...known };
  if (merged.email !== known.email || merged.clientId !== known.clientId) effects.push({ kind: 'identify', accountId: account.id, client: merged });
  const mine = (a: Account) => a.id !== account.id && a.origin === account.origin && a.status === 'active' && belongsTo(a, merged);
  const since = account.confirmedAt ?? account.createdAt;
  for (const older of accounts.filter(mine)) {
    if ((older.confirmedAt ?? older.createdAt) < since) effects.push({ kind: 'archive', accountId: older.id, at: now, reason: 'replaced' });
  }
  return effects;
}
