import { useRef } from 'preact/hooks';
import { plural, t } from '../../../i18n';
import { FeedbackLine } from './feedback-line';
import { MIN_PASSPHRASE, type SecurityStore } from './security-store';
import { LabelledField } from '../labelled-field';

/**
 * Set a passphrase (no passphrase yet), or change or remove it (the current one is always asked
 * for). The fields are cleared after each success; a failure leaves everything as it was.
 */
export function PassphrasePanel({ store }: { store: SecurityStore }) {
  const state = store.state.value!;
  const busy = store.busy.value === 'passphrase';
  const feedback = store.feedback.value.passphrase;
  const required = state.policy.requirePassphrase;
  // Only the form the person just sent is marked invalid when it failed.
  const invalid = (form: FormName) => (feedback?.kind === 'error' && feedback.form === form ? 'true' : undefined);

  return (
    <div class="security-part" role="group" aria-labelledby="security-passphrase-title">
      <h3 id="security-passphrase-title">{t('security_passphrase_heading')}</h3>
      {state.vault === 'corrupt' ? null : state.vault !== 'protected' ? (
        <SetForm store={store} busy={busy} invalid={invalid('set')} />
      ) : !state.unlocked ? (
        <p class="muted">{t('security_passphrase_unlock_first')}</p>
      ) : (
        <>
          <ChangeForm store={store} busy={busy} invalid={invalid('change')} />
          <RemoveForm store={store} busy={busy} invalid={invalid('remove')} required={required} />
        </>
      )}
      <FeedbackLine id="security-passphrase" feedback={feedback} />
    </div>
  );
}

type FormName = 'set' | 'change' | 'remove';

interface FormProps {
  store: SecurityStore;
  busy: boolean;
  invalid: 'true' | undefined;
}

const clear = (...inputs: Array<{ current: HTMLInputElement | null }>) => {
  for (const input of inputs) if (input.current) input.current.value = '';
};

function NewFields({ next, repeat, invalid }: { next: { current: HTMLInputElement | null }; repeat: { current: HTMLInputElement | null }; invalid: 'true' | undefined }) {
  return (
    <>
      <LabelledField id="security-new" class="field" label={t('security_passphrase_new')} hint={plural(MIN_PASSPHRASE, 'security_passphrase_hint', MIN_PASSPHRASE)}>
        <input id="security-new" ref={next} type="password" autocomplete="new-password" aria-invalid={invalid} aria-describedby="security-new-hint security-passphrase-error" />
      </LabelledField>
      <LabelledField id="security-repeat" class="field" label={t('security_passphrase_repeat')}>
        <input id="security-repeat" ref={repeat} type="password" autocomplete="new-password" aria-invalid={invalid} aria-describedby="security-passphrase-error" />
      </LabelledField>
    </>
  );
}

function SetForm({ store, busy, invalid }: FormProps) {
  const next = useRef<HTMLInputElement>(null);
  const repeat = useRef<HTMLInputElement>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    void store.setPassphrase(next.current?.value ?? '', repeat.current?.value ?? '').then((ok) => ok && clear(next, repeat));
  };
  return (
    <form class="security-form" onSubmit={submit} aria-label={t('security_passphrase_set_button')}>
      <p class="muted">{t('security_passphrase_set_intro')}</p>
      <NewFields next={next} repeat={repeat} invalid={invalid} />
      <div>
        <button type="submit" class="primary" disabled={busy}>
          {t('security_passphrase_set_button')}
        </button>
      </div>
    </form>
  );
}

function ChangeForm({ store, busy, invalid }: FormProps) {
  const current = useRef<HTMLInputElement>(null);
  const next = useRef<HTMLInputElement>(null);
  const repeat = useRef<HTMLInputElement>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    void store.changePassphrase(current.current?.value ?? '', next.current?.value ?? '', repeat.current?.value ?? '').then((ok) => ok && clear(current, next, repeat));
  };
  return (
    <form class="security-form" onSubmit={submit} aria-labelledby="security-change-title">
      <h4 id="security-change-title">{t('security_passphrase_change_heading')}</h4>
      <LabelledField id="security-current" class="field" label={t('security_passphrase_current')}>
        <input id="security-current" ref={current} type="password" autocomplete="current-password" aria-invalid={invalid} aria-describedby="security-passphrase-error" />
      </LabelledField>
      <NewFields next={next} repeat={repeat} invalid={invalid} />
      <div>
        <button type="submit" class="primary" disabled={busy}>
          {t('security_passphrase_change_button')}
        </button>
      </div>
    </form>
  );
}

function RemoveForm({ store, busy, invalid, required }: FormProps & { required: boolean }) {
  const current = useRef<HTMLInputElement>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    void store.removePassphrase(current.current?.value ?? '').then((ok) => ok && clear(current));
  };
  return (
    <form class="security-form" onSubmit={submit} aria-labelledby="security-remove-title">
      <h4 id="security-remove-title">{t('security_passphrase_remove_heading')}</h4>
      {required ? (
        <p class="managed-note">{t('security_managed_requires_passphrase')}</p>
      ) : (
        <p class="muted">{t('security_passphrase_remove_intro')}</p>
      )}
      <fieldset disabled={required} class="plain-fieldset">
        <div class="field">
          <label for="security-remove-current" class="field-label">
            {t('security_passphrase_current')}
          </label>
          <input id="security-remove-current" ref={current} type="password" autocomplete="current-password" aria-invalid={invalid} aria-describedby="security-passphrase-error" />
        </div>
        <div>
          <button type="submit" class="danger" disabled={busy || required}>
            {t('security_passphrase_remove_button')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
