import { belongsTo, type Identity } from '../capture';
import { t } from '../i18n';
import type { MessageError, Reply } from '../messaging';
import { parseSecret } from '../totp';
import { newAccountId, type Account, type UnlockedKey, type VaultError } from '../vault';
import { toAccountInfo } from './account-info';
import { freshCode } from './fresh-code';
import type { HandlerGroup, WorkerContext } from './services';

/**
 * The guided set-up's vault steps (Settings › Guided set-up runs the enable wizard through the API):
 * stage the wizard's key as a pending account before its code is sent, make it active when the
 * server answers 202/done, discard it when the wizard failed, and hand out codes to send, at the
 * site's server time and never one period's code twice (fresh-code.ts, shared with autofill).
 * The same lifecycle as a key captured on the site (src/capture), driven by the page instead of
 * observed API answers. No reply carries a secret.
 */
const refuse = (kind: MessageError['kind'], message: string) => ({ ok: false as const, error: { kind, message } });

const locked = () => refuse('locked', t('setup_worker_locked'));

function vaultFailure(error: VaultError) {
  switch (error.kind) {
    case 'locked':
      return locked();
    case 'not_found':
      return refuse('not_found', t('setup_worker_not_found'));
    default:
      return refuse('storage', t('setup_worker_storage'));
  }
}

/** The client an account is for: known by email and/or the token's `sub`; none known only matches none known. */
function sameClient(account: Account, who: Identity): boolean {
  if (who.email === undefined && who.clientId === undefined) return account.client.email === undefined && account.client.clientId === undefined;
  return belongsTo(account, who);
}

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
    let staged: Account;
    if (again) {
      // The same key for the same client (a retried wizard): one pending account, named by the latest wizard.
      const updated = await ctx.vault.update(unlocked.key, again.id, (a) => ({ ...a, wizardUuid }));
      if (!updated.ok) return vaultFailure(updated.error);
      staged = updated.value;
    } else {
      const added = await ctx.vault.add(unlocked.key, {
        id: newAccountId(),
        origin,
        client: who,
        label: email || 'B2Core',
        issuer: new URL(origin).host,
        secret: parsed.secret,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        status: 'pending',
        createdAt: ctx.now(),
        wizardUuid,
      });
      if (!added.ok) return vaultFailure(added.error);
      staged = added.value;
    }
    await ctx.refreshSnapshot();
    return { ok: true, value: { account: toAccountInfo(staged) } };
  },

  'accounts/activate': async ({ id }) => {
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const current = await ctx.vault.get(unlocked.key, id);
    if (!current.ok) return vaultFailure(current.error);
    if (current.value.status === 'archived') return refuse('invalid_input', t('setup_worker_activate_archived'));
    const at = ctx.now();
    const activated = await ctx.vault.update(unlocked.key, id, (a) => (a.status === 'pending' ? { ...a, status: 'active', confirmedAt: at } : a));
    if (!activated.ok) return vaultFailure(activated.error);

    // As the capture reducer does on an enable's 202/done: the server now knows only this key for
    // the client, so the client's other keys on this origin (older active ones, abandoned pending
    // ones) are archived — kept, never deleted, but no longer offering codes.
    const listed = await ctx.vault.list(unlocked.key);
    const others = listed.ok
      ? listed.value.accounts.filter((a) => a.id !== id && a.origin === activated.value.origin && a.status !== 'archived' && sameClient(a, activated.value.client))
      : [];
    for (const other of others) {
      await ctx.vault.update(unlocked.key, other.id, (a) => (a.status === 'archived' ? a : { ...a, status: 'archived', archivedAt: at }));
    }
    await ctx.refreshSnapshot();
    return { ok: true, value: { account: toAccountInfo(activated.value) } };
  },

  'accounts/discard': async ({ id }) => {
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const current = await ctx.vault.get(unlocked.key, id);
    if (!current.ok) return current.error.kind === 'not_found' ? { ok: true, value: { discarded: false } } : vaultFailure(current.error);
    // Only a key no server has confirmed may be forgotten this way; anything else is the person's to archive or delete.
    if (current.value.status !== 'pending') return refuse('invalid_input', t('setup_worker_discard_not_pending'));
    const removed = await ctx.vault.remove(unlocked.key, id);
    if (!removed.ok) return removed.error.kind === 'not_found' ? { ok: true, value: { discarded: false } } : vaultFailure(removed.error);
    await ctx.refreshSnapshot();
    return { ok: true, value: { discarded: true } };
  },

  'accounts/code': async ({ id }): Promise<Reply<{ code: string; secondsLeft: number }>> => {
    const unlocked = await unlockedKey(ctx);
    if (!unlocked.ok) return unlocked;
    const account = await ctx.vault.get(unlocked.key, id);
    if (!account.ok) return vaultFailure(account.error);
    if (account.value.status === 'archived') return refuse('invalid_input', t('setup_worker_code_archived'));
    return { ok: true, value: await freshCode(ctx, account.value, await ctx.offsets.offset(account.value.origin)) };
  },
});
