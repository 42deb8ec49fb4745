import type { Account } from '../vault';

export interface Identity {
  email?: string;
  clientId?: string;
}

export type Selection = { kind: 'one'; account: Account } | { kind: 'many'; accounts: Account[] } | { kind: 'none' };

const sameEmail = (a?: string, b?: string) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Whether an account is known to belong to this client (by `sub` first, then email). */
export function belongsTo(account: Account, who: Identity): boolean {
  if (who.clientId !== undefined && account.client.clientId !== undefined) return account.client.clientId === who.clientId;
  return sameEmail(account.client.email, who.email);
}

/**
 * The active account of `origin` that a code is wanted from: the known client's; when the client is
 * known but no account is tied to it, only an account tied to nobody may be its (never another
 * client's); when the client is unknown, the origin's only account. Several candidates and no way to
 * tell them apart: `many` (the person chooses).
 */
export function selectAccount(accounts: readonly Account[], origin: string, who: Identity): Selection {
  const active = accounts.filter((a) => a.origin === origin && a.status === 'active');
  const mine = active.filter((a) => belongsTo(a, who));
  const known = who.email !== undefined || who.clientId !== undefined;
  const unowned = active.filter((a) => a.client.email === undefined && a.client.clientId === undefined);
  const pool = mine.length > 0 ? mine : known ? unowned : active;
  if (pool.length === 1) return { kind: 'one', account: pool[0]! };
  return pool.length === 0 ? { kind: 'none' } : { kind: 'many', accounts: pool };
}
