import { describe, expect, it } from 'vitest';
import { DEMO, expectErrorBody, fingerprint, useSandbox } from '../fixtures/sandbox';

/** `/__sandbox/faults`: injected 429 / 500 / 503 answers and delays, spent request by request. */
const sb = useSandbox();

const setFaults = (rules: unknown[]) => sb.call('POST', '/__sandbox/faults', { body: { rules } });

describe('POST /__sandbox/faults', () => {
  it('answers the next matching request with the status, then lets requests through again', async () => {
    expect((await setFaults([{ method: 'POST', path: 'signin', status: 500 }])).status).toBe(204);
    const wizard = await sb.call('GET', 'signin/wizard');
    expect(wizard.status).toBe(200); // another route: untouched
    const body = { uuid: wizard.json.uuid, email: DEMO.email, password: DEMO.password, device_fingerprint: fingerprint() };
    const failed = await sb.call('POST', 'signin', { body });
    expectErrorBody(failed, 500, 'internal_error');
    expect(failed.json.error.message).toContain('/__sandbox/faults');
    expect(failed.headers.get('date')).toBeTruthy();
    // The handler was never reached: the same sign-in session still works.
    expect((await sb.call('POST', 'signin', { body })).json.code).toBe(202);
    expect((await sb.call('GET', '/__sandbox/faults')).json).toEqual({ rules: [] });
  });

  it('429 carries Retry-After; 503 too; `times` spends a rule over several requests; `*` matches any path', async () => {
    await setFaults([
      { path: 'signin/wizard', status: 429, retryAfterSeconds: 7, times: 2 },
      { method: 'GET', path: '*', status: 503 },
    ]);
    for (let i = 0; i < 2; i++) {
      const limited = await sb.call('GET', 'signin/wizard');
      expectErrorBody(limited, 429, 'rate_limited');
      expect(limited.headers.get('retry-after')).toBe('7');
    }
    expect((await sb.call('GET', '/__sandbox/faults')).json.rules).toEqual([{ method: 'GET', path: '*', status: 503, times: 1 }]);
    const unavailable = await sb.call('GET', 'signin/wizard');
    expectErrorBody(unavailable, 503, 'unavailable');
    expect(unavailable.headers.get('retry-after')).toBe('5');
    expect((await sb.call('GET', 'signin/wizard')).status).toBe(200);
  });

  it('delays an answer (a slow server, a client timeout) with or without failing it', async () => {
    await setFaults([{ method: 'GET', path: 'signin/wizard', delayMs: 400 }]);
    const started = Date.now();
    const slow = await sb.call('GET', 'signin/wizard');
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    // A client that gives up first sees a timeout; the server then answers nobody.
    await setFaults([{ method: 'GET', path: 'signin/wizard', delayMs: 2000 }]);
    await expect(fetch(`${sb.url}/api/v2/my/signin/wizard`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it('is cleared by an empty list and by /__sandbox/reset; refuses bad rules naming the field', async () => {
    await setFaults([{ path: '*', status: 500, times: 5 }]);
    await setFaults([]);
    expect((await sb.call('GET', 'signin/wizard')).status).toBe(200);
    await setFaults([{ path: '*', status: 500, times: 5 }]);
    await sb.call('POST', '/__sandbox/reset');
    expect((await sb.call('GET', 'signin/wizard')).status).toBe(200);

    const bad = await setFaults([{ path: '/api/v2/my/signin', status: 418, delayMs: 60_000, method: 'PUT' }]);
    expectErrorBody(bad, 400, 'validation_failed');
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['rules.0.delayMs', 'rules.0.method', 'rules.0.path', 'rules.0.status']);
    expectErrorBody(await setFaults([{ path: 'signin' }]), 400, 'validation_failed');
    expectErrorBody(await sb.call('POST', '/__sandbox/faults', { body: { rules: 'all' } }), 400, 'validation_failed');
  });
});
