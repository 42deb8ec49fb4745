import { boundsFromDate, parseHttpDate, refineOffset, type ClockOffsetEstimate } from '../b2core';
import type { StorageArea } from './storage-area';
import { LOCAL } from './storage-keys';

/**
 * Each site's server clock offset, refined from the `Date` header of every observed API answer
 * (b2core/clock-offset.ts does the arithmetic), kept in `storage.local`, applied to every code
 * (RFC 6238 §6: the verifier's clock is the one that counts). An answer is at most about a
 * second old when it reaches the worker, which only widens the bounds.
 */
const TRANSIT_MS = 1000;

export type StoredOffset = ClockOffsetEstimate & { checkedAt?: number };

export function createClockOffsets(local: StorageArea) {
  const all = async () => (await local.get<Record<string, StoredOffset>>(LOCAL.offsets)) ?? {};
  return {
    /** Refines `origin`'s offset from an answer's `Date`; false when the header is not a date. */
    async observe(origin: string, dateHeader: string | undefined, receivedAt: number, sentAt = receivedAt - TRANSIT_MS): Promise<boolean> {
      const date = parseHttpDate(dateHeader);
      if (date === null) return false;
      const estimates = await all();
      estimates[origin] = { ...refineOffset(estimates[origin] ?? null, boundsFromDate(date, sentAt, receivedAt)), checkedAt: receivedAt };
      await local.set(LOCAL.offsets, estimates);
      return true;
    },
    async estimates(): Promise<Record<string, StoredOffset>> {
      return all();
    },
    /** ms to add to local time to get the site's server time (0 when unmeasured). */
    async offset(origin: string): Promise<number> {
      return (await all())[origin]?.offsetMs ?? 0;
    },
    async table(): Promise<Record<string, number>> {
      return Object.fromEntries(Object.entries(await all()).map(([o, e]) => [o, e.offsetMs]));
    },
  };
}

export type ClockOffsets = ReturnType<typeof createClockOffsets>;
