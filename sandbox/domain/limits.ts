/** Lifetimes and sizes the sandbox applies ([ours] in docs/b2core-api.md where it gives them). */
export const LIMITS = {
  /** SMS and email codes: 6 digits, 5 minutes. */
  oneTimeCodeMs: 5 * 60_000,
  signInSessionMs: 15 * 60_000,
  wizardMs: 15 * 60_000,
  challengeMs: 5 * 60_000,
  successTokenMs: 5 * 60_000,
  accessTokenMs: 60 * 60_000,
  refreshTokenMs: 7 * 24 * 60 * 60_000,
  /** Request bodies larger than this are refused with 413. */
  maxBodyBytes: 64 * 1024,
} as const;

export const DEMO_CLIENT = { email: 'demo@example.com', password: 'Demo-Passw0rd' } as const;
