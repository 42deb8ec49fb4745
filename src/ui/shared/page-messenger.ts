import type { MessageError, MessageErrorKind } from '../../messaging/protocol';
import type { Messenger } from './adapters';

/**
 * The sending side for the popup and options page, without valibot: the same contract as
 * `createMessenger` in src/messaging (a failed delivery or a malformed reply is a reply, never a
 * throw) with the `Reply` envelope checked by hand, so the popup's bundle carries no schema library
 * (about 1.2 kB gzip less). test/unit/ui/page-messenger.test.ts holds it to `createMessenger` reply
 * for reply. Payload shapes are held by the types here and by the worker's router, which validates
 * every request.
 */
export function createPageMessenger(send: (message: unknown) => Promise<unknown>): Messenger {
  return async (type, payload) => {
    let raw: unknown;
    try {
      raw = await send({ type, payload });
    } catch {
      return { ok: false, error: { kind: 'internal', message: 'The extension did not answer; try again.' } };
    }
    const reply = asReply(raw);
    if (!reply) return { ok: false, error: { kind: 'internal', message: 'The extension answered something unexpected.' } };
    return reply as never;
  };
}

function asReply(raw: unknown): { ok: true; value: unknown } | { ok: false; error: MessageError } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const reply = raw as { ok?: unknown; value?: unknown; error?: unknown };
  if (reply.ok === true && 'value' in reply) return { ok: true, value: reply.value };
  if (reply.ok !== false || typeof reply.error !== 'object' || reply.error === null) return null;
  const { kind, message } = reply.error as { kind?: unknown; message?: unknown };
  if (typeof kind !== 'string' || typeof message !== 'string') return null;
  return { ok: false, error: { kind: kind as MessageErrorKind, message } };
}
