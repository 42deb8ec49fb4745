/**
 * Settings › Guided set-up and Settings › 2FA history: sign in to a registered B2Core site through
 * its API, run the 2FA wizards (the vault keeps and confirms a Google key), and read the change log.
 *
 *   session-keeper   the API session in storage.session (refresh, retry once, sign out), Date → worker
 *   sign-in-store    signin/wizard → signin → signin/2fa → 2fa/google | 2fa/sms
 *   two-factor-store status, enable/disable wizards; enable-google.ts: stage → code → done → activate
 *   history-store    2fa/changes query (paging, order, filters) and one record
 */
export { setupSection, historySection, keeperFor } from './mount';
export { createSessionKeeper, EXPIRY_MARGIN_MS, type SessionKeeper, type SessionKeeperDeps } from './session-keeper';
export { createSetupStore, type SetupStore, type SetupStoreDeps } from './setup-store';
export { createSignInStore, type SignInStep, type SignInStore } from './sign-in-store';
export { createTwoFactorStore, type Flow, type TwoFactorStore } from './two-factor-store';
export { enableGoogle, type EnableGoogleOutcome } from './enable-google';
export { createHistoryStore, changesQuery, dayBound, initialView, PAGE_SIZES, type HistoryFilters, type HistoryStore, type HistoryView } from './history-store';
export { createFeedback, type Feedback } from './feedback';
export { describeError, formatWait, type SetupError } from './describe-error';
export { sessionFromTokens, type ApiSession } from './api-session';
export { observedFetch } from './observed-fetch';
export { findActiveAccount } from './vault-lookup';
export { SetupSection } from './setup-section';
export { HistorySection, formatChangeTime } from './history-section';
