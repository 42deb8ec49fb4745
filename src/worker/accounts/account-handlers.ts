import { t } from '../../i18n';
import type { MessageError, Reply } from '../../messaging';
import { otpauthUriOf, type Account, type UnlockedKey } from '../../vault';
import { toAccountInfo } from './account-info';
import { compareAccounts } from '../../storage/accounts-snapshot';
import { confirmPassphrase } from '../vault/passphrase-check';
import type { HandlerGroup, WorkerContext } from '../context';
import { invalidInput, lockedFailure, vaultFailure } from '../vault/vault-failure';
import { ok } from '../../result';

type Answer<T> = Promise<{ ok: true; value: T } | { ok: false; error: MessageError }>;

/** Runs `work` with the unlocked vault key, or answers `locked` (a protected vault the person has not unlocked). */
export async function withVaultKey<T>(ctx: WorkerContext, work: (key: UnlockedKey) => Answer<T>): Answer<T> {
  const key = await ctx.vaultSession.key();
  return key ? work(key) : lockedFailure();
}

const done = <T>(value: T): Reply<T> => ok(value);

/** A restored account is active again: it loses the archive date it had. */
function restored(a: Account): Account {
  const { archivedAt: _archivedAt, ...rest } = a;
  return { ...rest, status: 'active' };
}

/**
 * Accounts on the settings page: list (no secrets), rename, pin, order, archive/restore, delete, and
 * reveal (the one answer that carries a key, behind the passphrase when one is set). Every change
 * republishes the popup's snapshot.
 */
export const accountHandlers: HandlerGroup<'accounts/list' | 'accounts/update' | 'accounts/reorder' | 'accounts/set-status' | 'accounts/delete' | 'accounts/reveal'> = (ctx) => ({
  'accounts/list': () =>
    withVaultKey(ctx, async (key) => {
      const listed = await ctx.vault.list(key);
      if (!listed.ok) return vaultFailure(listed.error);
      return done({ accounts: [...listed.value.accounts].sort(compareAccounts).map(toAccountInfo), problems: listed.value.problems.length });
    }),

  'accounts/update': ({ id, label, pinned }) =>
    withVaultKey(ctx, async (key) => {
      const updated = await ctx.vault.update(key, id, (a) => ({ ...a, ...(label !== undefined ? { label } : {}), ...(pinned !== undefined ? { pinned } : {}) }));
      if (!updated.ok) return vaultFailure(updated.error);
      await ctx.refreshSnapshot();
      return done({ account: toAccountInfo(updated.value) });
    }),

  // The named ids take places 0, 1, 2…; every other account follows in its current display order.
  'accounts/reorder': ({ ids }) =>
    withVaultKey(ctx, async (key) => {
      const listed = await ctx.vault.list(key);
      if (!listed.ok) return vaultFailure(listed.error);
      const byId = new Map(listed.value.accounts.map((a) => [a.id, a]));
      const named = [...new Set(ids)].filter((id) => byId.has(id));
      const placed = new Set(named);
      const rest = [...listed.value.accounts].sort(compareAccounts).filter((a) => !placed.has(a.id));
      const next = [...named.map((id) => byId.get(id)!), ...rest];
      for (const [index, account] of next.entries()) {
        if (account.order === index) continue;
        const moved = await ctx.vault.update(key, account.id, (a) => ({ ...a, order: index }));
        // Deleted meanwhile: nothing to place.
        if (!moved.ok && moved.error.kind !== 'not_found') return vaultFailure(moved.error);
      }
      await ctx.refreshSnapshot();
      return done({ count: named.length });
    }),

  // A pending key was never confirmed by its site: making it active (or archiving it, from where a
  // restore would make it active) would offer codes the site does not accept. It is finished on the
  // site, or deleted.
  'accounts/set-status': ({ id, status }) =>
    withVaultKey(ctx, async (key) => {
      const current = await ctx.vault.get(key, id);
      if (!current.ok) return vaultFailure(current.error);
      if (current.value.status === 'pending') return invalidInput(t('accounts_error_pending_status'));
      if (current.value.status === status) return done({ account: toAccountInfo(current.value) });
      const updated = await ctx.vault.update(key, id, (a) => {
        if (a.status === 'pending' || a.status === status) return a;
        return status === 'archived' ? { ...a, status: 'archived', archivedAt: ctx.now() } : restored(a);
      });
      if (!updated.ok) return vaultFailure(updated.error);
      await ctx.refreshSnapshot();
      return done({ account: toAccountInfo(updated.value) });
    }),

  'accounts/delete': ({ id }) =>
    withVaultKey<{ deleted: boolean }>(ctx, async (key) => {
      const removed = await ctx.vault.remove(key, id);
      if (!removed.ok) return removed.error.kind === 'not_found' ? done({ deleted: false }) : vaultFailure(removed.error);
      await ctx.refreshSnapshot();
      return done({ deleted: true });
    }),

  'accounts/reveal': ({ id, passphrase }) =>
    withVaultKey(ctx, async (key) => {
      const confirmed = await confirmPassphrase(ctx.vault, passphrase);
      if (!confirmed.ok) return confirmed;
      const account = await ctx.vault.get(key, id);
      if (!account.ok) return vaultFailure(account.error);
      try {
        return done({ uri: otpauthUriOf(account.value) });
      } catch {
        return invalidInput(t('accounts_error_reveal_format'));
      }
    }),
});
