import { beforeEach, describe, expect, it } from 'vitest';
import { startAgent } from '../../../src/content';
import { observePage } from '../../../src/capture/page-observer';

/**
 * The capture script and the content script together in one (happy-dom) window: the handshake in
 * both start orders, what travels (and what never does), and a page that tries to join in.
 */
const API = `${location.origin}/api/v2/my/`;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', Date: 'Sat, 28 Nov 2026 10:00:00 GMT' } });

let sent: { type: string; payload: any }[];
let realFetch: typeof fetch;
beforeEach(() => {
  sent = [];
  realFetch ??= window.fetch;
  document.body.innerHTML = '';
});

function agent(sites: string[] = [location.origin], reply: (type: string) => unknown = () => ({ ok: true, value: { accepted: true, fill: null } })) {
  return startAgent({
    win: window as never,
    sites: async () => sites,
    call: (async (type: string, payload: unknown) => {
      sent.push({ type, payload });
      return reply(type);
    }) as never,
    random: () => crypto.getRandomValues(new Uint8Array(16)),
    isVisible: () => true,
    fieldTimeoutMs: 300,
  });
}

/** The page's network: a fake `fetch` answering sign-in, installed before the capture script wraps it. */
function pageNetwork() {
  window.fetch = (async (input: RequestInfo | URL) => {
    // The capture script hands fetch a Request it built itself (see page-observer.ts).
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith('signin')) return json({ code: 200, data: null, done: false, uuid: 'u-1', workflow: '2fa_google_auth' });
    if (url.endsWith('2fa/google/enable/wizard')) return json({ code: 200, data: { key: 'TPYXG33M4LOHFJHB' }, done: false, uuid: 'w-1', workflow: '2fa_google' });
    return json({ total: 0, data: [] });
  }) as typeof fetch;
}

const settle = () => new Promise((done) => setTimeout(done, 20));

/** Both scripts started, in the given order (the browser does not promise one). */
function startBoth(order: string) {
  if (order === 'capture script first') {
    observePage(window as never);
    return agent();
  }
  const a = agent();
  observePage(window as never);
  return a;
}

describe('capture script → content script → worker', () => {
  it.each(['content script first', 'capture script first'])('relays minimal reports (%s): the route and the answer\'s body, never the request or the password', async (order) => {
    pageNetwork();
    const a = startBoth(order);
    expect(await a.ready).toBe(true);
    await window.fetch(`${API}signin`, { method: 'POST', body: JSON.stringify({ uuid: 'u-1', email: 'demo@example.com', password: 'Demo-Passw0rd', device_fingerprint: 'x' }) });
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      type: 'capture/exchange',
      payload: {
        // The worker takes status, `Date`, the request body and the token's client from the browser.
        exchange: {
          // The content script's name for the report (the same on a resend).
          id: expect.stringMatching(/^[0-9a-f]{8}-1$/),
          method: 'POST',
          path: 'signin',
          // Only the fields the capture spec names for `POST signin` (capture/routes.ts).
          response: { code: 200, workflow: '2fa_google_auth' },
        },
      },
    });
    expect(JSON.stringify(sent)).not.toContain('Demo-Passw0rd');
    expect(JSON.stringify(sent)).not.toContain('demo@example.com');
    // Other API answers and other hosts: nothing at all.
    await window.fetch(`${API}2fa/changes`);
    await window.fetch('https://elsewhere.example/api/v2/my/signin', { method: 'POST' });
    await settle();
    expect(sent).toHaveLength(1);
    window.fetch = realFetch;
  });

  it('stays silent on an unregistered origin', async () => {
    pageNetwork();
    const a = agent([]);
    observePage(window as never);
    expect(await a.ready).toBe(false);
    await window.fetch(`${API}2fa/google/enable/wizard`);
    await settle();
    expect(sent).toEqual([]);
    window.fetch = realFetch;
  });

  it.each(['content script first', 'capture script first'])('ignores a page that replays the handshake or guesses a channel (%s)', async (order) => {
    pageNetwork();
    const a = startBoth(order);
    await a.ready;
    const nonces: unknown[] = [];
    document.addEventListener('b2ca-hello-iso', (e) => nonces.push((e as CustomEvent).detail));
    document.dispatchEvent(new CustomEvent('b2ca-hello-main', { detail: '' }));
    const forged = JSON.stringify({ method: 'GET', path: '2fa/google/enable/wizard', status: 200, response: { code: 200, uuid: 'x', workflow: '2fa_google', key: 'JBSWY3DPEHPK3PXP' } });
    document.dispatchEvent(new CustomEvent(`b2ca-${'0'.repeat(32)}`, { detail: forged }));
    await settle();
    expect(nonces).toEqual([]);
    expect(sent).toEqual([]);
    window.fetch = realFetch;
  });

  it('fills the code field when the worker says the API wants a code', async () => {
    pageNetwork();
    document.body.innerHTML = '<form><label>Code from Google Authenticator <input name="code"></label></form>';
    const a = agent([location.origin], (type) =>
      type === 'capture/exchange' ? { ok: true, value: { accepted: true, fill: 'signin' } } : { ok: true, value: { code: '123456', secondsLeft: 20, submit: false } },
    );
    observePage(window as never);
    await a.ready;
    await window.fetch(`${API}signin`, { method: 'POST', body: '{}' });
    await settle();
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['capture/exchange', 'autofill/code']);
    expect(document.querySelector('input')!.value).toBe('123456');
    window.fetch = realFetch;
  });

  it('sends an exchange and a code request again when the worker did not answer (stopped mid-way)', async () => {
    pageNetwork();
    document.body.innerHTML = '<form><label>Code from Google Authenticator <input name="code"></label></form>';
    let failures = 2;
    const a = agent([location.origin], (type) => {
      if (failures > 0) {
        failures--;
        return { ok: false, error: { kind: 'internal', message: 'The extension did not answer; try again.' } };
      }
      return type === 'capture/exchange' ? { ok: true, value: { accepted: true, fill: 'signin' } } : { ok: true, value: { code: '654321', secondsLeft: 20 } };
    });
    observePage(window as never);
    await a.ready;
    await window.fetch(`${API}signin`, { method: 'POST', body: '{}' });
    for (let i = 0; i < 40 && document.querySelector('input')!.value === ''; i++) await settle();
    expect(sent.map((m) => m.type)).toEqual(['capture/exchange', 'capture/exchange', 'capture/exchange', 'autofill/code']);
    expect(document.querySelector('input')!.value).toBe('654321');
    window.fetch = realFetch;
  });

  it('gives up quietly when no code field appears', async () => {
    const a = agent([location.origin], () => ({ ok: true, value: { code: '123456', secondsLeft: 20, submit: false } }));
    await a.ready;
    expect(await a.fill('manual')).toBe(false);
    expect(sent).toEqual([]);
  });
});
