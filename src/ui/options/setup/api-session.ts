import type { TokenPair } from '../../../b2core';

/**
 * The settings page's sign-in to one B2Core site, kept in `storage.session` (SESSION.apiSession):
 * memory only, extension pages and worker only, gone when the browser closes. The password is never
 * part of it. Expiries are local times: the server's `expiresAt` minus its measured clock offset.
 */
export interface ApiSession {
  v: 1;
  origin: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** Local ms after which the access token is refreshed before use. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

/** The server's `expiresAt` as local ms; unreadable times count as "now" (refresh at once). */
function localExpiry(expiresAt: string, offsetMs: number, now: number): number {
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) ? now : at - offsetMs;
}

export function sessionFromTokens(origin: string, email: string, tokens: TokenPair, offsetMs: number, now: number): ApiSession {
  return {
    v: 1,
    origin,
    email,
    accessToken: tokens.accessToken.token,
    refreshToken: tokens.refreshToken.token,
    accessExpiresAt: localExpiry(tokens.accessToken.expiresAt, offsetMs, now),
    refreshExpiresAt: localExpiry(tokens.refreshToken.expiresAt, offsetMs, now),
  };
}

