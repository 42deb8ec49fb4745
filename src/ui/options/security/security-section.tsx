import { t } from '../../../i18n';
import { PassphrasePanel } from './passphrase-panel';
import { PolicySummary } from './policy-summary';
import type { SecurityStore } from './security-store';
import { ServerClocks } from './server-clocks';
import { SettingsPanel } from './settings-panel';
import { VaultPanel } from './vault-panel';
import '../../styles/options-security.css';

/**
 * Settings › Security: the vault's protection and lock, auto-lock and filling, the managed policy
 * (what the organisation set, shown and disabled), and the server clocks of registered sites.
 */
export function SecuritySection({ store }: { store: SecurityStore }) {
  const state = store.state.value;
  const loadError = store.loadError.value;
  return (
    <section class="card security" aria-labelledby="security-title">
      <h2 id="security-title">{t('options_security_title')}</h2>
      {state === undefined ? (
        loadError ? (
          <p role="alert" class="error">
            {t('security_load_error', loadError)}
          </p>
        ) : (
          <p class="muted">{t('security_loading')}</p>
        )
      ) : (
        <>
          {state.policy.requirePassphrase && state.vault !== 'protected' ? (
            <div class="policy-alert" role="note" aria-labelledby="security-required-title">
              <p id="security-required-title" class="policy-alert-title">
                {t('security_policy_required_title')}
              </p>
              <p>{t('security_policy_required_text')}</p>
            </div>
          ) : null}
          <VaultPanel store={store} />
          <PassphrasePanel store={store} />
          <SettingsPanel store={store} />
          <ServerClocks store={store} />
          <PolicySummary policy={state.policy} />
        </>
      )}
    </section>
  );
}
