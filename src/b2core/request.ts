import type * as v from 'valibot';
import type { ClockOffsetTracker } from './clock-offset';
import { errorFromResponse } from './error-from-response';
import { networkError, timeoutError } from './errors';
import { readBody } from './response-body';
import { fail, ok, type ApiResult } from './result';

/**
 * One request to `[origin]/api/v2/my/…` (docs/b2core-api.md: JSON in and out, `Authorization: Bearer`),
 * with a timeout, the server clock measured from the answer's `Date`, and every failure as data.
 */

/** The part of `fetch` the client uses; the real `fetch` of any context fits. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Transport {
  origin: string;
  fetch: FetchLike;
  now: () => number;
  timeoutMs: number;
  clock: ClockOffsetTracker;
}

export interface Call {
  method: 'GET' | 'POST';
  /** Below `/api/v2/my/`, with its query string. Never holds a secret. */
  path: string;
  bearer?: string | undefined;
  /** Sent as the `successToken` header ([doc] `POST password/change`). */
  successToken?: string | undefined;
  body?: Record<string, unknown>;
  /** Values of the body that must never show in an error (passwords, codes, keys, tokens). */
  secrets?: readonly (string | undefined)[];
}

interface Answer {
  status: number;
  text: string;
}

export const API_PATH = '/api/v2/my/';

/** `host:port` for messages: never a path, a query or user information. */
export function describeOrigin(origin: string): string {
  try {
    return new URL(origin).host || 'the B2Core server';
  } catch {
    return 'the B2Core server';
  }
}

function requestInit(call: Call, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (call.bearer !== undefined) headers.Authorization = `Bearer ${call.bearer}`;
  if (call.successToken !== undefined) headers.successToken = call.successToken;
  const init: RequestInit = { method: call.method, headers, signal, credentials: 'omit', cache: 'no-store', redirect: 'error' };
  if (call.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(call.body);
  }
  return init;
}

const secretsOf = (call: Call): string[] =>
  [...(call.secrets ?? []), call.bearer, call.successToken].filter((s): s is string => typeof s === 'string');

/** The status and text of a 2xx answer; any other outcome as an error. */
async function exchange(t: Transport, call: Call): Promise<ApiResult<Answer>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, t.timeoutMs);
  const fetchFn = t.fetch; // called unbound: `window.fetch` refuses any other `this`
  const where = describeOrigin(t.origin);
  const sentAt = t.now();
  try {
    const res = await fetchFn(`${t.origin.replace(/\/+$/, '')}${API_PATH}${call.path}`, requestInit(call, controller.signal));
    const text = await res.text();
    t.clock.observe(res.headers.get('Date'), sentAt, t.now());
    if (res.status >= 200 && res.status < 300) return ok({ status: res.status, text });
    return fail(errorFromResponse({ status: res.status, headers: res.headers, text }, secretsOf(call)));
  } catch {
    return fail(timedOut ? timeoutError(where, t.timeoutMs) : networkError(where));
  } finally {
    clearTimeout(timer);
  }
}

/** A call whose answer is JSON of `schema`'s shape. */
export async function sendJson<T>(t: Transport, call: Call, schema: v.GenericSchema<unknown, T>): Promise<ApiResult<T>> {
  const answer = await exchange(t, call);
  return answer.ok ? readBody(answer.value.status, answer.value.text, schema) : answer;
}

/** A call whose answer carries nothing (204): its body, if any, is ignored. */
export async function sendEmpty(t: Transport, call: Call): Promise<ApiResult<void>> {
  const answer = await exchange(t, call);
  return answer.ok ? ok(undefined) : answer;
}
