import { errorMessage } from './api';
import { field, h, notice } from './dom';
import { call, deviceFingerprint, save } from './session';

/**
 * Sign-in: email and password, then the 2FA step the API asks for — a method choice when both are
 * enabled (`2fa_choose`), then a code field (`2fa_google_auth` / `2fa_sms_auth`).
 */
export function signInView(root: HTMLElement, done: () => void): void {
  const email = field('Email', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = field('Password', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const messages = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { onsubmit: (e: Event) => void submit(e) },
    email.row,
    password.row,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  root.replaceChildren(h('h1', {}, 'Sign in'), messages, form, h('p', {}, h('a', { href: '#/restore' }, 'Forgot password?')));

  async function submit(event: Event) {
    event.preventDefault();
    messages.replaceChildren();
    const wizard = await call('GET', 'signin/wizard');
    if (wizard.status !== 200) return messages.replaceChildren(notice('error', errorMessage(wizard)));
    const res = await call('POST', 'signin', {
      body: { uuid: wizard.body.uuid, email: email.input.value, password: password.input.value, device_fingerprint: deviceFingerprint() },
    });
    if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
    next(res.body);
  }

  function next(step: { code: number; data: any; uuid: string; workflow: string }) {
    if (step.code === 202) {
      save(step.data, email.input.value);
      return done();
    }
    if (step.workflow === '2fa_choose') return choose(step.uuid);
    if (step.workflow === '2fa_google_auth') return askCode(step.uuid, 'google');
    if (step.workflow === '2fa_sms_auth') return askCode(step.uuid, 'sms');
    messages.replaceChildren(notice('error', `Unexpected step "${step.workflow}".`));
  }

  function choose(uuid: string) {
    const pick = async (type: 'google' | 'sms') => {
      const res = await call('POST', 'signin/2fa', { body: { uuid, type } });
      if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
      next(res.body);
    };
    root.replaceChildren(
      h('h1', {}, 'Two-factor authentication'),
      messages,
      h('p', {}, 'Choose how to confirm that it is you.'),
      h('p', {}, h('button', { type: 'button', onclick: () => void pick('google') }, 'Google Authenticator')),
      h('p', {}, h('button', { type: 'button', onclick: () => void pick('sms') }, 'Text message (SMS)')),
    );
  }

  function askCode(uuid: string, type: 'google' | 'sms') {
    const code = field(type === 'google' ? 'Code from Google Authenticator' : 'Code from the text message', { type: 'text', name: 'code', required: true });
    const submitCode = async (e: Event) => {
      e.preventDefault();
      const res = await call('POST', `2fa/${type}`, { body: { uuid, code: code.input.value.trim() } });
      if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
      next(res.body);
    };
    root.replaceChildren(
      h('h1', {}, 'Two-factor authentication'),
      messages,
      h('p', {}, type === 'google' ? 'Enter the 6-digit code from your authenticator app.' : 'We sent a 6-digit code to your phone.'),
      h('form', { onsubmit: (e: Event) => void submitCode(e) }, code.row, h('button', { type: 'submit' }, 'Confirm')),
    );
    code.input.focus();
  }
}
