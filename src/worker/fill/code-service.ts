import { onlyAccount, unboundAccount } from '../../capture';
import type { Settings } from '../../messaging';
import type { Account } from '../../vault';
import type { AutoFillBudget } from './auto-fill-budget';
import { freshCode } from './fresh-code';
import type { FillGrant, FillReason } from './grants';
import type { ServiceDeps } from '../context';

/**
 * "A code for this field", under the fill policy (README, "When codes are filled"):
 * - only under the tab's live grant for its exact origin, from the account the grant is bound to;
 * - *enable wizard*: automatic, with the pending key (no existing secret is at stake);
 * - *sign-in*: automatic only for the account of the email in the real `POST signin`, and only when
 *   the person used the tab (a trusted input event) within {@link RECENT_INPUT_MS}, and at most a
 *   few times per origin ({@link AutoFillBudget}); otherwise on the person's gesture;
 * - *challenges and disable wizards*: only on the person's gesture (a trusted click or key press on
 *   the field, the popup's Fill, the shortcut), never on the page's word alone;
 * - a grant with no account bound: nothing automatic; the person picks the account in the popup.
 * A refusal for want of a gesture leaves the grant in place, so the gesture can still use it.
 * The code itself follows `freshCode` (server time, ≥ 3 s left, never one period twice).
 */
export const RECENT_INPUT_MS = 60_000;

export interface CodeDeps extends ServiceDeps {
  sleep(ms: number): Promise<void>;
  budget: AutoFillBudget;
  /** The autofill settings in force (automatic fills without submitting when absent). */
  fillSettings?(): Promise<Pick<Settings, 'autofill' | 'autoSubmit'>>;
}

/** What the content script tells of the person: a trusted gesture on the field, or how long ago they last used the tab. */
export interface CodeRequest {
  reason?: FillReason | undefined;
  gesture?: boolean | undefined;
  inputAgoMs?: number | undefined;
}

/** `submit`: the content script submits the field's own form once the whole code is in. */
export type CodeAnswer =
  | { code: string; secondsLeft: number; submit: boolean }
  | { code: null; why: 'locked' | 'no_account' | 'ambiguous' | 'not_wanted' | 'needs_gesture' };

/** What each autofill mode lets through: 'manual' only the person's Fill or shortcut, 'off' nothing. */
export function modeAllows(mode: Settings['autofill'], reason: FillReason): boolean {
  return mode === 'auto' || (mode === 'manual' && reason === 'manual');
}

/**
 * Auto-submit, when the person turned it on: never in the enable wizard, whose page shows the new
 * key so that the person can also add it to a phone before confirming.
 */
export const submitsAfter = (reason: FillReason) => reason !== 'enable_wizard';

/** Whether a grant may release a code with no gesture of the person's (before the per-origin budget). */
export function releasesWithoutGesture(grant: Pick<FillGrant, 'reason'>, request: CodeRequest): boolean {
  if (grant.reason === 'manual' || grant.reason === 'enable_wizard') return true;
  return grant.reason === 'signin' && request.inputAgoMs !== undefined && request.inputAgoMs >= 0 && request.inputAgoMs <= RECENT_INPUT_MS;
}

export { MIN_SECONDS_LEFT } from './fresh-code';

export function createCodeService(deps: CodeDeps) {
  async function accountFor(grant: FillGrant, origin: string, gesture: boolean): Promise<Account | CodeAnswer> {
    const key = await deps.vaultSession.key();
    if (!key) return { code: null, why: 'locked' };
    if (grant.accountId) {
      const named = await deps.vault.get(key, grant.accountId);
      const usable = named.ok && named.value.origin === origin && (named.value.status === 'active' || (named.value.status === 'pending' && grant.reason === 'enable_wizard'));
      return usable ? named.value : { code: null, why: 'no_account' };
    }
    // No account bound: nothing automatic. The person's Fill may use the origin's one account, and
    // their gesture on the field the one account not yet bound on that side; a page never guesses.
    if (grant.reason !== 'manual' && !gesture) return { code: null, why: 'no_account' };
    const listed = await deps.vault.list(key);
    const accounts = listed.ok ? listed.value.accounts : [];
    const pick = grant.reason === 'manual' ? onlyAccount(accounts, origin) : unboundAccount(accounts, origin, grant.reason === 'signin' ? 'email' : 'clientId', grant.email);
    return pick.kind === 'one' ? pick.account : { code: null, why: grant.reason === 'manual' ? 'ambiguous' : 'no_account' };
  }

  return async function codeFor(from: { origin: string; tabId: number }, request: CodeRequest): Promise<CodeAnswer> {
    const now = deps.now();
    const grant = await deps.grants.peek(from.tabId, from.origin, now);
    if (!grant) return { code: null, why: 'not_wanted' };
    // A grant given before the setting changed is still subject to it.
    const settings = deps.fillSettings ? await deps.fillSettings() : { autofill: 'auto' as const, autoSubmit: false };
    if (!modeAllows(settings.autofill, grant.reason)) return { code: null, why: 'not_wanted' };
    const gesture = request.gesture === true;
    const automatic = !gesture && grant.reason !== 'manual';
    if (!gesture && !releasesWithoutGesture(grant, request)) return { code: null, why: 'needs_gesture' };
    if (automatic && grant.reason === 'signin' && !(await deps.budget.allows(from.origin, now))) return { code: null, why: 'needs_gesture' };
    const account = await accountFor(grant, from.origin, gesture);
    if (!('id' in account)) return account;
    // Spent now: one grant, one code. Another request in between found it gone.
    if (!(await deps.grants.take(from.tabId, from.origin, now))) return { code: null, why: 'not_wanted' };
    if (automatic && grant.reason === 'signin') await deps.budget.spend(from.origin, now);
    const fresh = await freshCode(deps, account, await deps.offsets.offset(from.origin));
    return { ...fresh, submit: settings.autoSubmit && submitsAfter(grant.reason) };
  };
}
