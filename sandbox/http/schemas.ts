import * as v from 'valibot';

/**
 * Request shapes of docs/b2core-api.md, one schema per body or query. Unknown extra fields are ignored,
 * as a tolerant server does; every listed field is checked for type and bounds.
 */
const text = (max: number) => v.pipe(v.string('must be a string'), v.trim(), v.nonEmpty('is required'), v.maxLength(max, `must be at most ${max} characters`));
const uuid = v.pipe(v.string('must be a string'), v.nonEmpty('is required'), v.maxLength(64, 'is too long'));
// Codes are checked for format by the verifier, so that a wrong-length code is a wrong code (422).
const code = v.pipe(v.string('must be a string'), v.nonEmpty('is required'), v.maxLength(16, 'is too long'));
const email = v.pipe(text(254), v.email('must be an email address'));
const provider = v.picklist(['google', 'sms'], 'must be "google" or "sms"');
export const PHONE = /^\+[1-9]\d{6,14}$/;
const phone = v.pipe(v.string('must be a string'), v.regex(PHONE, 'must be an international number such as +79994445561'));
const base32Key = v.pipe(
  v.string('must be a string'),
  v.transform((s) => s.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase()),
  v.regex(/^[A-Z2-7]{16,128}$/, 'must be base32 (A–Z, 2–7) of at least 16 characters'),
);
/** New passwords: 8–128 characters with at least one letter and one digit. */
const newPassword = v.pipe(
  v.string('must be a string'),
  v.minLength(8, 'must be at least 8 characters'),
  v.maxLength(128, 'must be at most 128 characters'),
  v.regex(/\p{L}/u, 'must contain a letter'),
  v.regex(/\d/, 'must contain a digit'),
);

/** `device_fingerprint`: base64 of a JSON object with `user_agent` ([doc] sign-in). */
const deviceFingerprint = v.pipe(
  v.string('must be a string'),
  v.maxLength(8192, 'is too long'),
  v.check((s) => {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(s, 'base64').toString('utf8'));
      return typeof decoded === 'object' && decoded !== null && typeof (decoded as { user_agent?: unknown }).user_agent === 'string';
    } catch {
      return false;
    }
  }, 'must be base64 of a JSON object with "user_agent"'),
);

export const SignInBody = v.object({ uuid, email, password: text(128), device_fingerprint: deviceFingerprint });
export const ChooseMethodBody = v.object({ uuid, type: provider });
export const CodeBody = v.object({ uuid, code });
export const RefreshBody = v.object({ refreshToken: text(4096) });
export const ChallengeBody = v.object({ token: uuid, code });
export const PasswordBody = v.object({ password: newPassword });

/** `POST 2fa/wizard`: the phone step `{uuid, phone}` or a code step `{uuid, action:"code", code, key?}`. */
export const WizardBody = v.union(
  [
    v.object({ uuid, phone }),
    v.object({ uuid, action: v.literal('code', 'must be "code"'), code, key: v.optional(v.pipe(v.string('must be a string'), v.maxLength(256, 'is too long'))) }),
  ],
  'must be {uuid, phone} or {uuid, action: "code", code}',
);

export const AuthorizedChallengeQuery = v.object({
  businessProcess: v.picklist(['changePassword'], 'must be "changePassword"'),
});
export const UnauthorizedChallengeQuery = v.object({
  email,
  businessProcess: v.picklist(['restorePassword'], 'must be "restorePassword"'),
});

const integer = (name: string, min: number, max: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,6}$/, `${name} must be a whole number`),
      v.transform(Number),
      v.minValue(min, `must be at least ${min}`),
      v.maxValue(max, `must be at most ${max}`),
    ),
    String(fallback),
  );

export const PagingQuery = v.object({ limit: integer('limit', 1, 100, 10), offset: integer('offset', 0, 100000, 0) });

const isoTime = v.pipe(
  v.string(),
  v.check((s) => s === '' || (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s))), 'must be an ISO 8601 date and time such as 2022-12-01T07:23:59+00:00'),
  v.transform((s) => (s === '' ? null : Date.parse(s))),
);

/** `GET 2fa/changes` query: paging, `sort_by=time`, `sort_order`, and the four filters of the seed. */
export const ChangesQuery = v.object({
  limit: integer('limit', 1, 100, 10),
  offset: integer('offset', 0, 100000, 0),
  sort_by: v.optional(v.picklist(['time'], 'must be "time"'), 'time'),
  sort_order: v.optional(v.picklist(['asc', 'desc'], 'must be "asc" or "desc"'), 'desc'),
  'filter[isEnabled]': v.optional(
    v.pipe(
      v.picklist(['', 'true', 'false', '1', '0'], 'must be true or false'),
      v.transform((s) => (s === '' ? null : s === 'true' || s === '1')),
    ),
    '',
  ),
  'filter[timeFrom]': v.optional(isoTime, ''),
  'filter[timeTo]': v.optional(isoTime, ''),
  'filter[provider]': v.optional(v.pipe(v.picklist(['', 'google', 'sms'], 'must be "google" or "sms"'), v.transform((s) => (s === '' ? null : s))), ''),
});

export const NewClientBody = v.pipe(
  v.object({
    email,
    password: v.pipe(v.string('must be a string'), v.nonEmpty('is required'), v.maxLength(128, 'is too long')),
    phone: v.optional(phone),
    googleKey: v.optional(base32Key),
    smsEnabled: v.optional(v.boolean('must be true or false')),
  }),
  v.forward(
    v.check((c) => !c.smsEnabled || c.phone !== undefined, 'is required when smsEnabled is true'),
    ['phone'],
  ),
);

/** `/__sandbox/faults`: each rule fails (status), delays (delayMs) or both, for its next `times` requests. */
export const FaultsBody = v.object({
  rules: v.pipe(
    v.array(
      v.pipe(
        v.object({
          method: v.optional(v.picklist(['GET', 'POST'], 'must be "GET" or "POST"')),
          path: v.pipe(v.string('must be a string'), v.regex(/^(\*|[a-z0-9_{}-]+(\/[a-z0-9_{}-]+)*)$/, 'must be a path under /api/v2/my/ such as "2fa/wizard", or "*"')),
          status: v.optional(v.picklist([429, 500, 503], 'must be 429, 500 or 503')),
          delayMs: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0), v.maxValue(30_000, 'must be at most 30000'))),
          times: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1000)), 1),
          retryAfterSeconds: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1), v.maxValue(3600))),
        }),
        v.check((r) => r.status !== undefined || (r.delayMs ?? 0) > 0, 'needs a status or a delayMs'),
      ),
    ),
    v.maxLength(20, 'at most 20 rules'),
  ),
});

export const ClockBody = v.object({
  offsetSeconds: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(-31_536_000), v.maxValue(31_536_000)),
});

export const OutboxQuery = v.object({ to: v.optional(v.pipe(v.string(), v.maxLength(254))) });
