import { errorMessage, type ApiResponse } from './api';
import { field, h, notice } from './dom';
import { authed, call, clear } from './session';

const PROVIDER_HINT: Record<string, string> = {
  google: 'Enter the code from Google Authenticator.',
  sms: 'We sent a code to your phone by SMS.',
  email: 'We sent a code to your email address.',
};

/**
 * The two password procedures share one shape: a challenge (code) gives a success token, which the
 * password call spends in its `successToken` header.
 */
function challengeThenPassword(
  root: HTMLElement,
  messages: HTMLElement,
  challenge: { token: string; provider: string },
  signedIn: boolean,
  passwordPath: string,
  finished: () => void,
) {
  const code = field('Confirmation code', { type: 'text', name: 'code', required: true });
  const confirm = async (e: Event) => {
    e.preventDefault();
    const send = signedIn ? authed : call;
    const res = await send('POST', '2fa/challenge', { body: { token: challenge.token, code: code.input.value.trim() } });
    if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
    messages.replaceChildren(notice('ok', 'Confirmed. Choose your new password.'));
    askPassword(res.body.token);
  };
  root.replaceChildren(
    messages,
    h('p', {}, PROVIDER_HINT[challenge.provider] ?? ''),
    h('form', { onsubmit: (e: Event) => void confirm(e) }, code.row, h('button', { type: 'submit' }, 'Confirm')),
  );
  code.input.focus();

  function askPassword(successToken: string) {
    const password = field('New password', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true });
    const change = async (e: Event) => {
      e.preventDefault();
      const send = signedIn ? authed : call;
      const res: ApiResponse = await send('POST', passwordPath, { body: { password: password.input.value }, headers: { successToken } });
      if (res.status !== 204) return messages.replaceChildren(notice('error', errorMessage(res)));
      clear();
      finished();
    };
    root.replaceChildren(
      messages,
      h('form', { onsubmit: (e: Event) => void change(e) }, password.row, h('p', { class: 'hint' }, 'At least 8 characters, with a letter and a digit.'), h('button', { type: 'submit' }, 'Change password')),
    );
  }
}

/** Profile › Change password: challenge `changePassword`, then `POST password/change`. */
export function changePasswordView(root: HTMLElement, signedOut: () => void, finished: () => void): void {
  const messages = h('div', { 'aria-live': 'polite' });
  const body = h('div');
  const start = async () => {
    const res = await authed('GET', '2fa/challenge?businessProcess=changePassword');
    if (res.status === 401) return signedOut();
    if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
    challengeThenPassword(body, messages, res.body, true, 'password/change', finished);
  };
  body.append(messages, h('p', {}, 'To change your password, first confirm it is you.'), h('button', { type: 'button', onclick: () => void start() }, 'Send confirmation'));
  root.replaceChildren(h('h1', {}, 'Change password'), body);
}

/** Forgot password: unauthorized challenge `restorePassword`, then `POST password/restore`. */
export function restorePasswordView(root: HTMLElement, finished: () => void): void {
  const messages = h('div', { 'aria-live': 'polite' });
  const body = h('div');
  const email = field('Email', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const start = async (e: Event) => {
    e.preventDefault();
    const query = new URLSearchParams({ email: email.input.value.trim(), businessProcess: 'restorePassword' });
    const res = await call('GET', `2fa/unauthorized/challenge?${query}`);
    if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
    challengeThenPassword(body, messages, res.body, false, 'password/restore', finished);
  };
  body.append(messages, h('form', { onsubmit: (e: Event) => void start(e) }, email.row, h('button', { type: 'submit' }, 'Send code')));
  root.replaceChildren(h('h1', {}, 'Restore password'), body);
}
