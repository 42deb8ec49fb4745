import type { createMessenger } from '../messaging/client';
import type { FillReason } from '../messaging/fill-reason';

/**
 * From the channel to the worker: each report, parsed, named once (`<nonce prefix>-<n>`, so that a
 * resend to a restarted worker is known as the same report and may take its request's record
 * again — handling it twice is harmless: a staged key is not staged again, an activated account is
 * no longer pending, a grant is only renewed), and sent as `capture/exchange`. When the worker's
 * answer says the API wants a code, `fill` is called with the reason.
 */
export function createRelay(deps: { call: ReturnType<typeof createMessenger>; nonce: string; fill(reason: FillReason): Promise<unknown> }): (text: string) => Promise<void> {
  let reports = 0;
  return async (text) => {
    let exchange: unknown;
    try {
      exchange = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof exchange !== 'object' || exchange === null || Array.isArray(exchange)) return;
    (exchange as { id?: string }).id = `${deps.nonce.slice(0, 8)}-${++reports}`;
    const reply = await deps.call('capture/exchange', { exchange });
    if (reply.ok && reply.value.fill) await deps.fill(reply.value.fill);
  };
}
