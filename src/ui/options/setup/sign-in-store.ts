import { signal, type ReadonlySignal } from '@preact/signals';
import type { B2CoreClient, SignInOutcome } from '../../../b2core';
import { t } from '../../../i18n';
import type { Messenger, ReadableArea } from '../../shared/adapters';
import { siteHost } from '../../shared/site-host';
import { describeError } from './describe-error';
import type { Feedback } from './feedback';
import type { SessionKeeper } from './session-keeper';
import { findActiveAccount } from './vault-lookup';

/**
 * Signing in to a registered site from the settings page, the API's own flow (docs/b2core-api.md,
 * "Neighbouring endpoints"): `GET signin/wizard` → `POST signin` → (`POST signin/2fa` when both
 * methods are on) → `POST 2fa/google` or `POST 2fa/sms`. A Google code comes from the vault when it
 * holds the client's active key (the worker computes it); otherwise, and for SMS, the person types
 * the code. The password is an argument, used once and never kept, not even in a signal.
 */
export type SignInStep =
  | { kind: 'credentials' }
  /** A code is wanted: `sms` was sent to the phone; `google` is typed from another authenticator. */
  | { kind: 'code'; method: 'sms' | 'google'; origin: string; email: string; uuid: string };

export interface SignInStoreDeps {
  keeper: SessionKeeper;
  messenger: Messenger;
  /** `storage.session`, for the popup's snapshot (which account the vault holds). */
  session: ReadableArea;
  feedback: Feedback;
  userAgent: string;
}

export interface SignInStore {
  step: ReadonlySignal<SignInStep>;
  /** Resolves true when signed in (or a code is now wanted); false with the reason in `feedback`. */
  signIn(origin: string, email: string, password: string): Promise<boolean>;
  submitCode(code: string): Promise<boolean>;
  cancel(): void;
}

export function createSignInStore(deps: SignInStoreDeps): SignInStore {
  const { keeper, messenger, feedback } = deps;
  const step = signal<SignInStep>({ kind: 'credentials' });

  async function finish(origin: string, email: string, outcome: Extract<SignInOutcome, { kind: 'signed_in' }>) {
    await keeper.signedIn(origin, email, outcome.tokens);
    step.value = { kind: 'credentials' };
    feedback.succeed(t('setup_signed_in', email, siteHost(origin)));
    return true;
  }

  function askCode(method: 'sms' | 'google', origin: string, email: string, uuid: string, message: string, isError = false) {
    step.value = { kind: 'code', method, origin, email, uuid };
    if (isError) feedback.fail(message);
    else feedback.succeed(message);
    return true;
  }

  /** Google wanted: the vault's code when it holds the key, else the person types one. */
  async function completeGoogle(api: B2CoreClient, origin: string, email: string, uuid: string): Promise<boolean> {
    const id = await findActiveAccount(deps.session, origin, email);
    if (!id) return askCode('google', origin, email, uuid, t('setup_signin_google_typed'));
    const code = await messenger('accounts/code', { id });
    if (!code.ok) return askCode('google', origin, email, uuid, t('setup_signin_google_no_code', code.error.message), true);
    const done = await api.completeGoogle({ uuid, code: code.value.code });
    if (done.ok) return finish(origin, email, done.value);
    if (done.error.kind === 'invalid_code') return askCode('google', origin, email, uuid, t('setup_signin_google_refused', describeError(done.error, origin)), true);
    step.value = { kind: 'credentials' };
    feedback.fail(describeError(done.error, origin));
    return false;
  }

  async function follow(api: B2CoreClient, origin: string, email: string, outcome: SignInOutcome): Promise<boolean> {
    switch (outcome.kind) {
      case 'signed_in':
        return finish(origin, email, outcome);
      case 'google_code_wanted':
        return completeGoogle(api, origin, email, outcome.uuid);
      case 'sms_code_wanted':
        return askCode('sms', origin, email, outcome.uuid, t('setup_signin_sms_sent'));
      case 'choose_method': {
        // Both methods are on: Google when the vault can answer it by itself, else the SMS.
        const held = outcome.providers.includes('google') && (await findActiveAccount(deps.session, origin, email)) !== null;
        const type = held || !outcome.providers.includes('sms') ? 'google' : 'sms';
        const chosen = await api.chooseMethod({ uuid: outcome.uuid, type });
        if (!chosen.ok) {
          feedback.fail(describeError(chosen.error, origin));
          return false;
        }
        return follow(api, origin, email, chosen.value);
      }
    }
  }

  return {
    step,
    async signIn(origin, rawEmail, password) {
      const email = rawEmail.trim();
      if (!email || !password) {
        feedback.fail(t('setup_signin_missing'));
        return false;
      }
      feedback.begin(t('setup_signing_in', siteHost(origin)));
      const api = keeper.client(origin);
      const wizard = await api.signInWizard();
      if (!wizard.ok) {
        feedback.fail(describeError(wizard.error, origin));
        return false;
      }
      const answer = await api.signIn({ uuid: wizard.value.uuid, email, password, deviceFingerprint: { userAgent: deps.userAgent } });
      if (!answer.ok) {
        feedback.fail(describeError(answer.error, origin));
        return false;
      }
      return follow(api, origin, email, answer.value);
    },
    async submitCode(raw) {
      const current = step.value;
      if (current.kind !== 'code') return false;
      const code = raw.replace(/\s+/g, '');
      if (!/^\d{6,8}$/.test(code)) {
        feedback.fail(t('setup_code_format'));
        return false;
      }
      feedback.begin();
      const api = keeper.client(current.origin);
      const done = current.method === 'sms' ? await api.completeSms({ uuid: current.uuid, code }) : await api.completeGoogle({ uuid: current.uuid, code });
      if (done.ok) return finish(current.origin, current.email, done.value);
      // A wrong code may be typed again; an expired code or sign-in session needs a new start.
      if (done.error.kind !== 'invalid_code' && done.error.kind !== 'rate_limited') step.value = { kind: 'credentials' };
      feedback.fail(describeError(done.error, current.origin));
      return false;
    },
    cancel() {
      step.value = { kind: 'credentials' };
      feedback.clear();
    },
  };
}
