import { selectAccount, type CaptureState } from '../capture';
import { generateCode, secondsLeft } from '../totp';
import type { FillReason } from './grants';
import type { ServiceDeps } from './services';
import { SESSION } from './storage-keys';

/**
 * "A code for this field": answered only under the tab's live grant for its exact origin, from the
 * account the grant names (or the one that fits the signed-in client), at the server's time. It
 * waits for the next code when under 3 s are left in the period (so the code does not expire in the
 * form) and when this account's code of this period was filled already (B2Core accepts a code only
 * once, RFC 6238 §5.2 — signing out and in within 30 s would otherwise fail).
 */
export interface CodeDeps extends ServiceDeps {
  sleep(ms: number): Promise<void>;
}

export type CodeAnswer = { code: string; secondsLeft: number } | { code: null; why: 'locked' | 'no_account' | 'ambiguous' | 'not_wanted' };

export const MIN_SECONDS_LEFT = 3;

export function createCodeService(deps: CodeDeps) {
  // The used steps of all accounts are one session entry: updates one at a time (two tabs filling
  // at once must not lose each other's step, or a code could be filled twice).
  let chain: Promise<unknown> = Promise.resolve();
  const markUsed = (accountId: string, step: number) => {
    const run = chain.then(async () => {
      const used = (await deps.session.get<Record<string, number>>(SESSION.usedSteps)) ?? {};
      await deps.session.set(SESSION.usedSteps, { ...used, [accountId]: Math.max(step, used[accountId] ?? -1) });
    });
    chain = run.catch(() => undefined);
    return run;
  };
  return async function codeFor(from: { origin: string; tabId: number }, _reason: FillReason | undefined): Promise<CodeAnswer> {
    const grant = await deps.grants.take(from.tabId, from.origin, deps.now());
    if (!grant) return { code: null, why: 'not_wanted' };
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
    const offset = await deps.offsets.offset(from.origin);
    const period = account.period;
    const serverSeconds = () => (deps.now() + offset) / 1000;
    const used = (await deps.session.get<Record<string, number>>(SESSION.usedSteps)) ?? {};
    const lastStep = used[account.id] ?? -1;
    let at = serverSeconds();
    if (Math.floor(at / period) <= lastStep || secondsLeft(at, period) < MIN_SECONDS_LEFT) {
      const nextStep = Math.max(Math.floor(at / period) + (secondsLeft(at, period) < MIN_SECONDS_LEFT ? 1 : 0), lastStep + 1);
      await deps.sleep(Math.max(0, nextStep * period - at) * 1000 + 100);
      at = serverSeconds();
    }
    const left = secondsLeft(at, period);
    const code = await generateCode(account.secret, { epochSeconds: at, algorithm: account.algorithm, digits: account.digits, period });
    await markUsed(account.id, Math.floor(at / period));
    return { code, secondsLeft: left };
  };
}
