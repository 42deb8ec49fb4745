import type { MessageError, MessageErrorKind, MessageType, Reply, ReplyOf, RequestOf } from './protocol';
import { ok, err } from '../result';
import { refuse } from './refuse';

/**
 * The sending side for popup, options and content scripts: `send` is `browser.runtime.sendMessage`
 * (injected). A failed delivery (worker restarting, extension reloaded) or a reply that is not a
 * `Reply` is a reply too, never a throw. The envelope is checked by hand so that the popup and the
 * content script carry no schema library; the worker's router validates every request's payload.
 * `texts` words those two failures for people (the pages pass translated ones; the content script,
 * which never shows them, keeps the English defaults and carries no i18n code).
 */
export interface MessengerTexts {
  noAnswer(): string;
  badAnswer(): string;
}

const ENGLISH: MessengerTexts = {
  noAnswer: () => 'The extension did not answer; try again.',
  badAnswer: () => 'The extension answered something unexpected.',
};

export function createMessenger(send: (message: unknown) => Promise<unknown>, texts: MessengerTexts = ENGLISH) {
  return async function call<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Reply<ReplyOf<T>>> {
    let raw: unknown;
    try {
      raw = await send({ type, payload });
    } catch {
      return refuse('internal', texts.noAnswer());
    }
    const reply = asReply(raw);
    if (!reply) return refuse('internal', texts.badAnswer());
    return reply as Reply<ReplyOf<T>>;
  };
}

function asReply(raw: unknown): { ok: true; value: unknown } | { ok: false; error: MessageError } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const reply = raw as { ok?: unknown; value?: unknown; error?: unknown };
  if (reply.ok === true && 'value' in reply) return ok(reply.value);
  if (reply.ok !== false || typeof reply.error !== 'object' || reply.error === null) return null;
  const { kind, message } = reply.error as { kind?: unknown; message?: unknown };
  if (typeof kind !== 'string' || typeof message !== 'string') return null;
  return err({ kind: kind as MessageErrorKind, message });
}
