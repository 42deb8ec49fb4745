import { t } from '../../../i18n';
import type { BackupForm } from './backup-store';

/** Pieces every form of Settings › Backup has: the vault passphrase (asked again before keys leave the vault) and the form's error and notice lines. */
export function VaultPassphrase({ form }: { form: BackupForm | 'transfer' }) {
  const id = `backup-vault-${form}`;
  return (
    <div>
      <label for={id} class="field-label">
        {t('backup_vault_passphrase_label')}
      </label>
      <input id={id} name="vault-passphrase" type="password" autocomplete="current-password" aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} class="hint muted">
        {t('backup_vault_passphrase_hint')}
      </p>
    </div>
  );
}

export function FormMessages({ form, state }: { form: BackupForm | 'transfer'; state: { error: string | null; notice: string | null } }) {
  return (
    <>
      <p role="alert" class="error" id={`backup-${form}-error`}>
        {state.error}
      </p>
      <p role="status" class="notice-line">
        {state.notice}
      </p>
    </>
  );
}
