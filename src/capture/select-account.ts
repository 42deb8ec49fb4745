import type { Account } from '../vault';

/**
 * Which account a code is for. Every code is bound to its account (DESIGN.md, trust rules): the
 * client comes from what the browser saw — the email in a real `POST signin`, or the `sub` of the
 * request's bearer token — and only an account known to belong to that client qualifies. An
 * account whose owner is unknown is never guessed into a fill: the person picks it in the popup,
 * and the server's acceptance of its code then tells us whose it is (`identify`).
 */
export interface Identity {
  email?: string;
  clientId?: string;
}

export type Selection = { kind: 'one'; account: Account } | { kind: 'none' };

const sameEmail = (a?: string, b?: string) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Whether an account is known to belong to this client (by `sub` first, then email). */
export function belongsTo(account: Account, who: Identity): boolean {
  if (who.clientId !== undefined && account.client.clientId !== undefined) return account.client.clientId === who.clientId;
  return sameEmail(account.client.email, who.email);
}

/** The client an account is for; an account tied to nobody only matches nobody. */
export function sameClient(account: Account, who: Identity): boolean {
  if (who.email === undefined && who.clientId === undefined) return account.client.email === undefined && account.client.clientId === undefined;
  return belongsTo(account, who);
}

/** Newest confirmation first: after a second enable the newer key is the one the server holds. */
const newestFirst = (a: Account, b: Account) => (b.confirmedAt ?? b.createdAt) - (a.confirmedAt ?? a.createdAt);

function newest(accounts: Account[]): Selection {
  const [first] = [...accounts].sort(newestFirst);
  return first ? { kind: 'one', account: first } : { kind: 'none' };
}

/** The active account of `origin` whose owner's email is `email` (a sign-in's). */
export function accountForEmail(accounts: readonly Account[], origin: string, email: string): Selection {
  return newest(accounts.filter((a) => a.origin === origin && a.status === 'active' && sameEmail(a.client.email, email)));
}

/** The active account of `origin` whose owner is the client `sub` (a bearer token's). */
export function accountForClient(accounts: readonly Account[], origin: string, sub: string): Selection {
  return newest(accounts.filter((a) => a.origin === origin && a.status === 'active' && a.client.clientId === sub));
}

/**
 * For the person's own gesture on a field whose request no account is bound to yet: the origin's
 * only active account whose owner is not known on that side (no email for a sign-in, no `sub` for
 * a token's request); its code going in, and the server accepting it, is what then binds it.
 */
export function unboundAccount(accounts: readonly Account[], origin: string, side: 'email' | 'clientId', labelHint?: string): Selection {
  const open = accounts.filter((a) => a.origin === origin && a.status === 'active' && a.client[side] === undefined);
  // Several: the one labelled with the sign-in's email (a key is labelled with the email of the sign-in
  // before its capture — a hint for the person's own gesture, never an identity).
  const hinted = labelHint === undefined ? [] : open.filter((a) => sameEmail(a.label, labelHint));
  const pool = open.length === 1 ? open : hinted;
  return pool.length === 1 ? { kind: 'one', account: pool[0]! } : { kind: 'none' };
}

/** The origin's only active account, for a person's own Fill with no account named; else none. */
export function onlyAccount(accounts: readonly Account[], origin: string): Selection {
  const active = accounts.filter((a) => a.origin === origin && a.status === 'active');
  return active.length === 1 ? { kind: 'one', account: active[0]! } : { kind: 'none' };
}
