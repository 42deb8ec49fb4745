import * as v from 'valibot';
import { FILL_REASONS } from './fill-reason';

/**
 * The one protocol between the extension's contexts: every message is `{type, payload}`, every
 * reply a `Reply`. Two audiences, two tables:
 * - `content`: our content script on a registered site. Its replies are strict schemas holding at
 *   most a code — never a key — and the router refuses to send anything that does not match.
 * - `page`: our own popup and options page.
 * Each entry gives the request payload schema and the reply value schema.
 */
const reason = v.picklist(FILL_REASONS);
const origin = v.pipe(v.string(), v.maxLength(300));
const accountId = v.pipe(v.string(), v.maxLength(64));
const passphrase = v.pipe(v.string(), v.maxLength(1024));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** An account as the settings page sees it: everything but the secret. */
const accountInfo = v.object({
  id: accountId,
  origin,
  email: v.optional(v.string()),
  clientId: v.optional(v.string()),
  label: v.string(),
  issuer: v.string(),
  algorithm: v.picklist(['SHA1', 'SHA256', 'SHA512']),
  digits: v.number(),
  period: v.number(),
  status: v.picklist(['pending', 'active', 'archived']),
  pinned: v.boolean(),
  createdAt: v.number(),
  confirmedAt: v.optional(v.number()),
  archivedAt: v.optional(v.number()),
});
export type AccountInfo = v.InferOutput<typeof accountInfo>;

/** `off`: never fill; `manual`: only on the shortcut or the popup's Fill; `auto`: also when the API asks. */
export const AUTOFILL_MODES = ['auto', 'manual', 'off'] as const;
const settings = v.object({
  /** Lock after this many idle minutes; null: never (refused when the policy sets a maximum). */
  autoLockMinutes: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440))),
  autofill: v.picklist(AUTOFILL_MODES),
  /** Submit the form after filling a code. */
  autoSubmit: v.boolean(),
});
export type Settings = v.InferOutput<typeof settings>;

/** What the broker's managed policy (`storage.managed`) enforces; see README "Managed policy". */
const policy = v.object({
  sites: v.array(origin),
  requirePassphrase: v.boolean(),
  maxAutoLockMinutes: v.nullable(v.number()),
});
export type PolicyView = v.InferOutput<typeof policy>;

const securityState = v.object({
  vault: v.picklist(['new', 'plain', 'protected', 'corrupt']),
  unlocked: v.boolean(),
  /** PBKDF2 parameters when protected (shown to the person). */
  kdf: v.nullable(v.object({ name: v.literal('PBKDF2'), hash: v.literal('SHA-256'), iterations: v.number(), saltBytes: v.number() })),
  settings,
  policy,
});
export type SecurityState = v.InferOutput<typeof securityState>;

/**
 * One site's server clock: the measured estimate (`offsetMs` ± `uncertaintyMs`), and the offset codes
 * are made with (`usedMs`). `beyondBound`: the estimate is more than ±10 min off, so it is not used
 * unless the person `accepted` it (`clock/accept`).
 */
const clockOffset = v.object({
  origin,
  offsetMs: v.number(),
  uncertaintyMs: v.nullable(v.number()),
  checkedAt: v.nullable(v.number()),
  usedMs: v.number(),
  beyondBound: v.boolean(),
  accepted: v.boolean(),
});
export type ClockOffsetView = v.InferOutput<typeof clockOffset>;

