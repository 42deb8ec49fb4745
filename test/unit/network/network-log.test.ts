import { describe, expect, it } from 'vitest';
import { createNetworkLog, MAX_RECORDS, RECORD_TTL_MS } from '../../../src/network';
import { memoryArea } from '../../../src/worker';

const SITE = 'http://127.0.0.1:8787';

function log() {
  let now = 1_764_000_000_000;
  const session = memoryArea();
  const waits: number[] = [];
  const network = createNetworkLog({
    session,
    key: 'networkLog',
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  });
  let id = 0;
  /** One request of tab 7 as the browser reports it: begin, headers, complete. */
  const request = async (path: string, status = 200, over: { tabId?: number; frameId?: number; origin?: string } = {}) => {
    const requestId = String(++id);
    const url = `${over.origin ?? SITE}/api/v2/my/${path}`;
    await network.begin({ requestId, url, method: 'GET', tabId: over.tabId ?? 7, frameId: over.frameId ?? 0, timeStamp: now });
    await network.complete({ requestId, url, statusCode: status, timeStamp: now }, (o) => o === SITE);
    return requestId;
  };
  return { network, session, request, waits, advance: (ms: number) => (now += ms) };
}

describe('pairing a page\'s report with the browser\'s record', () => {
  it('pairs once, with the oldest unused record of the same tab, frame, method and path', async () => {
    const h = log();
    await h.request('2fa/challenge', 200);
    await h.request('2fa/challenge', 422);
    const q = { tabId: 7, frameId: 0, method: 'GET', path: '2fa/challenge', report: '{"provider":"google"}' };
    expect(await h.network.claim(q)).toMatchObject({ status: 200, usedBy: q.report });
    expect(await h.network.claim({ ...q, report: '{"provider":"sms"}' })).toMatchObject({ status: 422 });
    // Each record vouches for one report only; the same report again (resent to a restarted worker) gets its record back.
    expect(await h.network.claim({ ...q, report: '{"provider":"email"}' })).toBeNull();
    expect(await h.network.claim(q)).toMatchObject({ status: 200 });
  });

  it('another tab, frame, method or path, or an unregistered origin: nothing to pair with', async () => {
    const h = log();
    await h.request('2fa/challenge');
    await h.request('2fa/challenge', 200, { origin: 'http://127.0.0.1:9999' });
    for (const q of [
      { tabId: 8, frameId: 0, method: 'GET', path: '2fa/challenge', report: '' },
      { tabId: 7, frameId: 3, method: 'GET', path: '2fa/challenge', report: '' },
      { tabId: 7, frameId: 0, method: 'POST', path: '2fa/challenge', report: '' },
      { tabId: 7, frameId: 0, method: 'GET', path: '2fa', report: '' },
    ]) {
      expect(await h.network.claim(q)).toBeNull();
    }
    expect(await h.session.get<unknown[]>('networkLog')).toHaveLength(1);
    // Nothing of the unregistered origin's request is left behind.
    expect(Object.keys(h.session.dump())).toEqual(['networkLog']);
  });

  it('waits (bounded) for a record the browser reports after the page\'s message', async () => {
    const h = log();
    const claim = h.network.claim({ tabId: 7, frameId: 0, method: 'GET', path: '2fa/challenge', report: '' });
    await h.request('2fa/challenge');
    expect(await claim).toMatchObject({ path: '2fa/challenge' });
    // Never seen: gives up after the bounded wait.
    expect(await h.network.claim({ tabId: 7, frameId: 0, method: 'GET', path: 'signin', report: '' })).toBeNull();
    expect(h.waits.length).toBeGreaterThan(10);
  });

  it('a request that failed, or one still in flight, pairs with nothing; records are bounded in number and age', async () => {
    const h = log();
    await h.network.begin({ requestId: 'x', url: `${SITE}/api/v2/my/signin`, method: 'POST', tabId: 7, frameId: 0, timeStamp: 0 });
    await h.network.fail('x');
    await h.network.begin({ requestId: 'y', url: `${SITE}/api/v2/my/signin`, method: 'POST', tabId: 7, frameId: 0, timeStamp: 0 });
    expect(await h.network.claim({ tabId: 7, frameId: 0, method: 'POST', path: 'signin', report: '' })).toBeNull();
    for (let i = 0; i < MAX_RECORDS + 10; i++) await h.request(`p${i}`);
    expect(await h.session.get<unknown[]>('networkLog')).toHaveLength(MAX_RECORDS);
    h.advance(RECORD_TTL_MS + 1);
    await h.request('late');
    expect(await h.session.get<unknown[]>('networkLog')).toHaveLength(1);
  });

  it('a request in flight survives a worker stopped between its events: each is one write of its own', async () => {
    const h = log();
    const url = `${SITE}/api/v2/my/2fa/wizard`;
    const body = { raw: [{ bytes: new TextEncoder().encode(JSON.stringify({ uuid: 'w-1', code: '123456' })).buffer as ArrayBuffer }] };
    await h.network.begin({ requestId: 'w', url, method: 'POST', tabId: 7, frameId: 0, timeStamp: 1_764_000_000_000, requestBody: body });
    // A new worker life: a new log over the same session area.
    const next = createNetworkLog({ session: h.session, key: 'networkLog', now: () => 1_764_000_000_500, sleep: async () => undefined });
    await next.complete({ requestId: 'w', url, statusCode: 200, timeStamp: 1_764_000_000_400 }, () => true);
    expect(await next.claim({ tabId: 7, frameId: 0, method: 'POST', path: '2fa/wizard', report: '' })).toMatchObject({ body: { uuid: 'w-1', code: '123456' }, status: 200 });
  });

  it('keeps the bearer\'s client, never the token', async () => {
    const h = log();
    await h.network.begin({ requestId: 'z', url: `${SITE}/api/v2/my/2fa`, method: 'GET', tabId: 7, frameId: 0, timeStamp: 1_764_000_000_000 });
    const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: '42' })).toString('base64url')}.c2lnbmF0dXJl`;
    await h.network.headers({ requestId: 'z', requestHeaders: [{ name: 'Authorization', value: `Bearer ${token}` }] });
    await h.network.complete({ requestId: 'z', url: `${SITE}/api/v2/my/2fa`, statusCode: 200, timeStamp: 1_764_000_000_000 }, () => true);
    expect(await h.network.claim({ tabId: 7, frameId: 0, method: 'GET', path: '2fa', report: '' })).toMatchObject({ sub: '42' });
    expect(JSON.stringify(h.session.dump())).not.toContain(token);
  });
});
