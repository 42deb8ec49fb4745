import {
  boundsFromDate,
  considerSample,
  MAX_OFFSET_MS,
  parseHttpDate,
  withinBound,
  type ClockOffsetEstimate,
  type OffsetCandidate,
  type SampleOutcome,
} from '../../b2core/clock-offset';
import { serialQueue } from '../../serial-queue';
import type { StorageArea } from '../../storage/area';
import * as v from 'valibot';
import { LOCAL_ENTRIES, read, write } from '../../storage';
import { StoredOffsetSchema } from '../../storage/schemas';

export { MAX_OFFSET_MS };

/**
 * Each site's server clock offset, kept in `storage.local` and applied to every code (RFC 6238 §6:
 * the verifier's clock is the one that counts). Its samples come only from sources the page cannot
 * write: the worker's own "Check clock" request (`clock/check`), the settings page's own API answers
 * (`clock/observe`) and `Date` headers the browser itself saw (webRequest). An answer is at most
 * about a second old when it reaches the worker, which only widens the bounds.
 *
 * Two rules stand between a sample and a code (see b2core/clock-offset.ts for the arithmetic):
 * - Consistency: a sample that disagrees with the estimate only becomes a candidate; the estimate
 *   moves when three such samples agree with each other within five minutes (`CONSISTENT_SAMPLES`,
 *   `CANDIDATE_WINDOW_MS`). Samples that agree narrow it, as before. A single outlier changes nothing.
 * - Bound: an estimate beyond ±{@link MAX_OFFSET_MS} (10 min) is recorded — Security › Server clocks
 *   shows it, flagged — but `offset()` does not return it unless the person accepted that estimate
 *   ("Use this clock", `clock/accept`). Until then codes use the last estimate within the bound (or
 *   0), so no code is ever made for a time step more than 10 min from the local clock without the
 *   person's say-so. An acceptance covers that estimate ± its uncertainty (at least the `Date`
 *   header's 1 s); an estimate that later moves outside it needs accepting again.
 *
 * Stored shape (JSON, one record per origin): the estimate `{offsetMs, minMs, maxMs, samples}` as
 * before, plus optional `checkedAt`, `candidate`, `inBoundMs` and `accepted`. Records written before
 * these rules (the estimate alone, perhaps already far off) are read as they are: an old estimate
 * beyond the bound is simply not used.
 */
const TRANSIT_MS = 1000;
/** An acceptance is never narrower than the `Date` header's resolution. */
const MIN_ACCEPTED_UNCERTAINTY_MS = 1000;

/** An estimate beyond the bound that the person chose to use anyway. */
export interface AcceptedOffset {
  offsetMs: number;
  /** The acceptance holds while the estimate stays within `offsetMs` ± this. */
  uncertaintyMs: number;
  /** When the person accepted it (local ms). */
  at: number;
}

export type StoredOffset = ClockOffsetEstimate & {
  /** When a sample last confirmed or set the estimate (local ms). */
  checkedAt?: number;
  /** Disagreeing samples waiting to replace the estimate (b2core `considerSample`). */
  candidate?: OffsetCandidate;
  /** The latest estimate within ±MAX_OFFSET_MS: what codes use while the current one is beyond it. */
  inBoundMs?: number;
  accepted?: AcceptedOffset;
};

/**
 * One stored record, or null when it is not one (storage is outside our types): the schema of
 * src/storage, which drops optional parts that do not parse; an `inBoundMs` beyond the bound is
 * dropped too. A missing `samples` (never written, but cheap to accept) counts as 1.
 */
export function readStoredOffset(raw: unknown): StoredOffset | null {
  const parsed = v.safeParse(StoredOffsetSchema, raw);
  return parsed.success ? inBoundOnly(parsed.output) : null;
}

function inBoundOnly(parsed: v.InferOutput<typeof StoredOffsetSchema>): StoredOffset {
  const { checkedAt, candidate, inBoundMs, accepted, ...estimate } = parsed;
  return {
    ...estimate,
    ...(checkedAt !== undefined ? { checkedAt } : {}),
    ...(candidate !== undefined ? { candidate } : {}),
    ...(inBoundMs !== undefined && withinBound(inBoundMs) ? { inBoundMs } : {}),
    ...(accepted !== undefined ? { accepted } : {}),
  };
}

/** Whether the person's acceptance covers the record's current estimate. */
export const acceptanceHolds = (record: StoredOffset): boolean =>
  record.accepted !== undefined && Math.abs(record.offsetMs - record.accepted.offsetMs) <= record.accepted.uncertaintyMs;

/**
 * The offset codes are made with: the estimate when within ±MAX_OFFSET_MS or accepted by the
 * person; otherwise the last estimate within the bound, or 0. Never beyond the bound unaccepted.
 */
