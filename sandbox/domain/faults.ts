import { ApiError } from './errors';

/**
 * Faults a test or a demo injects into the API through `POST /__sandbox/faults`: the next matching
 * requests are answered 429, 500 or 503 (with the API's error body), or answered late (`delayMs`,
 * to stand for a slow server or a client timeout), or both. A rule matches a method (or any) and a
 * path under `/api/v2/my/` (exactly, or `*` for any) and is spent after `times` requests. The
 * handler is never reached for a failed request, so nothing in the sandbox changes (a code sent with
 * it is not used up).
 */
export interface FaultRule {
  method?: 'GET' | 'POST' | undefined;
  path: string;
  status?: 429 | 500 | 503 | undefined;
  delayMs?: number | undefined;
  times: number;
  retryAfterSeconds?: number | undefined;
}

export interface Faults {
  set(rules: FaultRule[]): void;
  list(): FaultRule[];
  /** The first live rule for this request, spent by one; null when none. */
  take(method: string, path: string): FaultRule | null;
  clear(): void;
}

export function createFaults(): Faults {
  let rules: FaultRule[] = [];
  return {
    set: (next) => {
      rules = next.map((r) => ({ ...r }));
    },
    list: () => rules.map((r) => ({ ...r })),
    take(method, path) {
      const rule = rules.find((r) => r.times > 0 && (r.method === undefined || r.method === method) && (r.path === '*' || r.path === path));
      if (!rule) return null;
      rule.times -= 1;
      rules = rules.filter((r) => r.times > 0);
      return { ...rule };
    },
    clear: () => {
      rules = [];
    },
  };
}

/** The error a rule's status stands for, in the API's error body. */
export function faultError(rule: FaultRule): ApiError | null {
  switch (rule.status) {
    case 429: {
      const seconds = rule.retryAfterSeconds ?? 30;
      return new ApiError(429, 'rate_limited', `Too many attempts. Try again in ${seconds} seconds.`, [], { 'Retry-After': String(seconds) });
    }
    case 500:
      return new ApiError(500, 'internal_error', 'The server failed unexpectedly (a fault injected through /__sandbox/faults).');
    case 503:
      return new ApiError(503, 'unavailable', 'The server is unavailable for a moment (a fault injected through /__sandbox/faults). Try again shortly.', [], { 'Retry-After': '5' });
    default:
      return null;
  }
}
