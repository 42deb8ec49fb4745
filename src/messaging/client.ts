import * as v from 'valibot';
import type { MessageType, Reply, ReplyOf, RequestOf } from './protocol';
import { ReplySchema } from './protocol';

/**
 * The sending side for popup, options and content scripts: `send` is `browser.runtime.sendMessage`
 * (injected). A failed delivery (worker restarting, extension reloaded) is a reply too, not a throw.
 */
export function createMessenger(send: (message: unknown) => Promise<unknown>) {
  return async function call<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Reply<ReplyOf<T>>> {
    let raw: unknown;
    try {
      raw = await send({ type, payload });
    } catch {
      return { ok: false, error: { kind: 'internal', message: 'The extension did not answer; try again.' } };
    }
    const reply = v.safeParse(ReplySchema, raw);
    if (!reply.success) return { ok: false, error: { kind: 'internal', message: 'The extension answered something unexpected.' } };
    return reply.output as Reply<ReplyOf<T>>;
  };
}