export function usableOffset(record: StoredOffset | null | undefined): number {
  if (!record) return 0;
  if (withinBound(record.offsetMs) || acceptanceHolds(record)) return record.offsetMs;
  return record.inBoundMs ?? 0;
}

/** Half the width of the estimate's bounds: "± this". */
export const uncertaintyOf = (e: ClockOffsetEstimate) => Math.ceil((e.maxMs - e.minMs) / 2);

/** The record after one sample: the rule's new state, plus the worker's own fields kept in step. */
function applySample(previous: StoredOffset | null, date: number, sentAt: number, receivedAt: number, trusted: boolean): { record: StoredOffset; outcome: SampleOutcome } {
  const { state, outcome } = considerSample(previous, boundsFromDate(date, sentAt, receivedAt), receivedAt, trusted);
  const record: StoredOffset = { ...state };
  const checkedAt = outcome === 'candidate' ? previous?.checkedAt : receivedAt;
  if (checkedAt !== undefined) record.checkedAt = checkedAt;
  const inBound = withinBound(state.offsetMs) ? state.offsetMs : previous?.inBoundMs ?? (previous && withinBound(previous.offsetMs) ? previous.offsetMs : undefined);
  if (inBound !== undefined) record.inBoundMs = inBound;
  // An acceptance lasts only while the estimate stays where the person saw it.
  if (previous?.accepted && acceptanceHolds({ ...record, accepted: previous.accepted })) record.accepted = previous.accepted;
  return { record, outcome };
}

export function createClockOffsets(local: StorageArea) {
  const all = async (): Promise<Record<string, StoredOffset>> => {
    const records: Record<string, StoredOffset> = {};
    for (const [origin, record] of Object.entries((await read(local, LOCAL_ENTRIES.offsets)) ?? {})) records[origin] = inBoundOnly(record);
    return records;
  };
  /**
   * Read-modify-write of the one record map, one at a time: answers arrive together (webRequest,
   * "Check clock"), and a lost sample would make a candidate count wrong.
   */
  const serially = serialQueue();

  /** One answer's `Date`, through the consistent-samples rule; null when the header is not a date. */
  const sample = (origin: string, dateHeader: string | undefined, receivedAt: number, sentAt = receivedAt - TRANSIT_MS, trusted = false): Promise<SampleOutcome | null> =>
    serially(async () => {
      const date = parseHttpDate(dateHeader);
      if (date === null) return null;
      const records = await all();
      const { record, outcome } = applySample(records[origin] ?? null, date, sentAt, receivedAt, trusted);
      records[origin] = record;
      await write(local, LOCAL_ENTRIES.offsets, records);
      return outcome;
    });

  return {
    /**
     * Feeds `origin`'s answer to the estimate (see {@link sample}); false when the header is not a
     * date. `trusted`: an answer to the extension's own request, which moves the estimate at once.
     */
    async observe(origin: string, dateHeader: string | undefined, receivedAt: number, sentAt?: number, trusted = false): Promise<boolean> {
      return (await sample(origin, dateHeader, receivedAt, sentAt, trusted)) !== null;
    },
    sample,
    /**
     * The person's "Use this clock": accept `origin`'s current estimate, which must be the one they
     * saw (`seenOffsetMs`, within its uncertainty). `changed` when it moved since; `none` before any
     * estimate; `within_bound` when it is used without accepting.
     */
    accept: (origin: string, seenOffsetMs: number, at: number): Promise<'accepted' | 'changed' | 'none' | 'within_bound'> =>
      serially(async () => {
        const records = await all();
        const record = records[origin];
        if (!record) return 'none';
        // Within the bound it is used anyway: nothing to accept, and nothing stored that could later cover more.
        if (withinBound(record.offsetMs)) return 'within_bound';
        const uncertaintyMs = Math.max(uncertaintyOf(record), MIN_ACCEPTED_UNCERTAINTY_MS);
        if (Math.abs(record.offsetMs - seenOffsetMs) > uncertaintyMs) return 'changed';
        records[origin] = { ...record, accepted: { offsetMs: record.offsetMs, uncertaintyMs, at } };
        await write(local, LOCAL_ENTRIES.offsets, records);
        return 'accepted';
      }),
    /** Every origin's record as stored (measured estimates, even those beyond the bound). */
    async estimates(): Promise<Record<string, StoredOffset>> {
      return all();
    },
    /** ms to add to local time to get the site's server time for a code: {@link usableOffset} (0 when unmeasured). */
    async offset(origin: string): Promise<number> {
      return usableOffset((await all())[origin]);
    },
    /** The offsets codes are made with, per origin (the popup's snapshot). */
    async table(): Promise<Record<string, number>> {
      return Object.fromEntries(Object.entries(await all()).map(([o, e]) => [o, usableOffset(e)]));
    },
  };
}

export type ClockOffsets = ReturnType<typeof createClockOffsets>;
