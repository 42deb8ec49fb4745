import { t } from '../i18n';
import type { ClockOffsetView } from '../messaging';
import type { HandlerGroup } from './services';
import type { StoredOffset } from './clock-offsets';

/**
 * The settings page's view of each site's server clock (RFC 6238 §6: the verifier's clock counts),
 * and "Check clock": one request to the site, its `Date` header read between send and receipt.
 */
export const CHECK_TIMEOUT_MS = 10_000;

const view = (origin: string, e: StoredOffset | undefined): ClockOffsetView => ({
  origin,
  offsetMs: e?.offsetMs ?? 0,
  uncertaintyMs: e ? Math.ceil((e.maxMs - e.minMs) / 2) : null,
  checkedAt: e?.checkedAt ?? null,
});

const notRegistered = () => ({ ok: false as const, error: { kind: 'forbidden' as const, message: t('worker_site_not_registered') } });

export const clockHandlers: HandlerGroup<'clock/list' | 'clock/check' | 'clock/observe'> = (ctx) => ({
  'clock/list': async () => {
    const [sites, estimates] = await Promise.all([ctx.sites.list(), ctx.offsets.estimates()]);
    return { ok: true, value: { offsets: sites.map((origin) => view(origin, estimates[origin])) } };
  },
  'clock/check': async ({ origin }) => {
    if (!(await ctx.sites.isRegistered(origin))) return notRegistered();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
    const sentAt = ctx.now();
    try {
      const answer = await ctx.fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', signal: controller.signal });
      const measured = await ctx.offsets.observe(origin, answer.headers.get('date') ?? undefined, ctx.now(), sentAt);
      if (!measured) return { ok: false, error: { kind: 'invalid_input', message: t('worker_clock_no_date', origin) } };
    } catch {
      return { ok: false, error: { kind: 'internal', message: t('worker_clock_no_answer', origin) } };
    } finally {
      clearTimeout(timer);
    }
    await ctx.refreshSnapshot();
    return { ok: true, value: view(origin, (await ctx.offsets.estimates())[origin]) };
  },
  'clock/observe': async ({ origin, date, receivedAt }) => {
    if (!(await ctx.sites.isRegistered(origin))) return notRegistered();
    // The page's clock is ours, but a message is not instant: never trust a receipt time from the future.
    await ctx.offsets.observe(origin, date, Math.min(receivedAt, ctx.now()));
    return { ok: true, value: {} };
  },
});
