import type { HandlerGroup } from './services';
import { notBuilt } from './not-built';

/** Accounts on the settings page: list (no secrets), rename, pin, order, archive/restore, delete, reveal. */
export const accountHandlers: HandlerGroup<'accounts/list' | 'accounts/update' | 'accounts/reorder' | 'accounts/set-status' | 'accounts/delete' | 'accounts/reveal'> = () => ({
  'accounts/list': notBuilt,
  'accounts/update': notBuilt,
  'accounts/reorder': notBuilt,
  'accounts/set-status': notBuilt,
  'accounts/delete': notBuilt,
  'accounts/reveal': notBuilt,
});
