/**
 * The one message the worker sends its offscreen document (Chrome): "clear the clipboard if it still
 * holds this code". Checked by hand: the offscreen page carries no schema library.
 */
export interface ClearRequest {
  type: 'offscreen/clear-clipboard';
  text: string;
}

export const clearRequest = (text: string): ClearRequest => ({ type: 'offscreen/clear-clipboard', text });

export function isClearRequest(message: unknown): message is ClearRequest {
  const m = message as ClearRequest | null;
  return typeof m === 'object' && m !== null && m.type === 'offscreen/clear-clipboard' && typeof m.text === 'string';
}