export const CONTENT_MESSAGES = {
  /** An API exchange seen by the capture script, relayed as is; the reducer validates it. */
  'capture/exchange': {
    request: v.object({ exchange: v.unknown() }),
    /** `fill`: the API just asked for an authenticator code; the content script fills the field. */
    reply: v.strictObject({ accepted: v.boolean(), fill: v.nullable(reason) }),
  },
  /** "A code for this field": the current code of the account that fits, or why there is none. */
  'autofill/code': {
    /**
     * `gesture`: the person's own trusted click or key press on the code field just now.
     * `inputAgoMs`: how long ago the person last used the tab (a trusted input event), if ever.
     * Both are the content script's own observations (isolated world; a page cannot forge `isTrusted`).
     */
    request: v.object({
      reason: v.optional(reason),
      gesture: v.optional(v.boolean()),
      inputAgoMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
    }),
    reply: v.union([
      v.strictObject({
        code: v.pipe(v.string(), v.regex(/^\d{6,8}$/)),
        secondsLeft: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
        /** Submit the filled field's own form (the person's auto-submit setting). */
        submit: v.boolean(),
      }),
      /** `needs_gesture`: the fill policy wants the person's own click or key press on the field. */
      v.strictObject({ code: v.null(), why: v.picklist(['locked', 'no_account', 'ambiguous', 'not_wanted', 'needs_gesture']) }),
    ]),
  },
} as const;

