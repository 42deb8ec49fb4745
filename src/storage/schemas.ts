import * as v from 'valibot';
import { ExchangeSchema } from '../capture/exchange';
import { AUTOFILL_MODES } from '../messaging/protocol';
import { FILL_REASONS } from '../messaging/fill-reason';
import { LOCAL, SESSION } from './keys';

/**
 * The shape of every value the extension keeps in `storage.local` and `storage.session`: the
 * second protocol between contexts (worker, settings page, popup). Read through `./typed.ts`,
 * which validates on every read: an invalid value is reported (its key and what was wrong, never
 * the value) and treated as absent. Where one bad part must not cost the rest (a clock record of one
 * site, one settings field), the schema drops or defaults that part itself.
 */
const finite = v.pipe(v.number(), v.finite());
const text = v.pipe(v.string(), v.minLength(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A key: its name and its schema. */
export interface Entry<T> {
  key: string;
  schema: v.GenericSchema<unknown, T>;
}
const entry = <T>(key: string, schema: v.GenericSchema<unknown, T>): Entry<T> => ({ key, schema });

/** Only the items of a record that match `schema`: one bad item is dropped, not the whole record. */
const tolerantRecord = <T>(schema: v.GenericSchema<unknown, T>) =>
  v.pipe(
    v.record(v.string(), v.unknown()),
    v.transform((raw): Record<string, T> => {
      const kept: Record<string, T> = {};
      for (const [k, value] of Object.entries(raw)) {
        const parsed = v.safeParse(schema, value);
        if (parsed.success) kept[k] = parsed.output;
      }
      return kept;
    }),
  );

// ---- storage.local -------------------------------------------------------------------------

/** One site's server clock (worker/clock/clock-offsets.ts); optional parts that do not parse are left out. */
export const StoredOffsetSchema = v.object({
  offsetMs: finite,
  minMs: finite,
  maxMs: finite,
  samples: v.fallback(finite, 1),
  checkedAt: v.fallback(v.optional(finite), undefined),
  candidate: v.fallback(v.optional(v.pipe(v.object({ minMs: finite, maxMs: finite, samples: finite, sinceMs: finite }), v.check((c) => c.minMs <= c.maxMs))), undefined),
  inBoundMs: v.fallback(v.optional(finite), undefined),
  accepted: v.fallback(v.optional(v.object({ offsetMs: finite, uncertaintyMs: v.pipe(finite, v.minValue(0)), at: v.fallback(finite, 0) })), undefined),
});

/** The person's settings: a field that does not parse falls back to its default (absent). */
export const StoredSettingsSchema = v.object({
  autoLockMinutes: v.fallback(v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440)))), undefined),
  autofill: v.fallback(v.optional(v.picklist(AUTOFILL_MODES)), undefined),
  autoSubmit: v.fallback(v.optional(v.boolean()), undefined),
});

export const BackupRecordSchema = v.object({ lastExportAt: finite, format: v.picklist(['encrypted', 'otpauth']) });

export const LOCAL_ENTRIES = {
  /** Exact registered origins (each checked again by the sites service). */
  sites: entry(LOCAL.sites, v.array(v.string())),
  /** Server clock offsets per origin. */
  offsets: entry(LOCAL.offsets, tolerantRecord(StoredOffsetSchema)),
  backup: entry(LOCAL.backup, BackupRecordSchema),
  settings: entry(LOCAL.settings, StoredSettingsSchema),
  policySites: entry(LOCAL.policySites, v.array(v.string())),
} as const;

// ---- storage.session -----------------------------------------------------------------------

/** One API request the browser saw (src/network), kept under run-time keys `networkLog:<id>`. */
export const SeenRequestSchema = v.object({
  id: v.string(),
  tabId: v.number(),
  frameId: v.number(),
  origin: v.string(),
  method: v.string(),
  path: v.string(),
  process: v.optional(v.string()),
  body: v.object({ uuid: v.optional(v.string()), email: v.optional(v.string()), code: v.optional(v.string()), key: v.optional(v.string()) }),
  startedAt: finite,
});
/** `networkLog:<id>:done`: the answer's status and `Date`. */
export const DoneSchema = v.object({ status: v.number(), date: v.optional(v.string()), completedAt: finite });

