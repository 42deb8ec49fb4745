import { t } from '../../i18n';
import type { MessageError } from '../../messaging';
import type { Vault } from '../../vault';
import { invalidInput, vaultFailure } from './vault-failure';

/**
 * "Is this really the person who set the passphrase?" before a key leaves the vault (Show key, and
 * backups, which hand out every key). An unlocked browser is not enough when a passphrase is set:
 * the passphrase must be given again and must open the vault header. Without a passphrase there is
 * nothing to ask. Nothing is written — except that opening the vault finishes a re-key a stopped
 * worker left half done (vault.ts), as any unlock does.
 */
export async function confirmPassphrase(vault: Vault, passphrase: string | undefined): Promise<{ ok: true } | { ok: false; error: MessageError }> {
  const state = await vault.state();
  if (state.kind !== 'protected') return { ok: true };
  if (passphrase === undefined || passphrase === '') return invalidInput(t('accounts_error_passphrase_needed'));
  const opened = await vault.unlock(passphrase);
  return opened.ok ? { ok: true } : vaultFailure(opened.error);
}
