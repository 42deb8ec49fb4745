import type { Clock } from './clock';
import { ApiError } from './errors';

/**
 * Attempt limits (docs/b2core-api.md, [doc] sign-in: "5 attempts a minute, then a 10-minute block").
 * Failed attempts are counted per key within a sliding minute; the fifth failure starts the block,
 * and every attempt during the block — right or wrong — is answered 429 with `Retry-After`.
 */
export interface RateLimiter {
  /** Throws the 429 error while `key` is blocked. */
  assertAllowed(key: string): void;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
  /**
   * One attempt under the limit: refused (429) while blocked; whatever `check` throws counts as a
   * failure and is rethrown; success clears the count.
   */
  attempt<T>(key: string, check: () => T | Promise<T>): Promise<T>;
  clear(): void;
}

export interface RateLimitPolicy {
  maxFailures: number;
  windowMs: number;
  blockMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { maxFailures: 5, windowMs: 60_000, blockMs: 600_000 };

export function createRateLimiter(clock: Clock, policy: RateLimitPolicy = DEFAULT_RATE_LIMIT): RateLimiter {
  const failures = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();

  const limiter: RateLimiter = {
    assertAllowed(key) {
      const until = blockedUntil.get(key);
      if (until === undefined) return;
      const left = until - clock.now();
      if (left <= 0) {
        blockedUntil.delete(key);
        return;
      }
      const seconds = Math.ceil(left / 1000);
      throw new ApiError(
        429,
        'rate_limited',
        `Too many attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
        [],
        { 'Retry-After': String(seconds) },
      );
    },
    recordFailure(key) {
      const now = clock.now();
      const recent = (failures.get(key) ?? []).filter((t) => now - t < policy.windowMs);
      recent.push(now);
      if (recent.length >= policy.maxFailures) {
        blockedUntil.set(key, now + policy.blockMs);
        failures.delete(key);
      } else {
        failures.set(key, recent);
      }
    },
    recordSuccess(key) {
      failures.delete(key);
    },
    async attempt(key, check) {
      limiter.assertAllowed(key);
      let result;
      try {
        result = await check();
      } catch (error) {
        limiter.recordFailure(key);
        throw error;
      }
      limiter.recordSuccess(key);
      return result;
    },
    clear() {
      failures.clear();
      blockedUntil.clear();
    },
  };
  return limiter;
}
