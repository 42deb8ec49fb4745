import { activation, applyEffects, sameClient, stagedAccount, type Identity } from '../../capture';
import { t } from '../../i18n';
import type { Reply } from '../../messaging';
import { parseSecret } from '../../totp';
import { newAccountId, type UnlockedKey, type VaultError } from '../../vault';
import { toAccountInfo } from '../accounts/account-info';
import { freshCode } from '../fill/fresh-code';
import type { HandlerGroup, WorkerContext } from '../context';
import { ok } from '../../result';
import { refuse } from '../../messaging/refuse';
import { vaultFailure as failure, type FailureWords } from '../vault/vault-failure';

/**
 * The guided set-up's vault steps (Settings › Guided set-up runs the enable wizard through the API):
 * stage the wizard's key as a pending account before its code is sent, make it active when the
 * server answers 202/done, discard it when the wizard failed, and hand out codes to send, at the
 * site's server time and never one period's code twice (fresh-code.ts, shared with autofill).
 * The same lifecycle as a key captured on the site (src/capture/lifecycle.ts: stage, activate on the
 * server's acceptance, older keys kept beside until the new one proves itself), driven by the page
 * instead of observed API answers. No reply carries a secret.
 */

const locked = () => refuse('locked', t('setup_worker_locked'));

/** The guided set-up's own words; whatever else fails is a storage problem here. */
const setupStorage = () => ({ kind: 'storage' as const, message: t('setup_worker_storage') });
const SETUP_WORDS: FailureWords = {
  locked: () => ({ kind: 'locked', message: t('setup_worker_locked') }),
  not_found: () => ({ kind: 'not_found', message: t('setup_worker_not_found') }),
  wrong_passphrase: setupStorage,
  weak_passphrase: setupStorage,
  invalid_account: setupStorage,
  tampered: setupStorage,
  corrupt: setupStorage,
  conflict: setupStorage,
  storage: setupStorage,
};
const vaultFailure = (error: VaultError) => failure(error, SETUP_WORDS);

/** The vault key, or the refusal to answer with while the vault is locked. */
async function unlockedKey(ctx: WorkerContext): Promise<{ ok: true; key: UnlockedKey } | ReturnType<typeof locked>> {
  const key = await ctx.vaultSession.key();
  return key ? { ok: true, key } : locked();
}

export const setupHandlers: HandlerGroup<'accounts/stage' | 'accounts/activate' | 'accounts/discard' | 'accounts/code'> = (ctx) => ({
  'accounts/stage': async ({ origin, email, clientId, secret, wizardUuid }) => {
    const parsed = parseSecret(secret);
    if (!parsed.ok) return refuse('invalid_input', t('setup_worker_bad_key'));
    if (!(await ctx.sites.isRegistered(origin))) return refuse('forbidden', t('setup_worker_not_registered', origin));
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const listed = await ctx.vault.list(unlocked.key);
    if (!listed.ok) return vaultFailure(listed.error);

    const who: Identity = { ...(email ? { email } : {}), ...(clientId ? { clientId } : {}) };
    const again = listed.value.accounts.find((a) => a.origin === origin && a.status === 'pending' && a.secret === parsed.secret && sameClient(a, who));
    let staged;
    if (again) {
      // The same key for the same client (a retried wizard): one pending account, named by the latest wizard.
      const updated = await ctx.vault.update(unlocked.key, again.id, (a) => ({ ...a, wizardUuid }));
      if (!updated.ok) return vaultFailure(updated.error);
      staged = updated.value;
    } else {
      const added = await ctx.vault.add(unlocked.key, stagedAccount({ id: newAccountId(), origin, client: who, secret: parsed.secret, wizardUuid, now: ctx.now() }));
      if (!added.ok) return vaultFailure(added.error);
      staged = added.value;
    }
    await ctx.refreshSnapshot();
    return ok({ account: toAccountInfo(staged) });
  },

  'accounts/activate': async ({ id }) => {
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const current = await ctx.vault.get(unlocked.key, id);
    if (!current.ok) return vaultFailure(current.error);
    if (current.value.status === 'archived') return refuse('invalid_input', t('setup_worker_activate_archived'));
    // The server answered done to a code of this key (the page checked): active. The client's older
    // keys stay beside it, as with a captured key, until the new one has produced an accepted code.
    const { failed } = await applyEffects(ctx.vault, unlocked.key, activation(current.value, ctx.now()));
    if (failed[0]) return vaultFailure(failed[0].error);
    const activated = await ctx.vault.get(unlocked.key, id);
    if (!activated.ok) return vaultFailure(activated.error);
    await ctx.refreshSnapshot();
    return ok({ account: toAccountInfo(activated.value) });
  },

  'accounts/discard': async ({ id }) => {
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const current = await ctx.vault.get(unlocked.key, id);
    if (!current.ok) return current.error.kind === 'not_found' ? ok({ discarded: false }) : vaultFailure(current.error);
    // Only a key no server has confirmed may be forgotten this way; anything else is the person's to archive or delete.
    if (current.value.status !== 'pending') return refuse('invalid_input', t('setup_worker_discard_not_pending'));
    const removed = await ctx.vault.remove(unlocked.key, id);
    if (!removed.ok) return removed.error.kind === 'not_found' ? ok({ discarded: false }) : vaultFailure(removed.error);
    await ctx.refreshSnapshot();
    return ok({ discarded: true });
  },

  'accounts/code': async ({ id }): Promise<Reply<{ code: string; secondsLeft: number }>> => {
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const account = await ctx.vault.get(unlocked.key, id);
    if (!account.ok) return vaultFailure(account.error);
    if (account.value.status === 'archived') return refuse('invalid_input', t('setup_worker_code_archived'));
    return ok(await freshCode(ctx, account.value, await ctx.offsets.offset(account.value.origin)));
  },
});
