import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { TwoFactorMethod, TwoFactorType } from '../../../b2core';
import { t } from '../../../i18n';
import type { Messenger, ReadableArea } from '../../shared/adapters';
import type { ApiSession } from './api-session';
import { describeError, type SetupError } from './describe-error';
import { enableGoogle } from './enable-google';
import type { Feedback } from './feedback';
import type { SessionKeeper } from './session-keeper';
import { findActiveAccount } from './vault-lookup';

/**
 * The signed-in client's 2FA: status (`GET 2fa`, then `GET 2fa/{type}` after each change) and the
 * seed's wizards: enable Google (enable-google.ts), enable SMS (phone, then the texted code), and
 * disable either (`GET 2fa/{type}/disable/wizard` → `POST 2fa/wizard` with a code: from the vault
 * for Google when it holds the key, typed otherwise). A disabled Google key is archived, never
 * deleted (`accounts/set-status`).
 */
export type Flow =
  | { kind: 'none' }
  | { kind: 'sms_phone'; uuid: string }
  | { kind: 'sms_code'; uuid: string; purpose: 'enable' | 'disable' }
  /** Disabling Google with a code typed from another authenticator (the vault has no key for it). */
  | { kind: 'google_code'; uuid: string };

export interface TwoFactorStoreDeps {
  keeper: SessionKeeper;
  messenger: Messenger;
  session: ReadableArea;
  feedback: Feedback;
}

export interface TwoFactorStore {
  /** null until loaded (or when it could not be read). */
  methods: ReadonlySignal<TwoFactorMethod[] | null>;
  flow: ReadonlySignal<Flow>;
  load(): Promise<void>;
  enableGoogle(): Promise<boolean>;
  enableSms(): Promise<boolean>;
  submitPhone(phone: string): Promise<boolean>;
  disable(type: TwoFactorType): Promise<boolean>;
  submitCode(code: string): Promise<boolean>;
  cancel(): void;
  reset(): void;
}

const PHONE = /^\+?[0-9][0-9 ()-]{5,30}$/;

