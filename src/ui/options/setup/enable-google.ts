import type { B2CoreError } from '../../../b2core';
import { t } from '../../../i18n';
import type { AccountInfo } from '../../../messaging';
import type { Messenger } from '../../shared/adapters';
import { describeError, type SetupError } from './describe-error';
import type { SessionKeeper } from './session-keeper';

/**
 * Guided enable of Google Authenticator, the seed's "Enable 2FA with Google Authenticator":
 * `GET 2fa/google/enable/wizard` (the key) → the key staged as a pending account (`accounts/stage`)
 * → a code from it (`accounts/code`, at the site's time) → `POST 2fa/wizard {uuid, action:"code",
 * code, key}` → on 202/done the account becomes active (`accounts/activate`).
 *
 * Nothing is left half-saved: any failure discards the staged key — except when the server may have
 * enabled it anyway (no answer after the code was sent: timeout, network, a 5xx, an unreadable 2xx).
 * Then the method's status (`GET 2fa/google`) decides: on → activate; off → discard; unknown → the
 * key stays pending and the person is told so (the key is not lost, and the capture of a later
 * wizard or a retry settles it).
 */
export interface EnableGoogleDeps {
  keeper: SessionKeeper;
  messenger: Messenger;
  origin: string;
  email: string;
}

export type EnableGoogleOutcome =
  | { kind: 'enabled'; account: AccountInfo; message: string }
  /** `error`: the API's refusal, when that is what stopped it. */
  | { kind: 'failed'; message: string; error?: SetupError }
  | { kind: 'kept_pending'; account: AccountInfo; message: string };

/** The answers that leave open whether the server acted on the code. */
const UNCERTAIN: ReadonlySet<B2CoreError['kind'] | 'signed_out'> = new Set(['timeout', 'network', 'server', 'bad_response']);

export async function enableGoogle(deps: EnableGoogleDeps): Promise<EnableGoogleOutcome> {
  const { keeper, messenger, origin, email } = deps;
  const say = (error: SetupError) => describeError(error, origin);

  const wizard = await keeper.authorized((api, token) => api.startEnable(token, 'google'));
  if (!wizard.ok) return { kind: 'failed', message: t('setup_enable_google_not_started', say(wizard.error)), error: wizard.error };

  const staged = await messenger('accounts/stage', { origin, email, secret: wizard.value.data.key, wizardUuid: wizard.value.uuid });
  if (!staged.ok) return { kind: 'failed', message: t('setup_enable_google_not_saved', staged.error.message) };
  const { account } = staged.value;

  async function discard(reason: string): Promise<EnableGoogleOutcome> {
    const discarded = await messenger('accounts/discard', { id: account.id });
    return discarded.ok
      ? { kind: 'failed', message: t('setup_enable_google_failed', reason) }
      : { kind: 'kept_pending', account, message: t('setup_enable_google_discard_failed', reason, discarded.error.message) };
  }

  async function activate(note: string): Promise<EnableGoogleOutcome> {
    const activated = await messenger('accounts/activate', { id: account.id });
    if (!activated.ok) return { kind: 'kept_pending', account, message: t('setup_enable_google_not_activated', activated.error.message) };
    return { kind: 'enabled', account: activated.value.account, message: note };
  }

  const code = await messenger('accounts/code', { id: account.id });
  if (!code.ok) return discard(code.error.message);

  const sent = await keeper.authorized((api, token) => api.submitCode(token, { uuid: wizard.value.uuid, code: code.value.code, key: wizard.value.data.key }));
  if (sent.ok) return activate(t('setup_enable_google_done', email));
  if (!UNCERTAIN.has(sent.error.kind)) return discard(say(sent.error));

  // The code went out and no clear answer came back: ask the site whether the method is on now.
  const status = await keeper.authorized((api, token) => api.twoFactorMethod(token, 'google'));
  if (!status.ok) return { kind: 'kept_pending', account, message: t('setup_enable_google_unknown', say(sent.error)) };
  return status.value.isEnabled ? activate(t('setup_enable_google_done_checked', email)) : discard(say(sent.error));
}
