import { useRef } from 'preact/hooks';
import { t } from '../../../i18n';
import { LockIcon } from '../../shared/icons';
import { FeedbackLine } from './feedback-line';
import { formatCount } from './format';
import type { SecurityStore } from './security-store';

/** The vault's protection now: what it is, its KDF parameters, "Lock now", or the unlock form. */
export function VaultPanel({ store }: { store: SecurityStore }) {
  const input = useRef<HTMLInputElement>(null);
  const state = store.state.value!;
  const busy = store.busy.value === 'vault';
  const feedback = store.feedback.value.vault;
  const locked = state.vault === 'protected' && !state.unlocked;

  const status =
    state.vault === 'corrupt'
      ? t('security_vault_status_corrupt')
      : state.vault !== 'protected'
        ? t('security_vault_status_plain')
        : state.unlocked
          ? t('security_vault_status_unlocked')
          : t('security_vault_status_locked');

  const unlock = (event: Event) => {
    event.preventDefault();
    void store.unlock(input.current?.value ?? '').then((ok) => {
      if (ok && input.current) input.current.value = '';
      else input.current?.select();
    });
  };

  return (
    <div class="security-part" aria-labelledby="security-vault-title" role="group">
      <h3 id="security-vault-title">{t('security_vault_heading')}</h3>
      <p class={`vault-status vault-${locked ? 'locked' : state.vault === 'protected' ? 'protected' : state.vault === 'corrupt' ? 'corrupt' : 'plain'}`}>
        {state.vault === 'protected' ? <LockIcon /> : null}
        <span>{status}</span>
      </p>
      {state.kdf ? (
        <p class="muted kdf">
          {t('security_kdf', `${state.kdf.name}-${state.kdf.hash.replace('-', '')}`, formatCount(state.kdf.iterations), state.kdf.saltBytes)}
        </p>
      ) : null}
      {state.vault === 'protected' && state.unlocked ? (
        <div>
          <button type="button" class="secondary" disabled={busy} onClick={() => void store.lockNow()}>
            {t('security_lock_now')}
          </button>
        </div>
      ) : null}
      {locked ? (
        <form class="security-form" onSubmit={unlock}>
          <label for="security-unlock" class="field-label">
            {t('security_unlock_label')}
          </label>
          <div class="inline">
            <input
              id="security-unlock"
              ref={input}
              type="password"
              autocomplete="current-password"
              aria-invalid={feedback?.kind === 'error' ? 'true' : undefined}
              aria-describedby="security-vault-error"
            />
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t('security_unlocking') : t('security_unlock_button')}
            </button>
          </div>
        </form>
      ) : null}
      <FeedbackLine id="security-vault" feedback={feedback} />
    </div>
  );
}
