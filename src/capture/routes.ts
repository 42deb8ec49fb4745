/**
 * The capture spec (docs/b2core-api.md, "What the extension observes"): the B2Core API routes
 * capture acts on and, for each, the request-body fields the browser's record keeps and the
 * response-body fields the page may report. One plain-data table, used by
 * - the page observer (capture/page-observer.ts): which answers to read, and which of their fields;
 * - the network log (src/network): which requests to keep past their answer, and the body fields;
 * - the worker's join (worker/capture/capture-service.ts): the reducer sees these fields and no others;
 * - the locked queue: which exchanges are a wizard's (room of their own);
 * - the exchange schema (capture/exchange.ts), whose fields a test holds to this table.
 * Every other API answer is of no interest to capture (the browser's own view of it still refines
 * the site's server clock). Plain data, so the page observer carries no more code than this.
 */

/** The request-body fields the browser's record may keep, and the longest value of each. */
export const REQUEST_FIELDS = { uuid: 64, email: 254, code: 16, key: 300 } as const;
export type RequestField = keyof typeof REQUEST_FIELDS;

/** The response-body fields a page may report. */
export const RESPONSE_FIELDS = ['code', 'done', 'uuid', 'workflow', 'key', 'provider'] as const;
export type ResponseField = (typeof RESPONSE_FIELDS)[number];

export interface RouteSpec {
  request: readonly RequestField[];
  response: readonly ResponseField[];
  /** A wizard's exchange (a key to keep, or to archive): the locked queue keeps room for these. */
  wizard?: true;
}

export const CAPTURE_SPEC: Readonly<Record<string, RouteSpec>> = {
  // The enable wizard: its key (staged), then the confirmation with the code the browser saw.
  'GET 2fa/google/enable/wizard': { request: [], response: ['code', 'uuid', 'workflow', 'key'], wizard: true },
  'POST 2fa/wizard': { request: ['uuid', 'code', 'key'], response: ['code', 'done'], wizard: true },
  // The disable wizards: the procedure's uuid (a Google disable then archives the key).
  'GET 2fa/google/disable/wizard': { request: [], response: ['uuid'], wizard: true },
  'GET 2fa/sms/disable/wizard': { request: [], response: ['uuid'] },
  // Sign-in: the email of the session (`uuid`), and whether a Google code is wanted.
  'POST signin': { request: ['uuid', 'email'], response: ['code', 'workflow'] },
  'POST signin/2fa': { request: ['uuid'], response: ['workflow'] },
  'POST 2fa/google': { request: ['uuid', 'code'], response: [] },
  'POST 2fa/sms': { request: ['uuid'], response: [] },
  // Challenges: which method the server will check, and the code it accepted.
  'GET 2fa/challenge': { request: [], response: ['provider'] },
  'POST 2fa/challenge': { request: ['code'], response: [] },
};

export const CAPTURE_ROUTES: ReadonlySet<string> = new Set(Object.keys(CAPTURE_SPEC));

/** The spec of `method path`, or undefined for a route capture does not act on. */
export const specOf = (method: string, path: string): RouteSpec | undefined => (Object.hasOwn(CAPTURE_SPEC, `${method} ${path}`) ? CAPTURE_SPEC[`${method} ${path}`] : undefined);

/** Only the fields `names` of `values` (own properties, defined ones). */
export function pickFields<K extends string, T extends Partial<Record<K, unknown>>>(values: T, names: readonly K[]): Partial<T> {
  const picked: Partial<T> = {};
  for (const name of names) if (Object.hasOwn(values, name) && values[name] !== undefined) picked[name] = values[name];
  return picked;
}