export const UnlockedKeySchema = v.object({ v: v.literal(1), key: text });

const SignInSeenSchema = v.object({ uuid: v.string(), email: v.string(), at: finite, done: v.optional(v.boolean()) });
export const CaptureStateSchema = v.object({
  origins: v.record(
    v.string(),
    v.object({
      signIns: v.optional(v.array(SignInSeenSchema)),
      disableWizard: v.optional(v.object({ uuid: v.string(), provider: v.picklist(['google', 'sms']), sub: v.optional(v.string()), at: finite })),
    }),
  ),
});

export const FillGrantSchema = v.object({
  origin: v.string(),
  reason: v.picklist(FILL_REASONS),
  accountId: v.optional(v.string()),
  process: v.optional(v.string()),
  email: v.optional(v.string()),
  expiresAt: finite,
});

export const QueuedSchema = v.object({
  origin: v.string(),
  tabId: v.number(),
  frameId: v.optional(v.number()),
  exchange: ExchangeSchema,
  at: finite,
});

export const ApiSessionSchema = v.object({
  v: v.literal(1),
  origin: text,
  email: v.string(),
  accessToken: text,
  refreshToken: text,
  accessExpiresAt: finite,
  refreshExpiresAt: finite,
});

/** The popup's snapshot (./accounts-snapshot.ts), as the worker writes it: a JSON string, parsed by {@link AccountsSnapshotSchema}. */
export const AccountsSnapshotSchema = v.object({
  v: v.literal(1),
  accounts: v.array(
    v.object({
      id: v.string(),
      origin: v.string(),
      label: v.string(),
      issuer: v.string(),
      secret: v.string(),
      algorithm: v.picklist(['SHA1', 'SHA256', 'SHA512']),
      digits: v.picklist([6, 7, 8]),
      period: v.pipe(v.number(), v.integer(), v.minValue(1)),
      status: v.picklist(['pending', 'active']),
      createdAt: finite,
    }),
  ),
  offsets: v.record(v.string(), finite),
  at: finite,
  problems: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  full: v.optional(v.literal(true)),
});

/** The snapshot string's content, checked; the popup itself uses the smaller `parseSnapshot` (its 25 KB budget), which a test holds to this schema. */
export const SnapshotJsonSchema = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    try {
      return JSON.parse(dataset.value) as unknown;
    } catch {
      addIssue({ message: 'not JSON' });
      return NEVER;
    }
  }),
  AccountsSnapshotSchema,
);

/** The popup snapshot read for its content (the settings page): the same key, its JSON parsed and checked. */
export const SNAPSHOT_CONTENT = entry(SESSION.snapshot, SnapshotJsonSchema);

export const SESSION_ENTRIES = {
  vaultKey: entry(SESSION.vaultKey, UnlockedKeySchema),
  /** Written as a JSON string (one `storage.session` value the popup reads at once). */
  snapshot: entry(SESSION.snapshot, v.string()),
  firstScreen: entry(SESSION.firstScreen, v.string()),
  capture: entry(SESSION.capture, CaptureStateSchema),
  grants: entry(SESSION.grants, tolerantRecord(FillGrantSchema)),
  usedSteps: entry(SESSION.usedSteps, tolerantRecord(v.pipe(v.number(), v.integer()))),
  queued: entry(SESSION.queued, v.array(QueuedSchema)),
  queueOverflow: entry(SESSION.queueOverflow, v.object({ count, at: finite })),
  autoFills: entry(SESSION.autoFills, tolerantRecord(v.array(finite))),
  apiSession: entry(SESSION.apiSession, ApiSessionSchema),
  lastActivity: entry(SESSION.lastActivity, finite),
  asks: entry(SESSION.asks, v.object({ asked: count, answered: count, codes: count })),
  vaultFull: entry(SESSION.vaultFull, v.object({ at: finite })),
  clipboard: entry(SESSION.clipboard, v.object({ code: v.pipe(v.string(), v.regex(/^\d{6,8}$/)), clearAt: finite })),
} as const;
