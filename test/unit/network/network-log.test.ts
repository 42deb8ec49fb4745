import { describe, expect, it } from 'vitest';
import { createNetworkLog, MAX_RECORDS, RECORD_TTL_MS } from '../../../src/network';
import { memoryArea } from '../../../src/storage';

const SITE = 'http://127.0.0.1:8787';
const T0 = 1_764_000_000_000;

function log() {
  let now = T0;
  const session = memoryArea();
  const waits: number[] = [];
  const make = () =>
    createNetworkLog({
      session,
      key: 'networkLog',
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
  const network = make();
  let id = 0;
  /** One request of tab 7 as the browser reports it: begin, then complete. */
  const request = async (path: string, status = 200, over: { tabId?: number; frameId?: number; origin?: string; method?: string } = {}) => {
    const requestId = String(++id);
    const url = `${over.origin ?? SITE}/api/v2/my/${path}`;
    await network.begin({ requestId, url, method: over.method ?? 'GET', tabId: over.tabId ?? 7, frameId: over.frameId ?? 0, timeStamp: now });
    await network.complete({ requestId, url, statusCode: status, timeStamp: now });
    return requestId;
  };
  const networkKeys = () => Object.keys(session.dump()).filter((k) => k.startsWith('networkLog:'));
  return { network, make, session, request, waits, networkKeys, advance: (ms: number) => (now += ms) };
}

const query = (over: Partial<{ origin: string; tabId: number; frameId: number; method: string; path: string; report: string }> = {}) => ({
  origin: SITE,
  tabId: 7,
  frameId: 0,
  method: 'GET',
  path: '2fa/challenge',
  report: '["r-1",{"provider":"google"}]',
  ...over,
});

describe('pairing a page\'s report with the browser\'s record', () => {
  it('pairs once, with the oldest unclaimed record of the same origin, tab, frame, method and path', async () => {
    const h = log();
    await h.request('2fa/challenge', 200);
    await h.request('2fa/challenge', 422);
    const q = query();
    expect(await h.network.claim(q)).toMatchObject({ status: 200, usedBy: q.report });
    expect(await h.network.claim(query({ report: 'r-2' }))).toMatchObject({ status: 422 });
    // Each record vouches for one report only; the same report again (resent to a restarted worker) gets its record back.
    expect(await h.network.claim(query({ report: 'r-3' }))).toBeNull();
    expect(await h.make().claim(q)).toMatchObject({ status: 200 });
  });

  it('another origin, tab, frame, method or path: nothing to pair with', async () => {
    const h = log();
    await h.request('2fa/challenge');
    for (const q of [query({ origin: 'http://127.0.0.1:9999' }), query({ tabId: 8 }), query({ frameId: 3 }), query({ method: 'POST' }), query({ path: 'signin' })]) {
      expect(await h.network.claim(q)).toBeNull();
    }
    expect(await h.network.claim(query())).toMatchObject({ path: '2fa/challenge' });
  });

  it('waits (bounded) for a record the browser reports after the page\'s message', async () => {
    const h = log();
    const claim = h.network.claim(query());
    await h.request('2fa/challenge');
    expect(await claim).toMatchObject({ path: '2fa/challenge' });
    // Never seen: gives up after the bounded wait.
    expect(await h.network.claim(query({ path: 'signin', method: 'POST' }))).toBeNull();
    expect(h.waits.length).toBeGreaterThan(10);
  });

  it('a request that failed, or one still in flight, pairs with nothing; answers capture does not act on leave nothing behind', async () => {
    const h = log();
    await h.network.begin({ requestId: 'x', url: `${SITE}/api/v2/my/signin`, method: 'POST', tabId: 7, frameId: 0, timeStamp: T0 });
    await h.network.fail('x');
    await h.network.begin({ requestId: 'y', url: `${SITE}/api/v2/my/signin`, method: 'POST', tabId: 7, frameId: 0, timeStamp: T0 });
    expect(await h.network.claim(query({ method: 'POST', path: 'signin' }))).toBeNull();
    expect(h.networkKeys()).toEqual(['networkLog:y']);
    // Only its `Date` mattered: gone once complete.
    await h.request('2fa/changes');
    expect(h.networkKeys()).toEqual(['networkLog:y']);
  });

  it('is bounded in number and in age', async () => {
    const h = log();
    for (let i = 0; i < MAX_RECORDS + 10; i++) await h.request('2fa/challenge', 409);
    await h.network.claim(query());
    const starts = () => h.networkKeys().filter((k) => !k.includes(':', 'networkLog:'.length));
    expect(starts()).toHaveLength(MAX_RECORDS);
    h.advance(RECORD_TTL_MS + 1);
    await h.request('2fa/challenge');
    await h.network.claim(query({ report: 'late' }));
    expect(starts()).toHaveLength(1);
  });

  it('a request survives a worker stopped between its events: each event is one write of its own', async () => {
    const h = log();
    const url = `${SITE}/api/v2/my/2fa/wizard`;
    const body = { raw: [{ bytes: new TextEncoder().encode(JSON.stringify({ uuid: 'w-1', code: '123456' })).buffer as ArrayBuffer }] };
    await h.network.begin({ requestId: 'w', url, method: 'POST', tabId: 7, frameId: 0, timeStamp: T0, requestBody: body });
    // A new worker life for each event: a new log over the same session area.
    await h.make().headers({ requestId: 'w', requestHeaders: [{ name: 'Authorization', value: `Bearer e30.${Buffer.from(JSON.stringify({ sub: '9' })).toString('base64url')}.c2ln` }] });
    await h.make().complete({ requestId: 'w', url, statusCode: 200, timeStamp: T0 + 400 });
    expect(await h.make().claim(query({ method: 'POST', path: '2fa/wizard' }))).toMatchObject({ body: { uuid: 'w-1', code: '123456' }, sub: '9', status: 200 });
  });

  it('keeps the bearer\'s client, never the token', async () => {
    const h = log();
    const url = `${SITE}/api/v2/my/2fa/challenge`;
    await h.network.begin({ requestId: 'z', url, method: 'GET', tabId: 7, frameId: 0, timeStamp: T0 });
    const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: '42' })).toString('base64url')}.c2lnbmF0dXJl`;
    await h.network.headers({ requestId: 'z', requestHeaders: [{ name: 'Authorization', value: `Bearer ${token}` }] });
    await h.network.complete({ requestId: 'z', url, statusCode: 200, timeStamp: T0 });
    expect(await h.network.claim(query())).toMatchObject({ sub: '42' });
    expect(JSON.stringify(h.session.dump())).not.toContain(token);
  });
});
