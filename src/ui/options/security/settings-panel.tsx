import { t } from '../../../i18n';
import { AUTOFILL_MODES, type Settings } from '../../../messaging/protocol';
import { FeedbackLine } from './feedback-line';
import { autoLockChoices, autoLockLabel } from './format';
import type { SecurityStore } from './security-store';

/**
 * Auto-lock delay, autofill mode and auto-submit. Each control saves at once (`security/settings`)
 * and shows what the worker holds afterwards; what the managed policy rules out is disabled and
 * marked "Set by your organisation". While a protected vault is locked nothing here can change.
 */
function modeText(mode: Settings['autofill']): { label: string; hint: string } {
  if (mode === 'auto') return { label: t('security_autofill_auto'), hint: t('security_autofill_auto_hint') };
  if (mode === 'manual') return { label: t('security_autofill_manual'), hint: t('security_autofill_manual_hint') };
  return { label: t('security_autofill_off'), hint: t('security_autofill_off_hint') };
}

export function SettingsPanel({ store }: { store: SecurityStore }) {
  const state = store.state.value!;
  const { settings, policy } = state;
  const busy = store.busy.value === 'settings';
  const locked = state.vault === 'protected' && !state.unlocked;
  const max = policy.maxAutoLockMinutes;
  const choices = autoLockChoices(settings.autoLockMinutes, max);
  // Option values: "never" or the minutes.
  const onLockChange = (event: Event) => {
    const value = (event.currentTarget as HTMLSelectElement).value;
    void store.saveSettings({ autoLockMinutes: value === 'never' ? null : Number(value) });
  };

  return (
    <div class="security-part" role="group" aria-labelledby="security-settings-title">
      <h3 id="security-settings-title">{t('security_settings_heading')}</h3>
      {locked ? <p class="muted">{t('security_settings_unlock_first')}</p> : null}
      <fieldset class="plain-fieldset settings-grid" disabled={locked}>
        <div class="field">
          <label for="security-auto-lock" class="field-label">
            {t('security_auto_lock_label')}
          </label>
          <select id="security-auto-lock" value={settings.autoLockMinutes === null ? 'never' : String(settings.autoLockMinutes)} onChange={onLockChange} disabled={busy || locked} aria-describedby="security-auto-lock-hint">
            {choices.map((c) => (
              <option key={c.minutes ?? 'never'} value={c.minutes === null ? 'never' : String(c.minutes)} disabled={!c.allowed}>
                {autoLockLabel(c.minutes)}
              </option>
            ))}
          </select>
          <p id="security-auto-lock-hint" class="muted hint">
            {state.vault === 'protected' ? t('security_auto_lock_hint') : t('security_auto_lock_hint_plain')}
          </p>
          {max !== null ? <p class="managed-note">{t('security_managed_max_lock', max)}</p> : null}
        </div>

        <fieldset class="choice-group">
          <legend class="field-label">{t('security_autofill_legend')}</legend>
          {AUTOFILL_MODES.map((mode) => (
            <label key={mode} class="choice">
              <input type="radio" name="security-autofill" value={mode} checked={settings.autofill === mode} disabled={busy || locked} onChange={() => void store.saveSettings({ autofill: mode })} />
              <span>
                <span class="choice-label">{modeText(mode).label}</span>
                <span class="muted hint">{modeText(mode).hint}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <label class="choice">
          <input
            type="checkbox"
            checked={settings.autoSubmit}
            disabled={busy || locked || settings.autofill === 'off'}
            onChange={(event) => void store.saveSettings({ autoSubmit: (event.currentTarget as HTMLInputElement).checked })}
          />
          <span>
            <span class="choice-label">{t('security_auto_submit')}</span>
            <span class="muted hint">{t('security_auto_submit_hint')}</span>
          </span>
        </label>
      </fieldset>
      <FeedbackLine id="security-settings" feedback={store.feedback.value.settings} />
    </div>
  );
}
