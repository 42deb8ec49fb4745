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
 * Successive answers are intersected, which narrows the bounds towards the round-trip time. The
 * estimate is the middle of the bounds — for a single answer, `serverDate + 500 − midpoint`.
 *
 * When an answer no longer overlaps the estimate, either the server's clock (or ours) has moved, or
 * the answer is wrong (a forged or replayed `Date`). {@link considerSample}, the rule the worker's
 * codes rest on, tells them apart by consistency: one disagreeing answer changes nothing; it becomes
 * a *candidate*, and only {@link CONSISTENT_SAMPLES} disagreeing answers that agree with each other
 * (overlapping bounds) within {@link CANDIDATE_WINDOW_MS} replace the estimate. {@link refineOffset}
 * (restart on one disagreeing answer) is left to the settings page's own API client, whose offset
 * only times its session tokens and never makes a code.
 *
 * The offset is also bounded ({@link MAX_OFFSET_MS}): the worker records an estimate beyond it but
 * makes no code with it unless the person accepted it (worker/clock/clock-offsets.ts).
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

/** The bounds both agree on, or null when they do not overlap (the answers disagree). */
export function intersectBounds(a: OffsetBounds, b: OffsetBounds): OffsetBounds | null {
  const minMs = Math.max(a.minMs, b.minMs);
  const maxMs = Math.min(a.maxMs, b.maxMs);
  return minMs <= maxMs ? { minMs, maxMs } : null;
}

/**
 * The previous estimate narrowed by a new answer, or the new answer alone when they disagree.
 * Trusting one answer this way is only for the settings page's own API client (session timing);
 * whatever makes codes goes through {@link considerSample}.
 */
export function refineOffset(previous: ClockOffsetEstimate | null, next: OffsetBounds): ClockOffsetEstimate {
  if (previous === null) return estimateOf(next, 1);
  const both = intersectBounds(previous, next);
  return both ? estimateOf(both, previous.samples + 1) : estimateOf(next, 1);
}

/** The largest offset codes are made with unless the person accepted more (either way: ±10 min). */
export const MAX_OFFSET_MS = 10 * 60_000;
/** How many disagreeing answers, agreeing with each other, it takes to move an estimate. */
export const CONSISTENT_SAMPLES = 3;
/** …and within how long of the first of them (local time). */
export const CANDIDATE_WINDOW_MS = 5 * 60_000;

/** Whether codes may be made with `offsetMs` without the person's say-so. */
export const withinBound = (offsetMs: number) => Math.abs(offsetMs) <= MAX_OFFSET_MS;

/** Disagreeing answers that agree with each other, waiting to replace the estimate. */
export interface OffsetCandidate extends OffsetBounds {
  samples: number;
  /** Local time of the first of them (ms since the epoch). */
  sinceMs: number;
}

/** An estimate and, while the latest answers disagree with it, their candidate. JSON-safe. */
export interface ClockOffsetState extends ClockOffsetEstimate {
  candidate?: OffsetCandidate;
}

/**
 * What one answer did: `first` (no estimate before), `agreed` (overlapping: intersected, any
 * candidate dropped), `candidate` (disagreeing: kept aside, the estimate unchanged), `moved` (the
 * candidate reached {@link CONSISTENT_SAMPLES} and replaced the estimate).
 */
export type SampleOutcome = 'first' | 'agreed' | 'candidate' | 'moved';

/**
 * The consistent-samples rule. An answer that overlaps the estimate narrows it (the intersection
 * above) and drops any candidate: the estimate has just been confirmed. One that does not becomes
 * a candidate, or narrows the current candidate when it overlaps it and the candidate is under
 * {@link CANDIDATE_WINDOW_MS} old; otherwise it starts a new candidate. When a candidate rests on
 * {@link CONSISTENT_SAMPLES} answers it becomes the estimate. So a single outlier — a forged `Date` a
 * day ahead — changes nothing, and a real change of clock is followed after three answers.
 * `at` is the local time of the answer (to age the candidate).
 */
export function considerSample(previous: ClockOffsetState | null, next: OffsetBounds, at: number, trusted = false): { state: ClockOffsetState; outcome: SampleOutcome } {
  if (previous === null) return { state: estimateOf(next, 1), outcome: 'first' };
  const { candidate } = previous;
  const estimate: ClockOffsetEstimate = { offsetMs: previous.offsetMs, minMs: previous.minMs, maxMs: previous.maxMs, samples: previous.samples };
  const agreed = intersectBounds(estimate, next);
  if (agreed) return { state: estimateOf(agreed, estimate.samples + 1), outcome: 'agreed' };
  // The extension's own request (Check clock, the settings page's API calls): no page could forge
  // its `Date`, so the server's clock has really moved — follow it at once (the ±10 min bound on
  // what codes use still holds).
  if (trusted) return { state: estimateOf(next, 1), outcome: 'moved' };
  const age = candidate ? at - candidate.sinceMs : Infinity;
  const joined = candidate && age >= 0 && age <= CANDIDATE_WINDOW_MS ? intersectBounds(candidate, next) : null;
  const grown: OffsetCandidate = joined && candidate ? { ...joined, samples: candidate.samples + 1, sinceMs: candidate.sinceMs } : { ...next, samples: 1, sinceMs: at };
  if (grown.samples >= CONSISTENT_SAMPLES) return { state: estimateOf(grown, grown.samples), outcome: 'moved' };
  return { state: { ...estimate, candidate: grown }, outcome: 'candidate' };
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
