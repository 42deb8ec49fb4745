import { isFillReason, type FillReason } from './fill-reason';

/**
 * The one message the worker sends to our content script in a tab: "fill the code field now"
 * (the popup's "Fill", the keyboard shortcut, the context menu). Checked by hand: the content script carries no
 * schema library.
 */

/** Which field: the one the page's layout makes the code field (default), or the one the person right-clicked. */
export type FillTarget = 'context';

export interface FillRequest {
  type: 'autofill/fill';
  payload: { reason: FillReason; at?: FillTarget };
}

export const fillRequest = (reason: FillReason, at?: FillTarget): FillRequest => ({ type: 'autofill/fill', payload: at ? { reason, at } : { reason } });

export function isFillRequest(message: unknown): message is FillRequest {
  const m = message as FillRequest | null;
  return typeof m === 'object' && m !== null && m.type === 'autofill/fill' && typeof m.payload === 'object' && m.payload !== null && isFillReason(m.payload.reason) && (m.payload.at === undefined || m.payload.at === 'context');
}
