import type { AccountInfo } from '../../messaging';
import type { Account } from '../../vault';

/** An account as the settings page may see it: everything but the secret (and the wizard's uuid). */
export function toAccountInfo(a: Account): AccountInfo {
  return {
    id: a.id,
    origin: a.origin,
    ...(a.client.email !== undefined ? { email: a.client.email } : {}),
    ...(a.client.clientId !== undefined ? { clientId: a.client.clientId } : {}),
    label: a.label,
    issuer: a.issuer,
    algorithm: a.algorithm,
    digits: a.digits,
    period: a.period,
    status: a.status,
    pinned: a.pinned === true,
    createdAt: a.createdAt,
    ...(a.confirmedAt !== undefined ? { confirmedAt: a.confirmedAt } : {}),
    ...(a.archivedAt !== undefined ? { archivedAt: a.archivedAt } : {}),
  };
}
