import { t } from '../i18n';
import type { HandlerGroup } from './services';
import { notBuilt } from './not-built';
import { toAccountInfo } from './account-info';

/** Accounts on the settings page: list (no secrets), rename, pin, order, archive/restore, delete, reveal. */
export const accountHandlers: HandlerGroup<'accounts/list' | 'accounts/update' | 'accounts/reorder' | 'accounts/set-status' | 'accounts/delete' | 'accounts/reveal'> = (ctx) => ({
  'accounts/list': notBuilt,
  'accounts/update': notBuilt,
  'accounts/reorder': notBuilt,
  // merged with accounts helper: the guided set-up archives the key of a disabled method through this.
  'accounts/set-status': async ({ id, status }) => {
    const key = await ctx.vaultSession.key();
    if (!key) return { ok: false, error: { kind: 'locked', message: t('setup_worker_locked') } };
    const current = await ctx.vault.get(key, id);
    if (!current.ok) {
      return { ok: false, error: current.error.kind === 'not_found' ? { kind: 'not_found', message: t('setup_worker_not_found') } : { kind: 'storage', message: t('setup_worker_storage') } };
    }
    // A pending key becomes active only when its site confirms it (accounts/activate), never by hand.
    if (status === 'active' && current.value.status === 'pending') return { ok: false, error: { kind: 'invalid_input', message: t('setup_worker_restore_pending') } };
    const at = ctx.now();
    const updated = await ctx.vault.update(key, id, (a) => {
      if (a.status === status) return a;
      if (status === 'archived') return { ...a, status, archivedAt: at };
      const { archivedAt: _restored, ...rest } = a;
      return { ...rest, status };
    });
    if (!updated.ok) return { ok: false, error: { kind: 'storage', message: t('setup_worker_storage') } };
    await ctx.refreshSnapshot();
    return { ok: true, value: { account: toAccountInfo(updated.value) } };
  },
  'accounts/delete': notBuilt,
  'accounts/reveal': notBuilt,
});
