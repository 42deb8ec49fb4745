import * as v from 'valibot';

/**
 * One API exchange as capture acts on it. Two witnesses make it, and neither is believed beyond
 * what it can know (DESIGN.md, trust rules: "the page may tell us only what the network cannot"):
 * - the browser (`webRequest`, src/network): method, path, status, `Date`, the request body's
 *   fields, the bearer token's `sub`, the challenge's business process;
 * - the page (the capture script in its MAIN world, hostile ground): the response body only.
 * Passwords and tokens never travel: for sign-in only `email`; for tokens only the `sub` claim.
 */
const uuid = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/));
const code = v.pipe(v.string(), v.regex(/^\d{4,10}$/));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** Base32 as a person or page may print it; canonicalised by `canonicalSecret`. */
const key = v.pipe(v.string(), v.maxLength(300));

export const ExchangeSchema = v.object({
  method: v.picklist(['GET', 'POST']),
  /** The path under `/api/v2/my/`, without query, e.g. `2fa/google/enable/wizard`. */
  path: v.pipe(v.string(), v.regex(/^[a-z0-9/_-]{1,80}$/)),
  status: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)),
  request: v.optional(
    v.object({
      uuid: v.optional(uuid),
      code: v.optional(text(16)),
      key: v.optional(key),
      email: v.optional(v.pipe(v.string(), v.maxLength(254), v.regex(/^[^\s@]+@[^\s@]+$/))),
    }),
    {},
  ),
  response: v.optional(
    v.object({
      code: v.optional(v.number()),
      done: v.optional(v.boolean()),
      uuid: v.optional(uuid),
      workflow: v.optional(text(100)),
      key: v.optional(key),
      provider: v.optional(text(16)),
    }),
    {},
  ),
  /** The client of the request's bearer token (`sub`), as the browser saw the header. */
  sub: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:@-]{1,64}$/))),
  /** A challenge's `businessProcess` (from the URL the browser saw). */
  process: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  /** The answer's `Date` header (HTTP-date), for the server's clock offset. */
  date: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

export type Exchange = v.InferOutput<typeof ExchangeSchema>;

/**
 * What a page's report may say: which request it answers (method and path, to pair it with the
 * browser's record of that request) and the fields of the answer's body. Anything else it sends is
 * ignored, whatever it claims.
 */
export const PageReportSchema = v.object({
  /** The content script's name for this report (the same on a resend). */
  id: v.optional(v.pipe(v.string(), v.maxLength(40))),
  method: v.picklist(['GET', 'POST']),
  path: v.pipe(v.string(), v.regex(/^[a-z0-9/_-]{1,80}$/)),
  response: v.optional(ExchangeSchema.entries.response, {}),
});

export type PageReport = v.InferOutput<typeof PageReportSchema>;

export const isCode = (value: string | undefined): value is string => value !== undefined && v.is(code, value);

/**
 * The key in canonical base32 (upper case, no spaces, hyphens or padding), or null unless it is
 * 16–205 base32 characters (10–128 bytes; B2Core issues 16 = 10 bytes).
 */
export function canonicalSecret(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const canonical = raw.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  return /^[A-Z2-7]{16,205}$/.test(canonical) ? canonical : null;
}
