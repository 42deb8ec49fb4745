import { clearKeyCache } from '../../totp';
import type { UnlockedKey, Vault, VaultState } from '../../vault';
import type { StorageArea } from '../../storage/area';
import { SESSION_ENTRIES, read, remove, write } from '../../storage';

/**
 * The unlocked vault key lives in `storage.session` (JSON, memory only, extension contexts only), so
 * a restarted worker finds the vault as it was. A vault without a passphrase unlocks by itself.
 *
 * A passphrase change re-keys the vault: the session follows to the new key as soon as the vault's
 * new header is in place (`onKeyChange`), so an unlocked vault stays unlocked and a locked one stays
 * locked. A worker stopped in the middle of a re-key may leave the old key here: the first use after
 * a restart asks the vault to finish the re-key (`resume`) and keeps the key it answers.
 */
export function createVaultSession(deps: { vault: Vault; session: StorageArea }) {
  const { vault, session } = deps;
  // Memory only as a shortcut: a restarted worker checks once more, which is what it is for.
  let resumed = false;

  vault.onKeyChange(async ({ from, to }) => {
    const stored = await read(session, SESSION_ENTRIES.vaultKey);
    if (stored && from.some((key) => key.key === stored.key)) await write(session, SESSION_ENTRIES.vaultKey, to);
  });

  return {
    /** The key, or null while a passphrase-protected vault is locked. */
    async key(): Promise<UnlockedKey | null> {
      const stored = await read(session, SESSION_ENTRIES.vaultKey);
      if (stored && resumed) return stored;
      if (stored) {
        const current = await vault.resume(stored);
        if (current.ok) {
          resumed = true;
          if (current.value.key !== stored.key) await write(session, SESSION_ENTRIES.vaultKey, current.value);
          return current.value;
        }
        // Storage trouble: keep the key and check again next time.
        if (current.error.kind !== 'locked') return stored;
        // A key this vault no longer knows opens nothing: forget it (a plain vault reopens below).
        await remove(session, SESSION_ENTRIES.vaultKey);
      }
      const state = await vault.state();
      if (state.kind !== 'new' && state.kind !== 'plain') return null;
      const unlocked = await vault.unlock();
      if (!unlocked.ok) return null;
      await write(session, SESSION_ENTRIES.vaultKey, unlocked.value);
      return unlocked.value;
    },
    async unlock(passphrase?: string) {
      // `vault.unlock` finishes an interrupted re-key and answers the new key.
      const unlocked = await vault.unlock(passphrase);
      if (unlocked.ok) await write(session, SESSION_ENTRIES.vaultKey, unlocked.value);
      return unlocked;
    },
    async lock(): Promise<void> {
      await remove(session, SESSION_ENTRIES.vaultKey);
      await remove(session, SESSION_ENTRIES.firstScreen);
      await remove(session, SESSION_ENTRIES.snapshot);
      clearKeyCache();
    },
    async state(): Promise<{ state: VaultState['kind']; unlocked: boolean }> {
      const state = (await vault.state()).kind;
      return { state, unlocked: (await read(session, SESSION_ENTRIES.vaultKey)) !== undefined || state === 'new' || state === 'plain' };
    },
  };
}

export type VaultSession = ReturnType<typeof createVaultSession>;
