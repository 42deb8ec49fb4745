import type { FetchLike } from '../../../b2core';
import type { Messenger } from '../../shared/adapters';

/**
 * The settings page's `fetch` for the B2Core API, passing each answer's `Date` header to the worker
 * (`clock/observe`) before the answer is used, so that a code the worker computes next follows the
 * site's clock (RFC 6238 §6: the verifier's clock counts) — the same way answers seen on the site do.
 */
export function observedFetch(fetch: (input: string, init?: RequestInit) => Promise<Response>, messenger: Messenger, now: () => number): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    const date = response.headers.get('Date');
    if (date) {
      // The reply does not matter: an unregistered origin or a busy worker only leaves the clock unrefined.
      await messenger('clock/observe', { origin: new URL(url).origin, date: date.slice(0, 64), receivedAt: now() });
    }
    return response;
  };
}
