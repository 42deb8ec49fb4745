import { isLoopbackHost } from './loopback';

/**
 * Which origins may ever be registered and filled (DESIGN.md, trust rules): an exact origin
 * (scheme, host, port), over https — plain http only on a loopback host (./loopback.ts).
 */

export type OriginProblem = 'not_a_url' | 'not_http' | 'insecure' | 'has_credentials';

/**
 * The canonical origin of what a person typed ("example.com" means https://example.com), or why it
 * cannot be one. Paths, queries and fragments are dropped; default ports vanish, as in `URL.origin`.
 */
export function parseSiteOrigin(input: string): { ok: true; origin: string } | { ok: false; problem: OriginProblem } {
  const trimmed = input.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return { ok: false, problem: 'not_a_url' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'not_a_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not_http' };
  if (url.username || url.password) return { ok: false, problem: 'has_credentials' };
  if (!url.hostname) return { ok: false, problem: 'not_a_url' };
  if (!isSecureOrigin(url.origin)) return { ok: false, problem: 'insecure' };
  return { ok: true, origin: url.origin };
}

/** https anywhere; http only on the loopback host names. */
export function isSecureOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** The origin of a URL, or null for opaque origins (`null`, data:, about:blank, sandboxed frames). */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
