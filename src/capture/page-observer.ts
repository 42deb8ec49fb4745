import { openPageEnd } from '../bridge/page-end';
import type { PageReport } from './exchange';
import { CAPTURE_ROUTES, CAPTURE_SPEC } from './routes';

/**
 * Runs in the page's own world (MAIN) on a registered B2Core origin, at `document_start`. It reads
 * the bodies of the B2Core 2FA, sign-in and challenge answers that the page's `fetch` and
 * `XMLHttpRequest` receive, without changing them (fetch answers are read from a `clone()`), and
 * sends minimal reports to the content script over the private channel (src/bridge).
 *
 * A report says which request it answers (method and API path) and a few fields of the answer's
 * body — the one thing the browser's own view of the network (`webRequest`, src/network) cannot
 * give. Everything else (status, `Date`, request body, the client of the token) the worker takes
 * from the browser, and a report of a request the browser did not see counts for nothing. Still, a
 * script of the page runs after this one and may patch any built-in, so what is reported comes from
 * the network, not from the page's objects: every built-in used after start-up is taken now; the
 * `Request` is built here with the original constructor; XHR answers are read once really DONE from
 * their `responseURL`; only `origin + /api/v2/my/…` counts; values are read as own properties into
 * objects without a prototype.
 *
 * The handshake runs only in a top-level window that no other window opened: a frame, or a window
 * that a page script opened, can be reached by that script before we run there (it may listen to,
 * or patch the built-ins of, the new realm first), so there we report nothing.
 */
const API = '/api/v2/my/';

export function observePage(win: typeof globalThis & Window): void {
  const { parse, stringify } = win.JSON;
  const apply = win.Reflect.apply;
  const { addEventListener } = win.EventTarget.prototype;
  const { slice, indexOf, toUpperCase } = win.String.prototype;
  const then = win.Promise.prototype.then;
  const hasOwn = win.Object.prototype.hasOwnProperty;
  const { get: mapGet, set: mapSet } = win.WeakMap.prototype;
  const RequestCtor = win.Request;
  const pageFetch = win.fetch;

  const { clone: responseClone, text: responseText } = win.Response.prototype;
  const XHR = win.XMLHttpRequest.prototype;
  const { open, send } = XHR;
  // Getters too: a page could redefine `responseText` or `status` to feed us a forged answer.
  const getter = (proto: object, name: string): (() => any) => {
    for (let p: object | null = proto; p; p = win.Object.getPrototypeOf(p)) {
      const found = win.Object.getOwnPropertyDescriptor(p, name)?.get;
      if (found) return found;
    }
    return function (this: Record<string, unknown>) {
      return this[name];
    };
  };
  const xhrState = getter(XHR, 'readyState');
  const xhrUrl = getter(XHR, 'responseURL');
  const xhrType = getter(XHR, 'responseType');
  const xhrText = getter(XHR, 'responseText');
  const xhrResponse = getter(XHR, 'response');
  const requestUrl = getter(win.Request.prototype, 'url');
  const requestMethod = getter(win.Request.prototype, 'method');
  const base = win.location.origin + API;
  const calls = new win.WeakMap<XMLHttpRequest, string>();
  const noop = () => undefined;
  const routes = CAPTURE_ROUTES;
  const has = win.Set.prototype.has;
  // A frame or an opened window: another script of the origin may own this realm already.
  if (win.top !== win || win.opener !== null) return;

  const post = openPageEnd(win);

  /** An own property of a parsed JSON value (never one a page put on `Object.prototype`). */
  const own = (value: unknown, key: string): any => (value !== null && typeof value === 'object' && apply(hasOwn, value, [key]) ? (value as Record<string, unknown>)[key] : undefined);
  const str = (value: unknown) => (typeof value === 'string' && value.length <= 300 ? value : undefined);
  const json = (text: unknown): unknown => {
    try {
      return typeof text === 'string' ? parse(text) : text;
    } catch {
      return null;
    }
  };
  function report(method: string, url: string, responseBody: unknown): void {
    // Only this origin's API, from its root: not data:, blob: or `/elsewhere/api/v2/my/…`.
    if (typeof url !== 'string' || apply(indexOf, url, [base]) !== 0) return;
    let end = base.length;
    while (end < url.length && url[end] !== '?' && url[end] !== '#') end++;
    while (end > base.length && url[end - 1] === '/') end--;
    const path: string = apply(slice, url, [base.length, end]);
    method = apply(toUpperCase, method, []);
    // The browser tells the worker about every other answer (its `Date` included): nothing to say.
    if (!apply(has, routes, [`${method} ${path}`])) return;
    const res = json(responseBody);
    // The fields the capture spec names for this route; everything else stays in the page. (Index
    // loops and own properties only: a page may patch Array and Object prototypes.)
    const fields = apply(hasOwn, CAPTURE_SPEC, [`${method} ${path}`]) ? CAPTURE_SPEC[`${method} ${path}`]!.response : [];
    const response: Record<string, unknown> = { __proto__: null } as unknown as Record<string, unknown>;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      response[field] = field === 'code' ? (typeof own(res, 'code') === 'number' ? own(res, 'code') : undefined) : field === 'done' ? (typeof own(res, 'done') === 'boolean' ? own(res, 'done') : undefined) : field === 'key' ? str(own(own(res, 'data'), 'key')) : str(own(res, field));
    }
    post(stringify({ __proto__: null, method, path, response } as unknown as PageReport));
  }

  win.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    let request: Request;
    try {
      // What fetch itself does first (Fetch §5.1): the same request, built by the original constructor.
      request = new RequestCtor(input, init);
    } catch {
      return apply(pageFetch, this, [input, init]);
    }
    const url: string = apply(requestUrl, request, []);
    const answer: Promise<Response> = apply(pageFetch, this, [request]);
    // Only API calls are read (no other answer is copied).
    if (apply(indexOf, url, [base]) === 0) {
      const method: string = apply(requestMethod, request, []);
      apply(then, answer, [
        (response: Response) => {
          try {
            const received: Promise<string> = apply(responseText, apply(responseClone, response, []), []);
            apply(then, received, [(text: string) => report(method, url, text), noop]);
          } catch {
            // Never let observation break the page's request.
          }
        },
        noop,
      ]);
    }
    return answer;
  } as typeof fetch;

  XHR.open = function (this: XMLHttpRequest, method: string) {
    apply(mapSet, calls, [this, typeof method === 'string' ? method : '']);
    return apply(open, this, arguments as unknown as unknown[]);
  } as typeof XHR.open;
  XHR.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const method: string | undefined = apply(mapGet, calls, [this]);
    let reported = false;
    if (method) {
      apply(addEventListener, this, [
        'loadend',
        () => {
          try {
            // A page may fire `loadend` itself: only a request that is really DONE is read, once.
            if (reported || apply(xhrState, this, []) !== 4) return;
            reported = true;
            const type = apply(xhrType, this, []);
            const response = type === '' || type === 'text' ? apply(xhrText, this, []) : type === 'json' ? apply(xhrResponse, this, []) : null;
            report(method, apply(xhrUrl, this, []), response);
          } catch {
            // As above: observation never breaks the page.
          }
        },
      ]);
    }
    return apply(send, this, [body]);
  };
}
