import { plural, t } from '../../../i18n';
import { MAX_OFFSET_MS } from '../../../b2core/clock-offset';
import type { ClockOffsetView } from '../../../messaging/protocol';

/**
 * Pure text for the Security section: numbers in the page's locale, the auto-lock choices, a
 * server clock's offset and the time it was last checked. The locale is the UI's language (not the
 * browser's default, which may differ): a date or a number reads like the sentence around it.
 */
const uiLocale = () => t('common_lang');
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60] as const;

/** The choices to offer: the usual ones, plus the value in force when it is another (a policy maximum). */
export function autoLockChoices(current: number | null, max: number | null): Array<{ minutes: number | null; allowed: boolean }> {
  const minutes = [...new Set<number>([...AUTO_LOCK_CHOICES, ...(current !== null ? [current] : []), ...(max !== null ? [max] : [])])].sort((a, b) => a - b);
  return [{ minutes: null, allowed: max === null }, ...minutes.map((m) => ({ minutes: m, allowed: max === null || m <= max }))];
}

export function autoLockLabel(minutes: number | null): string {
  if (minutes === null) return t('security_auto_lock_never');
  return plural(minutes, 'security_auto_lock_minutes', minutes);
}

export const formatCount = (n: number, locale: string = uiLocale()) => new Intl.NumberFormat(locale).format(n);

const seconds = (ms: number, locale: string, sign: boolean) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, ...(sign ? { signDisplay: 'exceptZero' as const } : {}) }).format(ms / 1000);

/** "+1.2 s ± 0.5 s" (the server is ahead of this computer by that much), or "Not measured yet". */
export function formatOffset(clock: ClockOffsetView, locale: string = uiLocale()): string {
  if (clock.uncertaintyMs === null) return t('security_clocks_not_measured');
  return t('security_clocks_offset_value', seconds(clock.offsetMs, locale, true), seconds(clock.uncertaintyMs, locale, false));
}

/**
 * What to say under an offset beyond ±10 min (the worker does not make codes with it unless the
 * person chose "Use this clock"), or null for an offset within the bound.
 */
export function formatClockFlag(clock: ClockOffsetView, locale: string = uiLocale()): string | null {
  if (!clock.beyondBound) return null;
  const minutes = formatCount(MAX_OFFSET_MS / 60_000, locale);
  return clock.accepted ? t('security_clocks_accepted', minutes) : t('security_clocks_beyond', minutes, seconds(clock.usedMs, locale, true));
}

/** The date and the time of the last check, as two lines' worth (a narrow column). */
export function formatChecked(checkedAt: number | null, locale: string = uiLocale()): string {
  if (checkedAt === null) return t('security_clocks_never');
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(checkedAt);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(checkedAt);
  return `${date}\n${time}`;
}
