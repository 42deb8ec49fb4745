import { t } from '../i18n';
import * as v from 'valibot';
import { ok, type Result } from '../result';
import { tables, type ContentType, type MessageError, type PageType, type Reply, type ReplyOf, type RequestOf } from './protocol';
import { classifySender, type Sender, type SenderKind, type SenderPolicy } from './sender';
import { refuse } from './refuse';

/**
 * The worker's single entry for runtime messages: check the sender, check the message against the
 * protocol, dispatch, and — for content scripts — check the reply against the strict schema before
 * it leaves, so a bug can never hand a key to a page.
 */
type Handler<Req, Res, S> = (request: Req, sender: S) => Promise<Result<Res, MessageError>>;

export type ContentHandlers = { [T in ContentType]: Handler<RequestOf<T>, ReplyOf<T>, Extract<SenderKind, { kind: 'content' }>> };
export type PageHandlers = { [T in PageType]: Handler<RequestOf<T>, ReplyOf<T>, Extract<SenderKind, { kind: 'page' }>> };

export interface RouterDeps {
  /** Read at each message: the registered sites live in storage, not in worker memory. */
  policy(): SenderPolicy | Promise<SenderPolicy>;
  content: Partial<ContentHandlers>;
  page: Partial<PageHandlers>;
  /** Where refusals are reported (type and reason only, never payloads). */
  log?(line: string): void;
}


const Envelope = v.object({ type: v.pipe(v.string(), v.maxLength(64)), payload: v.optional(v.unknown(), {}) });

export function createRouter(deps: RouterDeps) {
  const log = deps.log ?? (() => undefined);

  return async function route(message: unknown, sender: Sender): Promise<Reply<unknown>> {
    const who = classifySender(sender, await deps.policy());
    if (!who.ok) {
      log(`refused a message: ${who.error}`);
      return refuse('forbidden', 'This sender may not talk to the extension.');
    }
    const envelope = v.safeParse(Envelope, message);
    if (!envelope.success) return refuse('bad_message', 'The message is not {type, payload}.');
    const { type, payload } = envelope.output;
    const audience = who.value.kind;
    const entry = Object.hasOwn(tables[audience], type) ? tables[audience][type] : undefined;
    const handler = (deps[audience] as Record<string, Handler<unknown, unknown, SenderKind> | undefined>)[type];
    if (!entry || !handler) {
      log(`refused ${type} from a ${audience} sender`);
      return refuse('unsupported', `"${type}" is not a message a ${audience === 'content' ? 'web page script' : 'extension page'} can send.`);
    }
    const request = v.safeParse(entry.request, payload);
    if (!request.success) return refuse('bad_message', `The "${type}" message is malformed at ${v.getDotPath(request.issues[0]) ?? 'payload'}.`);

    let result: Result<unknown, MessageError>;
    try {
      result = await handler(request.output, who.value);
    } catch (error) {
      log(`handler for ${type} failed: ${error instanceof Error ? error.name : 'error'}`);
      return refuse('internal', t('worker_internal'));
    }
    if (!result.ok) return refuse(result.error.kind, result.error.message);
    if (audience === 'content') {
      const reply = v.safeParse(entry.reply, result.value);
      if (!reply.success) {
        log(`blocked a ${type} reply that does not match the content protocol`);
        return refuse('internal', 'The extension failed to handle this request.');
      }
      return ok(reply.output);
    }
    return ok(result.value);
  };
}
