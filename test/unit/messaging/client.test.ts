import { describe, expect, it } from 'vitest';
import { createMessenger, fillRequest, isFillRequest } from '../../../src/messaging';

const unexpected = { ok: false, error: { kind: 'internal', message: 'The extension answered something unexpected.' } };

/** The one sender (popup, options, content script): every raw answer becomes a `Reply`, never a throw. */
describe('createMessenger', () => {
  const cases: [unknown, unknown][] = [
    [{ ok: true, value: { sites: ['https://a.example'] } }, { ok: true, value: { sites: ['https://a.example'] } }],
    [{ ok: true, value: null }, { ok: true, value: null }],
    [{ ok: true, value: 1, extra: 'ignored' }, { ok: true, value: 1 }],
    [{ ok: false, error: { kind: 'locked', message: 'The vault is locked.' } }, { ok: false, error: { kind: 'locked', message: 'The vault is locked.' } }],
    [{ ok: false, error: { kind: 'something_new', message: 'A kind this build does not know.' } }, { ok: false, error: { kind: 'something_new', message: 'A kind this build does not know.' } }],
    [{ ok: true }, unexpected],
    [{ ok: false, error: { kind: 'locked' } }, unexpected],
    [{ ok: false, error: 'nope' }, unexpected],
    [{ ok: 'yes', value: 1 }, unexpected],
    [undefined, unexpected],
    [null, unexpected],
    ['text', unexpected],
    [42, unexpected],
  ];

  it.each(cases.map(([raw, reply]) => [JSON.stringify(raw) ?? 'undefined', raw, reply]))('reply %s', async (_name, raw, expected) => {
    expect(await createMessenger(async () => raw)('sites/list', {})).toEqual(expected);
  });

  it('a failed delivery (worker gone) is a reply, and the message sent is {type, payload}', async () => {
    const sent: unknown[] = [];
    const reply = await createMessenger(async (message) => {
      sent.push(message);
      throw new Error('Could not establish connection. Receiving end does not exist.');
    })('sites/add', { site: 'https://a.example' });
    expect(sent).toEqual([{ type: 'sites/add', payload: { site: 'https://a.example' } }]);
    expect(reply).toEqual({ ok: false, error: { kind: 'internal', message: 'The extension did not answer; try again.' } });
  });
});

describe('the worker → tab fill request', () => {
  it('is recognised only in its exact shape', () => {
    expect(isFillRequest(fillRequest('manual'))).toBe(true);
    for (const bad of [null, 'autofill/fill', { type: 'autofill/fill' }, { type: 'autofill/fill', payload: { reason: 'everything' } }, { type: 'other', payload: { reason: 'manual' } }]) {
      expect(isFillRequest(bad)).toBe(false);
    }
  });
});
