import { t } from '../../i18n';
import type { FillTarget, MessageError } from '../../messaging';
import { originOf } from '../../origin';
import { err, ok, type Result } from '../../result';
import type { HandlerGroup, WorkerContext } from '../context';

/**
 * The person asked to fill a tab (the popup's Fill, the keyboard shortcut, the context menu): a manual
 * grant for the tab's exact, registered origin, then the tab's content script is asked to fill (`at`:
 * the field the person right-clicked, not the one the page's layout suggests). With no account
 * picked, the account the page's request is bound to (a challenge's client), if any.
 */
export async function fillTab(ctx: WorkerContext, tabId: number, accountId?: string, at?: FillTarget): Promise<Result<{ filled: boolean }, MessageError>> {
  if ((await ctx.settings.current()).autofill === 'off') return err({ kind: 'forbidden', message: t('security_fill_off') });
  const origin = originOf(await ctx.tabs.url(tabId));
  if (!origin || !(await ctx.sites.isRegistered(origin))) return err({ kind: 'forbidden', message: t('worker_fill_not_registered') });
  const asking = accountId ? null : await ctx.grants.peek(tabId, origin, ctx.now());
  const account = accountId ?? asking?.accountId;
  await ctx.grants.give(tabId, { origin, reason: 'manual', ...(account ? { accountId: account } : {}) }, ctx.now());
  return ok({ filled: await ctx.tabs.askFill(tabId, 'manual', at) });
}

/** The popup: Fill, and what is asking in this tab (origin, business process, account) before the person fills. */
export const fillHandlers: HandlerGroup<'fill/tab' | 'fill/asking'> = (ctx) => ({
  'fill/tab': ({ tabId, accountId }) => fillTab(ctx, tabId, accountId),
  'fill/asking': async ({ tabId }) => {
    const grant = await ctx.grants.ofTab(tabId, ctx.now());
    if (!grant || grant.reason === 'manual') return ok({ asking: null });
    const key = grant.accountId ? await ctx.vaultSession.key() : null;
    const account = key && grant.accountId ? await ctx.vault.get(key, grant.accountId) : null;
    const label = account?.ok ? account.value.label : undefined;
    return ok({
      asking: {
        origin: grant.origin,
        reason: grant.reason,
        ...(grant.process ? { process: grant.process } : {}),
        ...(grant.accountId ? { accountId: grant.accountId } : {}),
        ...(label ? { label } : {}),
      },
    });
  },
});
