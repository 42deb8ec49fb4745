import { describe, expect, it } from 'vitest';
import { classifySender, createRouter, type Sender, type SenderPolicy } from '../../../src/messaging';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const EXT = `chrome-extension://${ID}`;
const SITE = 'http://127.0.0.1:8787';
const policy: SenderPolicy = { extensionId: ID, extensionOrigin: EXT, isRegistered: (o) => o === SITE || o === 'https://broker.example' };

const content = (over: Partial<Sender> = {}): Sender => ({ id: ID, origin: SITE, url: `${SITE}/#/signin`, tab: { id: 7, url: `${SITE}/#/signin` }, frameId: 0, ...over });
const page: Sender = { id: ID, origin: EXT, url: `${EXT}/popup.html` };

describe('classifySender', () => {
  it.each([
    ['our popup', page, { ok: true, value: { kind: 'page' } }],
    ['our page in Firefox (url only)', { id: ID, url: `${EXT}/options.html` }, { ok: true, value: { kind: 'page' } }],
    ['content script, top frame', content(), { ok: true, value: { kind: 'content', origin: SITE, tabId: 7, frameId: 0 } }],
    ['content script, same-origin frame', content({ frameId: 3 }), { ok: true, value: { kind: 'content', origin: SITE, tabId: 7, frameId: 3 } }],
    ['content script, Firefox url only', content({ origin: undefined }), { ok: true, value: { kind: 'content', origin: SITE, tabId: 7, frameId: 0 } }],
    ['another extension', { ...page, id: 'x'.repeat(32) }, { ok: false, error: 'foreign_extension' }],
    ['unregistered origin', content({ origin: 'https://evil.example', url: 'https://evil.example/' }), { ok: false, error: 'unregistered_origin' }],
    ['same host, other port', content({ origin: 'http://127.0.0.1:9999', url: 'http://127.0.0.1:9999/' }), { ok: false, error: 'unregistered_origin' }],
    ['http lookalike of an https site', content({ origin: 'http://broker.example', url: 'http://broker.example/' }), { ok: false, error: 'insecure_origin' }],
    ['cross-origin frame in a registered tab', content({ frameId: 2, origin: 'https://broker.example', url: 'https://broker.example/', tab: { id: 7, url: `${SITE}/` } }), { ok: false, error: 'cross_origin_frame' }],
    ['registered frame inside an unknown top page', content({ frameId: 2, tab: { id: 7 } }), { ok: false, error: 'cross_origin_frame' }],
    ['sandboxed frame (opaque origin)', content({ origin: 'null', url: 'about:srcdoc', frameId: 4 }), { ok: false, error: 'no_origin' }],
    ['no tab', content({ tab: undefined }), { ok: false, error: 'no_tab' }],
  ] as const)('%s', (_name, sender, expected) => {
    expect(classifySender(sender as Sender, policy)).toEqual(expected);
  });
});

describe('the router', () => {
  const logs: string[] = [];
  const route = createRouter({
    policy: () => policy,
    log: (line) => logs.push(line),
    content: {
      'capture/exchange': async () => ({ ok: true, value: { accepted: true, fill: null } }),
      // A deliberately buggy handler: it tries to hand the key to the page along with the code.
      'autofill/code': async (request) =>
        request.reason === 'manual'
          ? ({ ok: true, value: { code: '123456', secondsLeft: 20, submit: false, secret: 'JBSWY3DPEHPK3PXP' } } as never)
          : { ok: true, value: { code: '123456', secondsLeft: 20, submit: false } },
    },
    page: {
      'vault/state': async () => ({ ok: true, value: { state: 'plain', unlocked: true } }),
      'sites/add': async ({ site }) => (site === 'bad' ? { ok: false, error: { kind: 'invalid_input', message: 'Not a site address.' } } : { ok: true, value: { origin: site } }),
      'sites/list': async () => {
        throw new Error('boom with JBSWY3DPEHPK3PXP inside');
      },
    },
  });

  it('answers content scripts with a code and nothing else', async () => {
    expect(await route({ type: 'autofill/code', payload: { reason: 'signin' } }, content())).toEqual({ ok: true, value: { code: '123456', secondsLeft: 20, submit: false } });
  });

  it('blocks a content reply that carries anything beyond the protocol (a key), and says nothing of it', async () => {
    const reply = await route({ type: 'autofill/code', payload: { reason: 'manual' } }, content());
    expect(reply).toEqual({ ok: false, error: { kind: 'internal', message: 'The extension failed to handle this request.' } });
    expect(JSON.stringify(reply) + logs.join()).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('refuses page messages from content scripts, and unknown senders entirely', async () => {
    expect(await route({ type: 'vault/state', payload: {} }, content())).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    expect(await route({ type: 'autofill/code', payload: {} }, content({ origin: 'https://evil.example', url: 'https://evil.example/' }))).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await route({ type: 'vault/state', payload: {} }, { ...page, id: 'other' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('checks every message against the protocol', async () => {
    expect(await route('hello', page)).toMatchObject({ ok: false, error: { kind: 'bad_message' } });
    expect(await route({ type: 'sites/add', payload: { site: 42 } }, page)).toMatchObject({ ok: false, error: { kind: 'bad_message', message: expect.stringContaining('site') } });
    expect(await route({ type: 'toString', payload: {} }, page)).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    expect(await route({ type: 'autofill/code', payload: { reason: 'everything' } }, content())).toMatchObject({ ok: false, error: { kind: 'bad_message' } });
  });

  it('passes handler results through, and turns a thrown error into a plain internal error', async () => {
    expect(await route({ type: 'vault/state' }, page)).toEqual({ ok: true, value: { state: 'plain', unlocked: true } });
    expect(await route({ type: 'sites/add', payload: { site: 'bad' } }, page)).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Not a site address.' } });
    const thrown = await route({ type: 'sites/list', payload: {} }, page);
    expect(thrown).toEqual({ ok: false, error: { kind: 'internal', message: 'The extension failed to handle this request; try again.' } });
    expect(logs.join('\n')).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await route({ type: 'fill/tab', payload: { tabId: 1 } }, page)).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
  });
});
