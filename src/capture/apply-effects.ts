import type { Result } from '../result';
import type { Account, UnlockedKey, Vault, VaultError } from '../vault';
import type { Effect } from './effects';
import { PLACEHOLDER_LABEL } from './lifecycle';

/**
 * Applies the vault effects of a capture outcome through the vault's single writer, in order, and
 * stops at the first failure (a full disk, say): what follows is not tried, so a replaced account is
 * never archived unless its successor was activated. Signals (`code_wanted`, `signed_in`) are not
 * vault changes and are left to the caller.
 */
export async function applyEffects(
  vault: Vault,
  key: UnlockedKey,
  effects: readonly Effect[],
): Promise<{ applied: Effect[]; failed: { effect: Effect; error: VaultError }[]; skipped: Effect[] }> {
  const applied: Effect[] = [];
  const failed: { effect: Effect; error: VaultError }[] = [];
  const skipped: Effect[] = [];
  for (const effect of effects) {
    if (effect.kind === 'code_wanted' || effect.kind === 'signed_in') continue;
    if (failed.length > 0) {
      skipped.push(effect);
      continue;
    }
    const result = await applyOne(vault, key, effect);
    if (result === null) continue;
    if (result.ok) applied.push(effect);
    else failed.push({ effect, error: result.error });
  }
  return { applied, failed, skipped };
}

function applyOne(vault: Vault, key: UnlockedKey, effect: Effect): Promise<Result<Account, VaultError>> | null {
  switch (effect.kind) {
    case 'stage':
      return vault.add(key, effect.account);
    case 'activate':
      return vault.update(key, effect.accountId, (a) => (a.status === 'pending' ? { ...a, status: 'active', confirmedAt: effect.at } : a));
    case 'archive':
      return vault.update(key, effect.accountId, (a) => (a.status === 'active' ? { ...a, status: 'archived', archivedAt: effect.at } : a));
    case 'identify':
      return vault.update(key, effect.accountId, (a) => ({
        ...a,
        client: effect.client,
        // The placeholder label gives way to the client's email once it is known.
        label: a.label === PLACEHOLDER_LABEL && effect.client.email ? effect.client.email : a.label,
      }));
    default:
      return null;
  }
}
