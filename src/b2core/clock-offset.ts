/**
 * How far the B2Core server's clock is from ours, measured from the `Date` header of its answers
 * (RFC 9110 §6.6.1: an HTTP-date, truncated to the second). The extension adds the offset to the
 * time it generates codes for (RFC 6238 §6: the verifier's clock is the one that counts).
 *
 * The server stamped `Date` at some local instant between sending and receiving, and truncated it,
 * so one answer bounds the offset (server − local, ms):
 *
 *   serverDate − receivedAt  ≤  offset  <  serverDate + 1000 − sentAt
 *
 * Successive answers are intersected, which narrows the bounds towards the round-trip time; when they
 * no longer overlap, the server's clock (or ours) has moved and the latest answer starts afresh. The
 * estimate is the middle of the bounds — for a single answer, `serverDate + 500 − midpoint`.
 */
export interface ClockOffsetEstimate {
  /** Server time minus local time, in ms: add it to `now()` to get the server's time. */
  offsetMs: number;
  /** The bounds the offset is known to lie within. */
  minMs: number;
  maxMs: number;
  /** How many consistent answers the estimate rests on. */
  samples: number;
}

export interface OffsetBounds {
  minMs: number;
  maxMs: number;
}

const DATE_RESOLUTION_MS = 1000;

/** An HTTP-date as ms since the epoch, or null when absent or unreadable. */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The bounds one answer gives; a local clock that stepped back mid-request only widens them. */
export function boundsFromDate(serverDateMs: number, sentAt: number, receivedAt: number): OffsetBounds {
  const first = Math.min(sentAt, receivedAt);
  const last = Math.max(sentAt, receivedAt);
  return { minMs: serverDateMs - last, maxMs: serverDateMs + DATE_RESOLUTION_MS - first };
}

const estimateOf = (bounds: OffsetBounds, samples: number): ClockOffsetEstimate => ({
  offsetMs: Math.round((bounds.minMs + bounds.maxMs) / 2),
  minMs: bounds.minMs,
  maxMs: bounds.maxMs,
  samples,
});

/** The previous estimate narrowed by a new answer, or the new answer alone when they disagree. */
export function refineOffset(previous: ClockOffsetEstimate | null, next: OffsetBounds): ClockOffsetEstimate {
  if (previous === null) return estimateOf(next, 1);
  const minMs = Math.max(previous.minMs, next.minMs);
  const maxMs = Math.min(previous.maxMs, next.maxMs);
  return minMs <= maxMs ? estimateOf({ minMs, maxMs }, previous.samples + 1) : estimateOf(next, 1);
}

export interface ClockOffsetTracker {
  /** Feeds one answer: its `Date` header and the local times the request left and the answer came. */
  observe(dateHeader: string | null, sentAt: number, receivedAt: number): void;
  /** The current estimate, or null before any answer with a readable `Date`. */
  estimate(): ClockOffsetEstimate | null;
}

export function createClockOffsetTracker(initial: ClockOffsetEstimate | null = null): ClockOffsetTracker {
  let current = initial;
  return {
    observe(dateHeader, sentAt, receivedAt) {
      const serverDate = parseHttpDate(dateHeader);
      if (serverDate !== null) current = refineOffset(current, boundsFromDate(serverDate, sentAt, receivedAt));
    },
    estimate: () => current,
  };
}
