import { useEffect, useRef } from 'preact/hooks';
import type { TwoFactorMethod, TwoFactorType } from '../../../b2core';
import { t } from '../../../i18n';
import { siteHost } from '../../shared/site-host';
import '../../styles/options-setup.css';
import type { SetupStore } from './setup-store';

/**
 * Settings › Guided set-up: pick a registered site, sign in to it (email, password, then the code the
 * site asks for), see which 2FA methods are on, and enable or disable them through the site's own
 * wizards. The extension keeps and confirms a Google key itself; SMS codes are typed.
 */
export function SetupSection({ store }: { store: SetupStore }) {
  const sites = store.sites.value;
  const session = store.keeper.current.value;
  const { error, notice } = store.feedback;
  return (
    <section class="card setup" aria-labelledby="setup-title">
      <h2 id="setup-title">{t('options_setup_title')}</h2>
      <p class="muted">{t('setup_intro')}</p>
      {sites === undefined || session === undefined ? null : sites.length === 0 ? (
        <p class="empty muted">
          {t('setup_no_sites')} <a href="#sites">{t('setup_no_sites_link')}</a>
        </p>
      ) : session ? (
        <SignedIn store={store} />
      ) : (
        <SignInForm store={store} sites={sites} />
      )}
      <p role="alert" class="error">
        {error.value}
      </p>
      <p role="status" class="notice-line">
        {notice.value}
      </p>
    </section>
  );
}

/** Focuses the element once, when it appears (a new step's first field). */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function CodeForm({ idPrefix, hint, onSubmit, onCancel, busy }: { idPrefix: string; hint: string; onSubmit(code: string): Promise<boolean>; onCancel(): void; busy: boolean }) {
  const input = useFocusOnMount<HTMLInputElement>();
  const submit = (event: Event) => {
    event.preventDefault();
    void onSubmit(input.current?.value ?? '').then((done) => {
      if (!done) input.current?.select();
    });
  };
  return (
    <form class="setup-form code-form" onSubmit={submit} noValidate>
      <p class="muted" id={`${idPrefix}-hint`}>
        {hint}
      </p>
      <label for={`${idPrefix}-code`} class="field-label">
        {t('setup_code_label')}
      </label>
      <div class="inline">
        <input
          id={`${idPrefix}-code`}
          ref={input}
          type="text"
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={12}
          spellcheck={false}
          aria-describedby={`${idPrefix}-hint`}
          class="code-input"
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('setup_confirm')}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
          {t('setup_cancel')}
        </button>
      </div>
    </form>
  );
}