export const PAGE_MESSAGES = {
  'vault/state': {
    request: v.object({}),
    /** `dropped`: site answers refused while locked (the queue was full), shown until the unlock. */
    reply: v.object({ state: v.picklist(['new', 'plain', 'protected', 'corrupt']), unlocked: v.boolean(), dropped: v.optional(count) }),
  },
  'vault/unlock': {
    request: v.object({ passphrase: v.optional(passphrase) }),
    reply: v.object({ unlocked: v.literal(true) }),
  },
  'vault/lock': { request: v.object({}), reply: v.object({ locked: v.literal(true) }) },
  /** The popup copied a code: the worker clears it from the clipboard 30 s later if it is still there. */
  'clipboard/copied': { request: v.object({ code: v.pipe(v.string(), v.regex(/^\d{6,8}$/)) }), reply: v.object({ clearAt: v.number() }) },
  'sites/list': { request: v.object({}), reply: v.object({ sites: v.array(origin) }) },
  'sites/add': { request: v.object({ site: v.pipe(v.string(), v.maxLength(300)) }), reply: v.object({ origin }) },
  'sites/remove': { request: v.object({ origin }), reply: v.object({ removed: v.boolean() }) },
  /** What a tab's page is asking a code for right now (the popup shows it: origin, process, account). */
  'fill/asking': {
    request: v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    reply: v.object({
      asking: v.nullable(v.object({ origin, reason, process: v.optional(v.string()), accountId: v.optional(accountId), label: v.optional(v.string()) })),
    }),
  },
  /** Fill the current code into the code field of a tab (the popup's "Fill"). */
  'fill/tab': {
    request: v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)), accountId: v.optional(accountId) }),
    reply: v.object({ filled: v.boolean() }),
  },

  // ── Accounts (settings page). Replies carry no secret, except `accounts/reveal` (and, below, `backup/export` and `backup/transfer`). ──
  'accounts/list': { request: v.object({}), reply: v.object({ accounts: v.array(accountInfo), problems: count }) },
  /** Rename (`label`) and pin. */
  'accounts/update': {
    request: v.object({ id: accountId, label: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))), pinned: v.optional(v.boolean()) }),
    reply: v.object({ account: accountInfo }),
  },
  /** The whole display order, first to last; ids not named keep their place after these. */
  'accounts/reorder': { request: v.object({ ids: v.pipe(v.array(accountId), v.maxLength(10_000)) }), reply: v.object({ count }) },
  /** Archive (kept, no codes offered) or restore to active. */
  'accounts/set-status': { request: v.object({ id: accountId, status: v.picklist(['active', 'archived']) }), reply: v.object({ account: accountInfo }) },
  'accounts/delete': { request: v.object({ id: accountId }), reply: v.object({ deleted: v.boolean() }) },
  /** The otpauth URI of one account, to move it to a phone; needs the passphrase when one is set. */
  'accounts/reveal': { request: v.object({ id: accountId, passphrase: v.optional(passphrase) }), reply: v.object({ uri: v.string() }) },
  /** Guided enable: keep the wizard's key as a pending account before the code is sent. */
  'accounts/stage': {
    request: v.object({
      origin,
      email: v.optional(v.pipe(v.string(), v.maxLength(254))),
      clientId: v.optional(v.pipe(v.string(), v.maxLength(64))),
      secret: v.pipe(v.string(), v.maxLength(256)),
      wizardUuid: v.pipe(v.string(), v.maxLength(64)),
    }),
    reply: v.object({ account: accountInfo }),
  },
  /** Guided enable: the server answered done; the pending account becomes active. */
  'accounts/activate': { request: v.object({ id: accountId }), reply: v.object({ account: accountInfo }) },
  /** Guided enable failed: forget the staged key (pending accounts only; anything else is refused). */
  'accounts/discard': { request: v.object({ id: accountId }), reply: v.object({ discarded: v.boolean() }) },
  /**
   * A code to send to the API from the settings page, at the site's server time. It waits for the
   * next period when under 3 s are left or this period's code was used already.
   */
  'accounts/code': { request: v.object({ id: accountId }), reply: v.object({ code: v.pipe(v.string(), v.regex(/^\d{6,8}$/)), secondsLeft: v.number() }) },

  // ── Security ──
  'security/state': { request: v.object({}), reply: securityState },
  /** Set (`current` absent), change, or remove (`next: null`) the passphrase. */
  'security/passphrase': {
    request: v.object({ current: v.optional(passphrase), next: v.nullable(passphrase) }),
    reply: v.object({ protected: v.boolean() }),
  },
  'security/settings': { request: v.partial(settings), reply: securityState },

  // ── Server clocks ──
  /** Measured offsets per registered origin. */
  'clock/list': { request: v.object({}), reply: v.object({ offsets: v.array(clockOffset) }) },
  /** Measure one origin's clock now (HTTP requests to it, reading `Date`: up to three when it seems to have moved). */
  'clock/check': { request: v.object({ origin }), reply: clockOffset },
  /** The settings page's own API answers carry the server's `Date` too. */
  'clock/observe': { request: v.object({ origin, date: v.pipe(v.string(), v.maxLength(64)), receivedAt: v.number() }), reply: v.object({}) },
  /**
   * "Use this clock": make codes with an estimate beyond ±10 min. `offsetMs` is the estimate the person
   * saw; refused when the estimate has moved since (beyond its uncertainty).
   */
  'clock/accept': { request: v.object({ origin, offsetMs: v.number() }), reply: clockOffset },

  // ── Backup ──
  'backup/export': {
    /**
     * `passphrase`: the new backup's own (encrypted only). `vaultPassphrase`: required when the vault
     * is protected, as for `accounts/reveal` — an export hands out every key, so it asks as much.
     */
    request: v.object({ format: v.picklist(['encrypted', 'otpauth']), passphrase: v.optional(passphrase), vaultPassphrase: v.optional(passphrase) }),
    reply: v.object({ filename: v.string(), text: v.string(), count }),
  },
  'backup/transfer': {
    /**
     * "Add to a phone": Google Authenticator transfer links for the chosen active accounts, one per
     * QR code (vault/backup.ts `phoneTransferUris`). They carry keys: `vaultPassphrase` as for an export.
     */
    request: v.object({ ids: v.pipe(v.array(accountId), v.minLength(1), v.maxLength(1000)), vaultPassphrase: v.optional(passphrase) }),
    reply: v.object({ uris: v.array(v.string()), skipped: count }),
  },
  'backup/import': {
    /** `site`: a registered origin for keys whose file names none (a phone's export). */
    request: v.object({ text: v.pipe(v.string(), v.maxLength(5_000_000)), passphrase: v.optional(passphrase), site: v.optional(origin) }),
    reply: v.object({ added: count, skipped: count, problems: v.array(v.string()) }),
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
