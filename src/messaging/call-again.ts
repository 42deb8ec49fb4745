import type { createMessenger } from './client';
import type { MessageType, Reply, ReplyOf, RequestOf } from './protocol';

/** Times a message is sent again when the worker did not answer. */
const RETRIES = 3;

type Call = ReturnType<typeof createMessenger>;

/**
 * A messenger that sends again, with growing pauses, when the worker did not answer (`internal`):
 * it may have been stopped while handling the message, and the browser starts it again for the
 * next one. Only for messages whose handling twice is harmless.
 */
export function callAgain(call: Call, wait: (ms: number) => Promise<void>): Call {
  return async function again<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Reply<ReplyOf<T>>> {
    let reply = await call(type, payload);
    for (let retry = 0; retry < RETRIES && !reply.ok && reply.error.kind === 'internal'; retry++) {
      await wait(250 * 2 ** retry);
      reply = await call(type, payload);
    }
    return reply;
  };
}
