import { describe, expect, it } from 'vitest';
import { createMessenger } from '../../../src/messaging';
import { createPageMessenger } from '../../../src/ui';

/** The popup's valibot-free messenger must answer exactly as src/messaging's `createMessenger`. */
describe('createPageMessenger', () => {
  const raws: unknown[] = [
    { ok: true, value: { sites: ['https://a.example'] } },
    { ok: true, value: null },
    { ok: true },
    { ok: false, error: { kind: 'locked', message: 'The vault is locked.' } },
    { ok: false, error: { kind: 'invalid_input', message: 'Bad site.' } },
    { ok: false, error: { kind: 'locked' } },
    { ok: false, error: { kind: 'something_new', message: 'A kind this build does not know.' } },
    { ok: true, value: 1, extra: 'ignored' },
    { ok: false, error: 'nope' },
    { ok: 'yes', value: 1 },
    undefined,
    null,
    'text',
    42,
  ];

  it.each(raws.map((raw) => [JSON.stringify(raw) ?? 'undefined', raw]))('reply %s', async (_name, raw) => {
    const send = async () => raw;
    const expected = await createMessenger(send)('sites/list', {});
    expect(await createPageMessenger(send)('sites/list', {})).toEqual(expected);
  });

  it('a failed delivery (worker gone) is a reply, and the message sent is {type, payload}', async () => {
    const sent: unknown[] = [];
    const reply = await createPageMessenger(async (message) => {
      sent.push(message);
      throw new Error('Could not establish connection. Receiving end does not exist.');
    })('sites/add', { site: 'https://a.example' });
    expect(sent).toEqual([{ type: 'sites/add', payload: { site: 'https://a.example' } }]);
    expect(reply).toEqual(await createMessenger(async () => Promise.reject(new Error('x')))('sites/add', { site: 'https://a.example' }));
  });
});