function SignInForm({ store, sites }: { store: SetupStore; sites: string[] }) {
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const step = store.signIn.step.value;
  const busy = store.feedback.busy.value;
  const site = store.site.value;

  if (step.kind === 'code') {
    return (
      <CodeForm
        idPrefix="setup-signin"
        hint={step.method === 'sms' ? t('setup_signin_sms_hint', step.email) : t('setup_signin_google_hint', step.email)}
        onSubmit={(code) => store.signIn.submitCode(code)}
        onCancel={() => store.signIn.cancel()}
        busy={busy}
      />
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    if (!site) return;
    const typed = password.current?.value ?? '';
    // The password leaves the field only for this one request, and the field is emptied either way.
    if (password.current) password.current.value = '';
    void store.signIn.signIn(site, email.current?.value ?? '', typed).then((ok) => {
      if (!ok) password.current?.focus();
    });
  };

  return (
    <form class="setup-form" onSubmit={submit} noValidate>
      <div class="fields">
        <div>
          <label for="setup-site" class="field-label">
            {t('setup_site_label')}
          </label>
          <select id="setup-site" value={site ?? ''} onChange={(e) => store.choose((e.currentTarget as HTMLSelectElement).value)} disabled={busy}>
            {sites.map((origin) => (
              <option key={origin} value={origin}>
                {origin}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="setup-email" class="field-label">
            {t('setup_email_label')}
          </label>
          <input id="setup-email" ref={email} type="email" autocomplete="username" spellcheck={false} required />
        </div>
        <div>
          <label for="setup-password" class="field-label">
            {t('setup_password_label')}
          </label>
          <input id="setup-password" ref={password} type="password" autocomplete="current-password" required />
        </div>
      </div>
      <p class="muted small">{t('setup_password_note')}</p>
      <div>
        <button type="submit" class="primary" disabled={busy || !site}>
          {t('setup_sign_in')}
        </button>
      </div>
    </form>
  );
}

const methodName = (type: TwoFactorType) => (type === 'google' ? t('setup_method_google') : t('setup_method_sms'));

function MethodRow({ store, type, method }: { store: SetupStore; type: TwoFactorType; method: TwoFactorMethod | undefined }) {
  const busy = store.feedback.busy.value || store.twoFactor.flow.value.kind !== 'none';
  const on = method?.isEnabled === true;
  const enable = type === 'google' ? () => void store.twoFactor.enableGoogle() : () => void store.twoFactor.enableSms();
  const disableLabel = type === 'google' ? t('setup_disable_google') : t('setup_disable_sms');
  return (
    <li>
      <span class="method-name">{methodName(type)}</span>
      <span class={on ? 'state on' : 'state off'}>{method === undefined ? t('setup_state_unknown') : on ? t('setup_state_on') : t('setup_state_off')}</span>
      {method === undefined ? null : on ? (
        <button type="button" class="danger" aria-label={disableLabel} disabled={busy} onClick={() => void store.twoFactor.disable(type)}>
          {t('setup_disable')}
        </button>
      ) : (
        <button type="button" class="secondary" disabled={busy} onClick={enable}>
          {type === 'google' ? t('setup_enable_google') : t('setup_enable_sms')}
        </button>
      )}
    </li>
  );
}

function PhoneForm({ store }: { store: SetupStore }) {
  const input = useFocusOnMount<HTMLInputElement>();
  const busy = store.feedback.busy.value;
  const submit = (event: Event) => {
    event.preventDefault();
    void store.twoFactor.submitPhone(input.current?.value ?? '');
  };
  return (
    <form class="setup-form" onSubmit={submit} noValidate>
      <label for="setup-phone" class="field-label">
        {t('setup_phone_label')}
      </label>
      <div class="inline">
        <input id="setup-phone" ref={input} type="tel" autocomplete="tel" placeholder="+15550001234" />
        <button type="submit" class="primary" disabled={busy}>
          {t('setup_send_code')}
        </button>
        <button type="button" class="secondary" onClick={() => store.twoFactor.cancel()} disabled={busy}>
          {t('setup_cancel')}
        </button>
      </div>
    </form>
  );
}

function SignedIn({ store }: { store: SetupStore }) {
  const session = store.keeper.current.value!;
  const methods = store.twoFactor.methods.value;
  const flow = store.twoFactor.flow.value;
  const busy = store.feedback.busy.value;
  const of = (type: TwoFactorType) => methods?.find((m) => m.name === type);
  return (
    <div class="signed-in">
      <div class="who">
        <p>{t('setup_signed_in_as', session.email, siteHost(session.origin))}</p>
        <button type="button" class="secondary" disabled={busy} onClick={() => void store.signOut()}>
          {t('setup_sign_out')}
        </button>
      </div>
      <h3 id="setup-methods-title">{t('setup_methods_title')}</h3>
      {methods === null ? (
        <p class="muted">{t('setup_status_loading')}</p>
      ) : (
        <ul class="methods" aria-labelledby="setup-methods-title">
          <MethodRow store={store} type="google" method={of('google')} />
          <MethodRow store={store} type="sms" method={of('sms')} />
        </ul>
      )}
      {flow.kind === 'sms_phone' ? <PhoneForm store={store} /> : null}
      {flow.kind === 'sms_code' || flow.kind === 'google_code' ? (
        <CodeForm
          key={`${flow.kind}-${flow.uuid}`}
          idPrefix="setup-wizard"
          hint={flow.kind === 'google_code' ? t('setup_google_code_hint') : flow.purpose === 'enable' ? t('setup_sms_enable_hint') : t('setup_sms_disable_hint')}
          onSubmit={(code) => store.twoFactor.submitCode(code)}
          onCancel={() => store.twoFactor.cancel()}
          busy={busy}
        />
      ) : null}
    </div>
  );
}
