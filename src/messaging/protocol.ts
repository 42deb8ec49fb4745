import * as v from 'valibot';

/**
 * The one protocol between the extension's contexts: every message is `{type, payload}`, every
 * reply a `Reply`. Two audiences, two tables:
 * - `content`: our content script on a registered site. Its replies are strict schemas holding at
 *   most a code — never a key — and the router refuses to send anything that does not match.
 * - `page`: our own popup and options page.
 * Each entry gives the request payload schema and the reply value schema.
 */
const reason = v.picklist(['signin', 'enable_wizard', 'disable_wizard', 'challenge', 'manual']);
const origin = v.pipe(v.string(), v.maxLength(300));

export const CONTENT_MESSAGES = {
  /** An API exchange seen by the capture script, relayed as is; the reducer validates it. */
  'capture/exchange': {
    request: v.object({ exchange: v.unknown() }),
    /** `fill`: the API just asked for an authenticator code; the content script fills the field. */
    reply: v.strictObject({ accepted: v.boolean(), fill: v.nullable(reason) }),
  },
  /** "A code for this field": the current code of the account that fits, or why there is none. */
  'autofill/code': {
    request: v.object({ reason: v.optional(reason) }),
    reply: v.union([
      v.strictObject({ code: v.pipe(v.string(), v.regex(/^\d{6,8}$/)), secondsLeft: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)) }),
      v.strictObject({ code: v.null(), why: v.picklist(['locked', 'no_account', 'ambiguous', 'not_wanted']) }),
    ]),
  },
} as const;

export const PAGE_MESSAGES = {
  'vault/state': {
    request: v.object({}),
    reply: v.object({ state: v.picklist(['new', 'plain', 'protected', 'corrupt']), unlocked: v.boolean() }),
  },
  'vault/unlock': {
    request: v.object({ passphrase: v.optional(v.pipe(v.string(), v.maxLength(1024))) }),
    reply: v.object({ unlocked: v.literal(true) }),
  },
  'vault/lock': { request: v.object({}), reply: v.object({ locked: v.literal(true) }) },
  'sites/list': { request: v.object({}), reply: v.object({ sites: v.array(origin) }) },
  'sites/add': { request: v.object({ site: v.pipe(v.string(), v.maxLength(300)) }), reply: v.object({ origin }) },
  'sites/remove': { request: v.object({ origin }), reply: v.object({ removed: v.boolean() }) },
  /** Fill the current code into the code field of a tab (the popup's "Fill"). */
  'fill/tab': {
    request: v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)), accountId: v.optional(v.pipe(v.string(), v.maxLength(64))) }),
    reply: v.object({ filled: v.boolean() }),
  },
} as const;

type Table = Record<string, { request: v.GenericSchema; reply: v.GenericSchema }>;
export type ContentType = keyof typeof CONTENT_MESSAGES;
export type PageType = keyof typeof PAGE_MESSAGES;
export type MessageType = ContentType | PageType;

type AllMessages = typeof CONTENT_MESSAGES & typeof PAGE_MESSAGES;
export type RequestOf<T extends MessageType> = v.InferOutput<AllMessages[T]['request']>;
export type ReplyOf<T extends MessageType> = v.InferOutput<AllMessages[T]['reply']>;

export interface Message<T extends MessageType = MessageType> {
  type: T;
  payload: RequestOf<T>;
}

export type MessageErrorKind = 'bad_message' | 'forbidden' | 'unsupported' | 'locked' | 'invalid_input' | 'not_found' | 'storage' | 'internal';
export interface MessageError {
  kind: MessageErrorKind;
  message: string;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: MessageError };

export const tables: { content: Table; page: Table } = { content: CONTENT_MESSAGES, page: PAGE_MESSAGES };
