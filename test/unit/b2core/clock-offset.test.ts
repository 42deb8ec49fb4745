// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createB2CoreClient, type FetchLike } from '../../../src/b2core';
import {
  boundsFromDate,
  CANDIDATE_WINDOW_MS,
  considerSample,
  CONSISTENT_SAMPLES,
  createClockOffsetTracker,
  MAX_OFFSET_MS,
  parseHttpDate,
  refineOffset,
  withinBound,
  type ClockOffsetState,
  type OffsetBounds,
} from '../../../src/b2core/clock-offset';
import { useSandbox } from '../../fixtures/sandbox';
import { answering, failure, sandboxClient, unwrap } from './support';

/** The server's clock, measured from the `Date` header of each answer (RFC 9110 §6.6.1). */
const sb = useSandbox();

describe('bounds from one answer and their intersection (pure)', () => {
  it('one answer: [Date − received, Date + 1 s − sent], estimate in the middle', () => {
    expect(boundsFromDate(20_000, 10_000, 10_200)).toEqual({ minMs: 9_800, maxMs: 11_000 });
    expect(refineOffset(null, { minMs: 9_800, maxMs: 11_000 })).toEqual({ offsetMs: 10_400, minMs: 9_800, maxMs: 11_000, samples: 1 });
  });

  it('a local clock that stepped back mid-request only widens the bounds', () => {
    expect(boundsFromDate(20_000, 10_200, 10_000)).toEqual({ minMs: 9_800, maxMs: 11_000 });
  });

  it('overlapping answers narrow the bounds; disjoint ones start afresh', () => {
    const first = refineOffset(null, { minMs: 9_800, maxMs: 11_000 });
    const narrowed = refineOffset(first, { minMs: 10_300, maxMs: 11_500 });
    expect(narrowed).toEqual({ offsetMs: 10_650, minMs: 10_300, maxMs: 11_000, samples: 2 });
    expect(refineOffset(narrowed, { minMs: 99_000, maxMs: 100_000 })).toEqual({ offsetMs: 99_500, minMs: 99_000, maxMs: 100_000, samples: 1 });
  });

  it('reads HTTP-dates and ignores what is not one', () => {
    expect(parseHttpDate('Thu, 01 Jan 1970 00:00:20 GMT')).toBe(20_000);
    expect(parseHttpDate('yesterday')).toBeNull();
    expect(parseHttpDate(null)).toBeNull();
    const tracker = createClockOffsetTracker();
    tracker.observe('garbage', 0, 10);
    tracker.observe(null, 0, 10);
    expect(tracker.estimate()).toBeNull();
  });
});

describe('the consistent-samples rule (what codes rest on)', () => {
  const DAY = 86_400_000;
  const T0 = 1_764_000_000_000;
  /** One answer's bounds around `offsetMs` (a 200 ms round trip, the Date's 1 s resolution). */
  const around = (offsetMs: number): OffsetBounds => ({ minMs: offsetMs - 600, maxMs: offsetMs + 600 });
  const settled: ClockOffsetState = { offsetMs: 1_000, minMs: 700, maxMs: 1_300, samples: 4 };

  it('a first answer sets the estimate; agreeing ones narrow it (the same intersection as before)', () => {
    const first = considerSample(null, { minMs: 9_800, maxMs: 11_000 }, T0);
    expect(first).toEqual({ outcome: 'first', state: { offsetMs: 10_400, minMs: 9_800, maxMs: 11_000, samples: 1 } });
    const next = considerSample(first.state, { minMs: 10_300, maxMs: 11_500 }, T0 + 1_000);
    expect(next).toEqual({ outcome: 'agreed', state: refineOffset(first.state, { minMs: 10_300, maxMs: 11_500 }) });
  });

  it('one forged answer a day ahead changes nothing: it only becomes a candidate', () => {
    const forged = considerSample(settled, around(DAY), T0);
    expect(forged.outcome).toBe('candidate');
    expect(forged.state).toMatchObject({ offsetMs: 1_000, minMs: 700, maxMs: 1_300, samples: 4 });
    expect(forged.state.candidate).toEqual({ minMs: DAY - 600, maxMs: DAY + 600, samples: 1, sinceMs: T0 });
    // An answer that agrees with the estimate again drops the candidate.
    const back = considerSample(forged.state, around(1_100), T0 + 1_000);
    expect(back.outcome).toBe('agreed');
    expect(back.state).toEqual({ offsetMs: 1_000, minMs: 700, maxMs: 1_300, samples: 5 });
  });

  it(`${CONSISTENT_SAMPLES} disagreeing answers that agree with each other move the estimate (intersected)`, () => {
    let state: ClockOffsetState = settled;
    const outcomes = [DAY, DAY + 200, DAY - 100].map((offset, i) => {
      const step = considerSample(state, around(offset), T0 + i * 1_000);
      state = step.state;
      return step.outcome;
    });
    expect(outcomes).toEqual(['candidate', 'candidate', 'moved']);
    expect(state).toEqual({ offsetMs: DAY + 50, minMs: DAY - 400, maxMs: DAY + 500, samples: 3 });
  });

  it('disagreeing answers that disagree with each other never add up; nor do ones too far apart in time', () => {
    let state: ClockOffsetState = settled;
    for (const [i, offset] of [DAY, -DAY, 2 * DAY, 60_000, DAY].entries()) state = considerSample(state, around(offset), T0 + i).state;
    expect(state).toMatchObject({ offsetMs: 1_000, candidate: { samples: 1 } });

    state = considerSample(settled, around(DAY), T0).state;
    state = considerSample(state, around(DAY), T0 + 1_000).state;
    const late = considerSample(state, around(DAY), T0 + CANDIDATE_WINDOW_MS + 1);
    expect(late.outcome).toBe('candidate');
    expect(late.state).toMatchObject({ offsetMs: 1_000, candidate: { samples: 1, sinceMs: T0 + CANDIDATE_WINDOW_MS + 1 } });
    // A local clock set back since the first one: not "within a short time" either.
    expect(considerSample(state, around(DAY), T0 - 1).state.candidate).toMatchObject({ samples: 1 });
  });

  it('the bound: ±10 min', () => {
    expect(MAX_OFFSET_MS).toBe(600_000);
    expect([0, 600_000, -600_000].every(withinBound)).toBe(true);
    expect([600_001, -600_001, DAY].some(withinBound)).toBe(false);
  });
});

