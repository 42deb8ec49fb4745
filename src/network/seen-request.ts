import { REQUEST_FIELDS, type RequestField } from '../capture/routes';
import { LOOPBACK_PATTERNS } from '../origin';

/**
 * One request to a registered origin's B2Core API as the browser itself saw it (`webRequest`), not
 * as the page says it went: a page script can patch its own `fetch`, lie in what it reports, or
 * send requests we never hear of, but it cannot change what the browser's network stack reports.
 * Only the fields capture needs are kept, bounded; the bearer token itself is never kept — only its
 * `sub` claim (the B2Core client id: API, "Bearer tokens in `Authorization: Bearer <accessToken>`").
 */
export const API_ROOT = '/api/v2/my/';

/**
 * Where webRequest listens: every host the extension may hold (loopback up front, https sites once
 * granted). The browser reports only hosts we hold a permission for; the worker keeps only
 * registered origins' API paths.
 */
export const API_URL_PATTERNS = [...LOOPBACK_PATTERNS, 'https://*/*'];

/** The request-body fields capture reads (capture/routes.ts, `REQUEST_FIELDS`); never a password. */
export type SeenBody = Partial<Record<RequestField, string>>;

export interface SeenRequest {
  /** The browser's request id (unique per browser session). */
  id: string;
  tabId: number;
  frameId: number;
  origin: string;
  method: string;
  /** The path under `/api/v2/my/`, without query or trailing slash. */
  path: string;
  /** `businessProcess` of a challenge, from the URL's query (shown to the person). */
  process?: string;
  body: SeenBody;
  /** `sub` of the request's bearer token, when it carried one. */
  sub?: string;
  /** Local ms when the request started and when its answer was complete. */
  startedAt: number;
  completedAt?: number;
  status?: number;
  /** The answer's `Date` header. */
  date?: string;
  /** The page report it was paired with (each request vouches for one report only). */
  usedBy?: string;
}

/** What `webRequest.onBeforeRequest` gives (Chrome and Firefox share these fields). */
export interface BeforeRequestDetails {
  requestId: string;
  url: string;
  method: string;
  tabId: number;
  frameId: number;
  timeStamp: number;
  requestBody?: { raw?: { bytes?: ArrayBuffer }[]; formData?: Record<string, string[]> } | null;
}

export interface HeadersDetails {
  requestId: string;
  requestHeaders?: { name: string; value?: string }[];
}

export interface CompletedDetails {
  requestId: string;
  url: string;
  statusCode: number;
  timeStamp: number;
  responseHeaders?: { name: string; value?: string }[];
}

const MAX_BODY_BYTES = 16_384;
const text = (value: unknown, max: number) => (typeof value === 'string' && value.length <= max ? value : undefined);

/** The API path of `url` on its own origin, or null when `url` is not under `origin/api/v2/my/`. */
export function apiPathOf(url: string): { origin: string; path: string; query: URLSearchParams } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.pathname.startsWith(API_ROOT)) return null;
  const path = parsed.pathname.slice(API_ROOT.length).replace(/\/+$/, '');
  if (!/^[a-z0-9/_-]{1,80}$/.test(path)) return null;
  return { origin: parsed.origin, path, query: parsed.searchParams };
}

/** The fields capture reads from a JSON request body the browser saw (at most 16 KB; never the password). */
export function bodyOf(requestBody: BeforeRequestDetails['requestBody']): SeenBody {
  const chunks = requestBody?.raw?.map((part) => part.bytes).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer) ?? [];
  const size = chunks.reduce((n, b) => n + b.byteLength, 0);
  if (chunks.length === 0 || size > MAX_BODY_BYTES) return {};
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(new Uint8Array(chunk), at);
    at += chunk.byteLength;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(all));
  } catch {
    return {};
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  const get = (key: string) => (Object.hasOwn(json as object, key) ? (json as Record<string, unknown>)[key] : undefined);
  const body: SeenBody = {};
  for (const [name, max] of Object.entries(REQUEST_FIELDS) as [keyof SeenBody, number][]) {
    const value = text(get(name), max);
    if (value !== undefined) body[name] = value;
  }
  return body;
}

const header = (headers: { name: string; value?: string }[] | undefined, name: string) => headers?.find((h) => h.name.toLowerCase() === name)?.value;

/** `sub` of the bearer token in the request's `Authorization` header (its payload only is decoded). */
export function bearerSub(headers: HeadersDetails['requestHeaders']): string | undefined {
  const value = header(headers, 'authorization');
  const match = value ? /^Bearer\s+[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/.exec(value.trim()) : null;
  if (!match) return undefined;
  try {
    const base64 = match[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
    const sub = claims !== null && typeof claims === 'object' ? (claims as { sub?: unknown }).sub : undefined;
    return typeof sub === 'string' && /^[A-Za-z0-9_.:@-]{1,64}$/.test(sub) ? sub : typeof sub === 'number' && Number.isSafeInteger(sub) ? String(sub) : undefined;
  } catch {
    return undefined;
  }
}

/** A new record from `onBeforeRequest`, or null when it is not a tab's request to an `origin/api/v2/my/` path. */
export function startRecord(details: BeforeRequestDetails): SeenRequest | null {
  if (details.tabId < 0) return null;
  const api = apiPathOf(details.url);
  if (!api) return null;
  const method = details.method.toUpperCase();
  const process = text(api.query.get('businessProcess') ?? undefined, 64);
  return {
    id: details.requestId,
    tabId: details.tabId,
    frameId: details.frameId,
    origin: api.origin,
    method,
    path: api.path,
    ...(process !== undefined && /^[A-Za-z0-9_-]+$/.test(process) ? { process } : {}),
    body: method === 'GET' ? {} : bodyOf(details.requestBody),
    // Whole ms: times flow into account records, whose schema wants integers (Chrome's stamps have fractions).
    startedAt: Math.round(details.timeStamp),
  };
}

/** The answer's status and `Date`, from `onCompleted`. */
export function completion(details: CompletedDetails): Pick<SeenRequest, 'status' | 'date' | 'completedAt'> {
  const date = text(header(details.responseHeaders, 'date'), 64);
  return { status: details.statusCode, completedAt: Math.round(details.timeStamp), ...(date !== undefined ? { date } : {}) };
}
