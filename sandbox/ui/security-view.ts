import qrcode from 'qrcode-generator';
import { errorMessage, type ApiResponse } from './api';
import { field, h, notice } from './dom';
import { authed, current } from './session';

/** "Google authenticator service name" of the B2Core admin settings: the issuer apps show. */
const ISSUER = 'B2Core Sandbox';

interface Method {
  caption: string;
  isEnabled: boolean;
  name: 'google' | 'sms';
}

/** Profile › Security: 2FA status, enable Google (key + QR + code), enable SMS (phone, code), disable. */
export function securityView(root: HTMLElement, signedOut: () => void): void {
  const messages = h('div', { 'aria-live': 'polite' });
  const panel = h('div');
  root.replaceChildren(h('h1', {}, 'Security'), h('h2', {}, 'Two-factor authentication'), messages, panel);
  void showStatus();

  function fail(res: ApiResponse) {
    if (res.status === 401) return signedOut();
    messages.replaceChildren(notice('error', errorMessage(res)));
  }

  async function showStatus(success?: string) {
    const res = await authed('GET', '2fa');
    if (res.status !== 200) return fail(res);
    messages.replaceChildren(...(success ? [notice('ok', success)] : []));
    const list = h('ul', { class: 'methods' });
    for (const method of res.body.data as Method[]) {
      const label = method.name === 'google' ? 'Google Authenticator' : 'Text Message (SMS)';
      list.append(
        h(
          'li',
          {},
          h('span', {}, `${label}: `),
          h('strong', {}, method.isEnabled ? 'enabled' : 'disabled'),
          ' ',
          method.isEnabled
            ? h('button', { type: 'button', onclick: () => void startDisable(method.name, label) }, `Disable ${label}`)
            : h('button', { type: 'button', onclick: () => void startEnable(method.name) }, method.name === 'google' ? 'Enable Google Authenticator' : 'Enable SMS'),
        ),
      );
    }
    panel.replaceChildren(list);
  }

  /** The final wizard step: code (and key for Google enable) → 202 done. */
  function codeForm(uuid: string, label: string, button: string, extra: Record<string, string>, successText: string): HTMLElement {
    const code = field(label, { type: 'text', name: 'code', required: true });
    const submit = async (e: Event) => {
      e.preventDefault();
      const res = await authed('POST', '2fa/wizard', { body: { uuid, action: 'code', code: code.input.value.trim(), ...extra } });
      if (res.status !== 200) return fail(res);
      await showStatus(successText);
    };
    return h(
      'form',
      { onsubmit: (e: Event) => void submit(e) },
      code.row,
      h('button', { type: 'submit' }, button),
      ' ',
      h('button', { type: 'button', onclick: () => void showStatus() }, 'Cancel'),
    );
  }

  async function startEnable(type: 'google' | 'sms') {
    messages.replaceChildren();
    const res = await authed('GET', `2fa/${type}/enable/wizard`);
    if (res.status !== 200) return fail(res);
    const { uuid } = res.body;
    if (type === 'google') {
      const key: string = res.body.data.key;
      const account = current()?.email ?? 'client';
      const uri = `otpauth://totp/${encodeURIComponent(ISSUER)}:${encodeURIComponent(account)}?secret=${key}&issuer=${encodeURIComponent(ISSUER)}&algorithm=SHA1&digits=6&period=30`;
      const qr = qrcode(0, 'M');
      qr.addData(uri);
      qr.make();
      const image = h('img', { src: qr.createDataURL(4, 2), alt: `QR code for the key ${key}`, width: String(qr.getModuleCount() * 4 + 16) });
      panel.replaceChildren(
        h('h3', {}, 'Enable Google Authenticator'),
        h('ol', {}, h('li', {}, 'Scan the QR code with your authenticator app, or type the key.'), h('li', {}, 'Enter the 6-digit code the app shows.')),
        image,
        h('p', {}, 'Key: ', h('code', { class: 'key' }, key.replace(/(.{4})(?=.)/g, '$1 '))),
        codeForm(uuid, 'Verification code', 'Enable', { key }, 'Google Authenticator is enabled.'),
      );
      return;
    }
    const phone = field('Phone number', { type: 'tel', name: 'phone', placeholder: '+79994445561', required: true });
    const submitPhone = async (e: Event) => {
      e.preventDefault();
      const step = await authed('POST', '2fa/wizard', { body: { uuid, phone: phone.input.value.trim() } });
      if (step.status !== 200) return fail(step);
      messages.replaceChildren(notice('ok', `We sent a code to ${step.body.data.recipient.phone}.`));
      panel.replaceChildren(h('h3', {}, 'Enable SMS'), codeForm(uuid, 'Code from the text message', 'Enable', {}, 'SMS confirmation is enabled.'));
    };
    panel.replaceChildren(
      h('h3', {}, 'Enable SMS'),
      h('form', { onsubmit: (e: Event) => void submitPhone(e) }, phone.row, h('button', { type: 'submit' }, 'Send code')),
    );
  }

  async function startDisable(type: 'google' | 'sms', label: string) {
    messages.replaceChildren();
    const res = await authed('GET', `2fa/${type}/disable/wizard`);
    if (res.status !== 200) return fail(res);
    const hint = type === 'google' ? 'Enter the code from your authenticator app to turn it off.' : 'We sent a code to your phone. Enter it to turn SMS off.';
    panel.replaceChildren(
      h('h3', {}, `Disable ${label}`),
      h('p', {}, hint),
      codeForm(res.body.uuid, type === 'google' ? 'Code from Google Authenticator' : 'Code from the text message', 'Disable', {}, `${label} is disabled.`),
    );
  }
}