describe('the client measures every answer', () => {
  it('uses the injected now() at both ends of the request', async () => {
    const times = [10_000, 10_200];
    const client = createB2CoreClient({
      origin: 'http://127.0.0.1:9',
      fetch: answering(200, { total: 0, data: [] }, { Date: 'Thu, 01 Jan 1970 00:00:20 GMT' }),
      now: () => times.shift() ?? 0,
    });
    expect(client.clockOffsetMs()).toBe(0);
    expect(client.clockOffset()).toBeNull();
    unwrap(await client.listChanges('t0ken'));
    expect(client.clockOffsetMs()).toBe(10_400);
    expect(client.clockOffset()).toEqual({ offsetMs: 10_400, minMs: 9_800, maxMs: 11_000, samples: 1 });
  });

  it('starts from a saved estimate', () => {
    const saved = { offsetMs: 5_000, minMs: 4_600, maxMs: 5_400, samples: 3 };
    const client = createB2CoreClient({ origin: 'http://127.0.0.1:9', fetch: answering(200, {}), now: Date.now, clockOffset: saved });
    expect(client.clockOffsetMs()).toBe(5_000);
  });

  it('an unskewed sandbox reads as about 0; refused answers count too', async () => {
    const client = sandboxClient(sb);
    failure(await client.twoFactorStatus('not.a.token'));
    expect(Math.abs(client.clockOffsetMs())).toBeLessThanOrEqual(1_000);
  });

  it.each([90, -90])('a sandbox skewed by %i s reads within ±2 s', async (seconds) => {
    await sb.setClock(seconds);
    const client = sandboxClient(sb);
    unwrap(await client.signInWizard());
    expect(Math.abs(client.clockOffsetMs() - seconds * 1000)).toBeLessThanOrEqual(2_000);
    for (let i = 0; i < 3; i++) unwrap(await client.signInWizard());
    const estimate = client.clockOffset()!;
    expect(estimate.samples).toBeGreaterThanOrEqual(2);
    expect(estimate.minMs).toBeLessThanOrEqual(seconds * 1000 + 1_000);
    expect(estimate.maxMs).toBeGreaterThanOrEqual(seconds * 1000 - 1_000);
    expect(Math.abs(client.clockOffsetMs() - seconds * 1000)).toBeLessThanOrEqual(2_000);
  });

  it('follows the server when its clock moves from +90 s to −90 s', async () => {
    const client = sandboxClient(sb);
    await sb.setClock(90);
    unwrap(await client.signInWizard());
    expect(Math.abs(client.clockOffsetMs() - 90_000)).toBeLessThanOrEqual(2_000);
    await sb.setClock(-90);
    unwrap(await client.signInWizard());
    expect(Math.abs(client.clockOffsetMs() + 90_000)).toBeLessThanOrEqual(2_000);
    expect(client.clockOffset()!.samples).toBe(1);
  });

  it('answers without a Date header, and failed fetches, leave the estimate alone', async () => {
    const noDate: FetchLike = async () => new Response('{"total":0,"data":[]}', { status: 200 });
    const client = createB2CoreClient({ origin: 'http://127.0.0.1:9', fetch: noDate, now: Date.now });
    unwrap(await client.listChanges('t0ken'));
    expect(client.clockOffset()).toBeNull();
    const offline = createB2CoreClient({ origin: 'http://127.0.0.1:9', fetch: () => Promise.reject(new TypeError('offline')), now: Date.now });
    failure(await offline.signInWizard());
    expect(offline.clockOffset()).toBeNull();
  });
});
