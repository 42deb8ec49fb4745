import { useRef } from 'preact/hooks';
import { LockIcon } from '../shared/icons';
import type { SnapshotStore } from './snapshot-store';
import { t } from '../../i18n';

/** The vault is protected and locked: a passphrase field and "Unlock" (`vault/unlock`). */
export function UnlockForm({ vault }: { vault: SnapshotStore }) {
  const input = useRef<HTMLInputElement>(null);
  const error = vault.error.value;
  const busy = vault.unlocking.value;
  const submit = (event: Event) => {
    event.preventDefault();
    const passphrase = input.current?.value ?? '';
    void vault.unlock(passphrase).then(() => {
      if (vault.error.peek()) input.current?.select();
    });
  };
  return (
    <form class="unlock" onSubmit={submit} aria-labelledby="unlock-title">
      <div class="unlock-head">
        <LockIcon />
        <h2 id="unlock-title">{t('popup_locked_title')}</h2>
      </div>
      <p class="muted">{t('popup_locked_hint')}</p>
      <label for="passphrase" class="field-label">
        {t('popup_passphrase')}
      </label>
      <input
        id="passphrase"
        ref={input}
        type="password"
        autocomplete="current-password"
        autoFocus
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'unlock-error' : undefined}
      />
      <p id="unlock-error" role="alert" class="error">
        {error}
      </p>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('popup_unlocking') : t('popup_unlock')}
      </button>
    </form>
  );
}
