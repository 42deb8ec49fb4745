import { clearKeyCache } from '../totp';
import type { UnlockedKey, Vault, VaultState } from '../vault';
import type { StorageArea } from './storage-area';
import { SESSION } from './storage-keys';

/**
 * The unlocked vault key lives in `storage.session` (JSON, memory only, extension contexts only), so
 * a restarted worker finds the vault as it was. A vault without a passphrase unlocks by itself.
 */
export function createVaultSession(deps: { vault: Vault; session: StorageArea }) {
  const { vault, session } = deps;
  return {
    /** The key, or null while a passphrase-protected vault is locked. */
    async key(): Promise<UnlockedKey | null> {
      const stored = await session.get<UnlockedKey>(SESSION.vaultKey);
      if (stored) return stored;
      const state = await vault.state();
      if (state.kind !== 'new' && state.kind !== 'plain') return null;
      const unlocked = await vault.unlock();
      if (!unlocked.ok) return null;
      await session.set(SESSION.vaultKey, unlocked.value);
      return unlocked.value;
    },
    async unlock(passphrase?: string) {
      const unlocked = await vault.unlock(passphrase);
      if (unlocked.ok) await session.set(SESSION.vaultKey, unlocked.value);
      return unlocked;
    },
    async lock(): Promise<void> {
      await session.remove(SESSION.vaultKey);
      await session.remove(SESSION.snapshot);
      clearKeyCache();
    },
    async state(): Promise<{ state: VaultState['kind']; unlocked: boolean }> {
      const state = (await vault.state()).kind;
      return { state, unlocked: (await session.get(SESSION.vaultKey)) !== undefined || state === 'new' || state === 'plain' };
    },
  };
}

export type VaultSession = ReturnType<typeof createVaultSession>;