export function createTwoFactorStore(deps: TwoFactorStoreDeps): TwoFactorStore {
  const { keeper, messenger, feedback } = deps;
  const methods = signal<TwoFactorMethod[] | null>(null);
  const flow = signal<Flow>({ kind: 'none' });

  const signedIn = (): ApiSession | null => keeper.current.peek() ?? null;

  /** Updates one method from `GET 2fa/{type}` after a change, and tells the history. */
  async function changed(type: TwoFactorType) {
    keeper.changed();
    const one = await keeper.authorized((api, token) => api.twoFactorMethod(token, type));
    if (!one.ok) return load();
    const list = methods.peek();
    methods.value = list?.some((m) => m.name === type) ? list.map((m) => (m.name === type ? one.value : m)) : [...(list ?? []), one.value];
  }

  async function load() {
    const status = await keeper.authorized((api, token) => api.twoFactorStatus(token));
    if (status.ok) {
      methods.value = status.value.data;
      return;
    }
    methods.value = null;
    const session = signedIn();
    feedback.fail(t('setup_status_failed', describeError(status.error, session?.origin ?? '')));
  }

  /** After a 409 (already on / already off) the shown status was stale: read it again, keeping the message. */
  async function recheck(error: SetupError) {
    if (error.kind !== 'conflict') return;
    const status = await keeper.authorized((api, token) => api.twoFactorStatus(token));
    if (status.ok) methods.value = status.value.data;
  }

  function finished(message: string) {
    batch(() => {
      flow.value = { kind: 'none' };
      feedback.succeed(message);
    });
    return true;
  }

  function failed(message: string, keepFlow = false) {
    batch(() => {
      if (!keepFlow) flow.value = { kind: 'none' };
      feedback.fail(message);
    });
    return false;
  }

  /** Google off: archive the key the vault holds for this client (kept, no codes offered). */
  async function archiveGoogle(session: ApiSession, id: string | null): Promise<string> {
    const found = id ?? (await findActiveAccount(deps.session, session.origin, session.email));
    if (!found) return t('setup_disabled_google');
    const archived = await messenger('accounts/set-status', { id: found, status: 'archived' });
    return archived.ok ? t('setup_disabled_google_archived') : t('setup_disabled_google_not_archived', archived.error.message);
  }

  return {
    methods,
    flow,
    load,
    async enableGoogle() {
      const session = signedIn();
      if (!session) return failed(t('setup_err_no_session'));
      feedback.begin(t('setup_enabling_google'));
      const outcome = await enableGoogle({ keeper, messenger, origin: session.origin, email: session.email });
      if (outcome.kind !== 'failed') await changed('google');
      else if (outcome.error) await recheck(outcome.error);
      return outcome.kind === 'enabled' ? finished(outcome.message) : failed(outcome.message);
    },
    async enableSms() {
      const session = signedIn();
      if (!session) return failed(t('setup_err_no_session'));
      feedback.begin();
      const wizard = await keeper.authorized((api, token) => api.startEnable(token, 'sms'));
      if (!wizard.ok) {
        await recheck(wizard.error);
        return failed(describeError(wizard.error, session.origin));
      }
      flow.value = { kind: 'sms_phone', uuid: wizard.value.uuid };
      feedback.succeed(t('setup_sms_phone_wanted'));
      return true;
    },
    async submitPhone(raw) {
      const session = signedIn();
      const current = flow.peek();
      if (!session || current.kind !== 'sms_phone') return false;
      if (!PHONE.test(raw.trim())) return failed(t('setup_sms_phone_format'), true);
      // People group digits; the API wants them plain (`+79994445561`).
      const phone = raw.replace(/[\s()-]/g, '');
      feedback.begin();
      const sent = await keeper.authorized((api, token) => api.submitPhone(token, { uuid: current.uuid, phone }));
      if (!sent.ok) return failed(describeError(sent.error, session.origin), sent.error.kind === 'validation');
      flow.value = { kind: 'sms_code', uuid: current.uuid, purpose: 'enable' };
      feedback.succeed(t('setup_sms_code_sent', phone));
      return true;
    },
    async disable(type) {
      const session = signedIn();
      if (!session) return failed(t('setup_err_no_session'));
      feedback.begin(type === 'google' ? t('setup_disabling_google') : undefined);
      const wizard = await keeper.authorized((api, token) => api.startDisable(token, type));
      if (!wizard.ok) {
        await recheck(wizard.error);
        return failed(describeError(wizard.error, session.origin));
      }
      const uuid = wizard.value.uuid;
      if (type === 'sms') {
        flow.value = { kind: 'sms_code', uuid, purpose: 'disable' };
        feedback.succeed(t('setup_sms_disable_sent'));
        return true;
      }
      const id = await findActiveAccount(deps.session, session.origin, session.email);
      if (!id) {
        flow.value = { kind: 'google_code', uuid };
        feedback.succeed(t('setup_google_disable_typed'));
        return true;
      }
      const code = await messenger('accounts/code', { id });
      if (!code.ok) {
        flow.value = { kind: 'google_code', uuid };
        return failed(t('setup_google_disable_no_code', code.error.message), true);
      }
      const done = await keeper.authorized((api, token) => api.submitCode(token, { uuid, code: code.value.code }));
      if (!done.ok) return failed(describeError(done.error, session.origin));
      const message = await archiveGoogle(session, id);
      await changed('google');
      return finished(message);
    },
    async submitCode(raw) {
      const session = signedIn();
      const current = flow.peek();
      if (!session || (current.kind !== 'sms_code' && current.kind !== 'google_code')) return false;
      const code = raw.replace(/\s+/g, '');
      if (!/^\d{6,8}$/.test(code)) return failed(t('setup_code_format'), true);
      feedback.begin();
      const done = await keeper.authorized((api, token) => api.submitCode(token, { uuid: current.uuid, code }));
      // A wrong code may be typed again in the same wizard; anything else ends it.
      if (!done.ok) return failed(describeError(done.error, session.origin), done.error.kind === 'invalid_code');
      if (current.kind === 'google_code') {
        const message = await archiveGoogle(session, null);
        await changed('google');
        return finished(message);
      }
      await changed('sms');
      return finished(current.purpose === 'enable' ? t('setup_enabled_sms') : t('setup_disabled_sms'));
    },
    cancel() {
      batch(() => {
        flow.value = { kind: 'none' };
        feedback.clear();
      });
    },
    reset() {
      batch(() => {
        flow.value = { kind: 'none' };
        methods.value = null;
      });
    },
  };
}
