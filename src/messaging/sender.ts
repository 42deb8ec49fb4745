import { isSecureOrigin, originOf } from '../origin';
import { err, ok, type Result } from '../result';

/**
 * Who sent a runtime message (../shared/DESIGN.md, trust rules: "every message into the worker is
 * checked: sender is our extension, `sender.origin` is registered"). The fields are those of
 * `runtime.MessageSender`.
 */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type SenderKind =
  /** Our popup, options page or another page of the extension itself. */
  | { kind: 'page' }
  /** Our content script in the top frame, or a same-origin frame, of an exact registered origin. */
  | { kind: 'content'; origin: string; tabId: number; frameId: number };

export type SenderProblem =
  | 'foreign_extension'
  | 'no_origin'
  | 'insecure_origin'
  | 'unregistered_origin'
  | 'cross_origin_frame'
  | 'no_tab';

export interface SenderPolicy {
  extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  extensionOrigin: string;
  isRegistered(origin: string): boolean;
}

export function classifySender(sender: Sender, policy: SenderPolicy): Result<SenderKind, SenderProblem> {
  const fail = (error: SenderProblem) => err(error);
  if (sender.id !== policy.extensionId) return fail('foreign_extension');
  // Our own pages: by origin (Chrome) or URL (Firefox; `new URL` gives extension schemes no origin).
  if (sender.origin === policy.extensionOrigin || sender.url?.startsWith(`${policy.extensionOrigin}/`)) return ok({ kind: 'page' });
  const origin = sender.origin && sender.origin !== 'null' ? sender.origin : originOf(sender.url);
  if (origin === null) return fail('no_origin');
  if (!isSecureOrigin(origin)) return fail('insecure_origin');
  if (!policy.isRegistered(origin)) return fail('unregistered_origin');
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0) return fail('no_tab');
  const frameId = sender.frameId ?? 0;
  if (frameId !== 0 && originOf(sender.tab?.url) !== origin) return fail('cross_origin_frame');
  return ok({ kind: 'content', origin, tabId, frameId });
}
