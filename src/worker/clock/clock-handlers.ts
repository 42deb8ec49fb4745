import { withinBound } from '../../b2core/clock-offset';
import { t } from '../../i18n';
import type { ClockOffsetView } from '../../messaging';
import type { HandlerGroup } from '../context';
import { acceptanceHolds, uncertaintyOf, usableOffset, type StoredOffset } from './clock-offsets';
import { ok } from '../../result';
import { refuse } from '../../messaging/refuse';

/**
 * The settings page's view of each site's server clock (RFC 6238 §6: the verifier's clock counts),
 * "Check clock" and "Use this clock".
 *
 * "Check clock" is the worker's own request to the site, its `Date` header read between send and
 * receipt: a source no page can write. An answer that disagrees with the estimate only starts a
 * candidate (clock-offsets.ts), so the check asks again, up to three times in all, until the answers
 * either confirm the estimate or, agreeing with each other, replace it — one click follows a clock
 * that really moved. An estimate beyond ±10 min is shown flagged and is not used for codes until the
 * person chooses "Use this clock" (`clock/accept`) for that very estimate.
 */
export const CHECK_TIMEOUT_MS = 10_000;

const view = (origin: string, e: StoredOffset | undefined): ClockOffsetView => ({
  origin,
  offsetMs: e?.offsetMs ?? 0,
  uncertaintyMs: e ? uncertaintyOf(e) : null,
  checkedAt: e?.checkedAt ?? null,
  usedMs: usableOffset(e),
  beyondBound: e !== undefined && !withinBound(e.offsetMs),
  accepted: e !== undefined && !withinBound(e.offsetMs) && acceptanceHolds(e),
});

const notRegistered = () => refuse('forbidden', t('worker_site_not_registered'));

export const clockHandlers: HandlerGroup<'clock/list' | 'clock/check' | 'clock/observe' | 'clock/accept'> = (ctx) => {
  /** One HEAD request to `origin`, its `Date` fed to the estimate; null when it has none. */
  async function measure(origin: string) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
    const sentAt = ctx.now();
    try {
      const answer = await ctx.fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', signal: controller.signal });
      return await ctx.offsets.sample(origin, answer.headers.get('date') ?? undefined, ctx.now(), sentAt, true);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    'clock/list': async () => {
      const [sites, estimates] = await Promise.all([ctx.sites.list(), ctx.offsets.estimates()]);
      return ok({ offsets: sites.map((origin) => view(origin, estimates[origin])) });
    },
    'clock/check': async ({ origin }) => {
      if (!(await ctx.sites.isRegistered(origin))) return notRegistered();
      let outcome;
      try {
        outcome = await measure(origin);
      } catch {
        return refuse('internal', t('worker_clock_no_answer', origin));
      }
      if (outcome === null) return refuse('invalid_input', t('worker_clock_no_date', origin));
      await ctx.refreshSnapshot();
      return ok(view(origin, (await ctx.offsets.estimates())[origin]));
    },
    'clock/observe': async ({ origin, date, receivedAt }) => {
      if (!(await ctx.sites.isRegistered(origin))) return notRegistered();
      // The page's clock is ours, but a message is not instant: never trust a receipt time from the future.
      await ctx.offsets.observe(origin, date, Math.min(receivedAt, ctx.now()), undefined, true);
      return ok({});
    },
    'clock/accept': async ({ origin, offsetMs }) => {
      if (!(await ctx.sites.isRegistered(origin))) return notRegistered();
      const outcome = await ctx.offsets.accept(origin, offsetMs, ctx.now());
      if (outcome === 'none') return refuse('invalid_input', t('security_clocks_error_not_measured', origin));
      if (outcome === 'changed') return refuse('invalid_input', t('security_clocks_error_changed', origin));
      await ctx.refreshSnapshot();
      return ok(view(origin, (await ctx.offsets.estimates())[origin]));
    },
  };
};
