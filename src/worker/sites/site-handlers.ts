import { t } from '../../i18n';
import { err, ok } from '../../result';
import type { HandlerGroup } from '../context';

/** Settings › Sites and the popup's "Use on this site": list, register, and remove (never a site the policy enforces). */
export const siteHandlers: HandlerGroup<'sites/list' | 'sites/add' | 'sites/remove'> = (ctx) => ({
  'sites/list': async () => ok({ sites: await ctx.sites.list() }),
  'sites/add': async ({ site }) => {
    const added = await ctx.sites.add(site);
    return added.ok ? ok({ origin: added.value }) : err({ kind: added.error.kind, message: added.error.message });
  },
  'sites/remove': async ({ origin }) => {
    if ((await ctx.sites.enforced()).includes(origin)) return err({ kind: 'forbidden', message: t('security_site_enforced', origin) });
    return ok({ removed: await ctx.sites.remove(origin) });
  },
});
