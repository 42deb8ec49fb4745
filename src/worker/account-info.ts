import type { AccountInfo } from '../messaging';
import type { Account } from '../vault';

/**
 * An account as the settings page may see it: every field but the secret (and the wizard's uuid,
 * which is the site's business). Built field by field, so a field added to `Account` later never
 * reaches a page by accident.
 */
export function toAccountInfo(account: Account): AccountInfo {
  return {
    id: account.id,
    origin: account.origin,
    ...(account.client.email !== undefined ? { email: account.client.email } : {}),
    ...(account.client.clientId !== undefined ? { clientId: account.client.clientId } : {}),
    label: account.label,
    issuer: account.issuer,
    algorithm: account.algorithm,
    digits: account.digits,
    period: account.period,
    status: account.status,
    // Pinning is the Accounts section's (its field may not be in this vault format yet).
    pinned: 'pinned' in account && account.pinned === true,
    createdAt: account.createdAt,
    ...(account.confirmedAt !== undefined ? { confirmedAt: account.confirmedAt } : {}),
    ...(account.archivedAt !== undefined ? { archivedAt: account.archivedAt } : {}),
  };
}
