import { err, ok } from '../../result';
import type { HandlerGroup } from '../context';
import { SESSION_ENTRIES, read } from '../../storage';

/**
 * The vault's lock, for the popup and the settings page: its state (with how many exchanges the
 * locked queue had to refuse, shown until unlock), unlock — which then handles the exchanges queued
 * while locked and rebuilds the popup's snapshot — and lock.
 */
export const vaultHandlers: HandlerGroup<'vault/state' | 'vault/unlock' | 'vault/lock'> = (ctx) => ({
  'vault/state': async () => {
    const dropped = (await read(ctx.session, SESSION_ENTRIES.queueOverflow))?.count;
    return ok({ ...(await ctx.vaultSession.state()), ...(dropped ? { dropped } : {}) });
  },
  'vault/unlock': async ({ passphrase }) => {
    const unlocked = await ctx.vaultSession.unlock(passphrase);
    if (!unlocked.ok) return err({ kind: unlocked.error.kind === 'wrong_passphrase' ? 'invalid_input' : 'locked', message: unlocked.error.message });
    await ctx.replayQueued();
    await ctx.refreshSnapshot();
    return ok({ unlocked: true as const });
  },
  'vault/lock': async () => {
    await ctx.vaultSession.lock();
    return ok({ locked: true as const });
  },
});
