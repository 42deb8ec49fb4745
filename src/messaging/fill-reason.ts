/**
 * Why a code is going into a field: the API asked for it in one of B2Core's business processes
 * (sign-in, the enable or disable wizard, a challenge for an operation), or the person asked
 * (popup Fill, shortcut, click on the field). Defined once, here, with no schema library: the
 * content script imports it too. The fill policy per reason is in README, "When codes are filled".
 */
export const FILL_REASONS = ['signin', 'enable_wizard', 'disable_wizard', 'challenge', 'manual'] as const;
export type FillReason = (typeof FILL_REASONS)[number];
/** The reasons the API gives (capture's `code_wanted` signal); `manual` is the person's own. */
export type CodeReason = Exclude<FillReason, 'manual'>;

export const isFillReason = (value: unknown): value is FillReason => (FILL_REASONS as readonly unknown[]).includes(value);
