import { isFillReason, type FillReason } from './fill-reason';

/**
 * The one message the worker sends to our content script in a tab: "fill the code field now"
 * (the popup's "Fill", the keyboard shortcut). Checked by hand: the content script carries no
 * schema library.
 */

export interface FillRequest {
  type: 'autofill/fill';
  payload: { reason: FillReason };
}

export const fillRequest = (reason: FillReason): FillRequest => ({ type: 'autofill/fill', payload: { reason } });

export function isFillRequest(message: unknown): message is FillRequest {
  const m = message as FillRequest | null;
  return typeof m === 'object' && m !== null && m.type === 'autofill/fill' && typeof m.payload === 'object' && m.payload !== null && isFillReason(m.payload.reason);
}
