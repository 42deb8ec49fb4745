import { selectAccount, type CaptureState } from '../capture';
import { freshCode } from './fresh-code';
import type { FillReason } from './grants';
import type { Settings } from '../messaging';
import type { ServiceDeps } from './services';
import { SESSION } from './storage-keys';

/**
 * "A code for this field": answered only under the tab's live grant for its exact origin, from the
 * account the grant names (or the one that fits the signed-in client). The code itself follows
 * `freshCode` (fresh-code.ts), the rule shared with the settings page's codes: the server's time, a
 * wait when under 3 s are left or when this account's code of this period was used already (B2Core
 * accepts a code only once, RFC 6238 §5.2 — signing out and in within 30 s would otherwise fail).
 */
export interface CodeDeps extends ServiceDeps {
  sleep(ms: number): Promise<void>;
  /** The autofill settings in force (automatic fills without submitting when absent). */
  fillSettings?(): Promise<Pick<Settings, 'autofill' | 'autoSubmit'>>;
}

/** `submit`: the content script submits the field's own form once the whole code is in. */
export type CodeAnswer = { code: string; secondsLeft: number; submit: boolean } | { code: null; why: 'locked' | 'no_account' | 'ambiguous' | 'not_wanted' };

/** What each autofill mode lets through: 'manual' only the person's Fill or shortcut, 'off' nothing. */
export function modeAllows(mode: Settings['autofill'], reason: FillReason): boolean {
  return mode === 'auto' || (mode === 'manual' && reason === 'manual');
}

/**
 * Auto-submit, when the person turned it on: never in the enable wizard, whose page shows the new
 * key so that the person can also add it to a phone before confirming.
 */
export const submitsAfter = (reason: FillReason) => reason !== 'enable_wizard';

export { MIN_SECONDS_LEFT } from './fresh-code';

export function createCodeService(deps: CodeDeps) {
  return async function codeFor(from: { origin: string; tabId: number }, _reason: FillReason | undefined): Promise<CodeAnswer> {
    const grant = await deps.grants.take(from.tabId, from.origin, deps.now());
    if (!grant) return { code: null, why: 'not_wanted' };
    // A grant given before the setting changed is still subject to it.
    const settings = deps.fillSettings ? await deps.fillSettings() : { autofill: 'auto' as const, autoSubmit: false };
    if (!modeAllows(settings.autofill, grant.reason)) return { code: null, why: 'not_wanted' };
    const key = await deps.vaultSession.key();
    if (!key) return { code: null, why: 'locked' };
    // The grant usually names its account: one record to decrypt, not the whole vault.
    const named = grant.accountId ? await deps.vault.get(key, grant.accountId) : null;
    let account =
      named?.ok && named.value.origin === from.origin && (named.value.status === 'active' || (named.value.status === 'pending' && grant.reason === 'enable_wizard'))
        ? named.value
        : undefined;
    if (!account) {
      const listed = await deps.vault.list(key);
      const accounts = listed.ok ? listed.value.accounts : [];
      const capture = (await deps.session.get<CaptureState>(SESSION.capture))?.origins[from.origin] ?? {};
      const pick = selectAccount(accounts, from.origin, { ...(capture.email ? { email: capture.email } : {}), ...(capture.clientId ? { clientId: capture.clientId } : {}) });
      if (pick.kind !== 'one') return { code: null, why: pick.kind === 'many' ? 'ambiguous' : 'no_account' };
      account = pick.account;
    }
    const fresh = await freshCode(deps, account, await deps.offsets.offset(from.origin));
    return { ...fresh, submit: settings.autoSubmit && submitsAfter(grant.reason) };
  };
}
