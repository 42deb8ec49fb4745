import { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, MAX_QUEUED, READY } from './bridge';
import type { Exchange } from './exchange';

/**
 * Runs in the page's own world (MAIN) on a registered B2Core origin, at `document_start`. It watches
 * the B2Core 2FA, sign-in and challenge answers that the page's `fetch` and `XMLHttpRequest` receive,
 * without changing them (fetch answers are read from a `clone()`), and sends minimal exchanges to the
 * content script over the private channel of `bridge.ts`. It reads only the fields capture needs:
 * never a password; of tokens only the `sub` claim.
 *
 * A script of the page itself (an injected one included) runs after this one and may patch any
 * built-in, so what is reported must come from the network, not from the page's objects:
 * - every built-in used after start-up is taken now: `Promise#then`, the string methods, `RegExp#exec`,
 *   `JSON`, `hasOwnProperty`, the getters of Request/Response/XHR (a page could patch `then` to hand
 *   over a Response it made, `slice` to swap a key, `Object.prototype.toJSON` to replace the whole
 *   message, or an `init.body` getter to show us another body than the one sent);
 * - the URL and body are those of the `Request` built here with the original constructor and passed
 *   to the original `fetch` (a page's `input` whose `toString` lies cannot point us elsewhere); for XHR
 *   the URL is the `responseURL` the network answered from (a second `open` from another realm
 *   cannot re-target it), read once the request is really DONE;
 * - only `origin + /api/v2/my/…` counts (not data:, blob: or a look-alike path elsewhere);
 * - values are read as own properties only, into objects without a prototype.
 * What remains out of reach: the site's own service worker answering in the server's place.
 */
const WATCHED = /^(GET 2fa\/google\/enable\/wizard|GET 2fa\/(google|sms)\/disable\/wizard|POST 2fa\/wizard|POST signin(\/2fa)?|POST 2fa\/(google|sms)|GET 2fa\/challenge)$/;
const API = '/api/v2/my/';

export function observePage(win: typeof globalThis & Window): void {
  const doc = win.document;
  const { parse, stringify } = win.JSON;
  const apply = win.Reflect.apply;
  const { dispatchEvent, addEventListener, removeEventListener } = win.EventTarget.prototype;
  const { slice, indexOf, toUpperCase } = win.String.prototype;
  const exec = win.RegExp.prototype.exec;
  const then = win.Promise.prototype.then;
  const hasOwn = win.Object.prototype.hasOwnProperty;
  const { get: mapGet, set: mapSet } = win.WeakMap.prototype;
  const atob = win.atob;
  const Custom = win.CustomEvent;
  const RequestCtor = win.Request;
  const pageFetch = win.fetch;
  const { clone: requestClone, text: requestText } = win.Request.prototype;
  const { clone: responseClone, text: responseText } = win.Response.prototype;
  const headersGet = win.Headers.prototype.get;
  const XHR = win.XMLHttpRequest.prototype;
  const { open, send } = XHR;
  const getHeader = XHR.getResponseHeader;
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
  const xhrStatus = getter(XHR, 'status');
  const xhrState = getter(XHR, 'readyState');
  const xhrUrl = getter(XHR, 'responseURL');
  const xhrType = getter(XHR, 'responseType');
  const xhrText = getter(XHR, 'responseText');
  const xhrResponse = getter(XHR, 'response');
  const requestUrl = getter(win.Request.prototype, 'url');
  const requestMethod = getter(win.Request.prototype, 'method');
  const fetchStatus = getter(win.Response.prototype, 'status');
  const fetchHeaders = getter(win.Response.prototype, 'headers');
  const base = win.location.origin + API;
  const calls = new win.WeakMap<XMLHttpRequest, string>();
  const noop = () => undefined;

  let channel: string | null = null;
  const queue: string[] = [];
  // The init object has no prototype: a page's `Object.prototype.bubbles` getter cannot rewrite `detail`.
  const fire = (name: string, detail: string) => apply(dispatchEvent, doc, [new Custom(name, { __proto__: null, detail } as CustomEventInit)]);
  const post = (exchange: Exchange) => {
    const text: string = stringify(exchange);
    if (channel) fire(channel, text);
    else if (queue.length < MAX_QUEUED) queue[queue.length] = text;
  };
  const onHello = (event: Event) => {
    const nonce = (event as CustomEvent).detail;
    if (channel || typeof nonce !== 'string' || apply(exec, /^[0-9a-f]{32}$/, [nonce]) === null) return;
    channel = CHANNEL_PREFIX + nonce;
    apply(removeEventListener, doc, [HELLO_FROM_EXTENSION, onHello]);
    fire(channel, READY);
    for (let i = 0; i < queue.length; i++) fire(channel, queue[i]!);
    queue.length = 0;
  };
  apply(addEventListener, doc, [HELLO_FROM_EXTENSION, onHello]);
  fire(HELLO_FROM_PAGE, '');

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
  /** The `sub` claim of a JWT, decoded here so the token itself never travels. */
  const sub = (token: unknown): string | undefined => {
    try {
      const t = str(token)!;
      const start = apply(indexOf, t, ['.']) + 1;
      let payload = '';
      for (let i = start; i < t.length && t[i] !== '.'; i++) payload += t[i] === '-' ? '+' : t[i] === '_' ? '/' : t[i];
      return str(own(parse(atob(payload)), 'sub'));
    } catch {
      return undefined;
    }
  };

  function report(method: string, url: string, status: number, requestBody: unknown, responseBody: unknown, date: string | null): void {
    // Only this origin's API, from its root: not data:, blob: or `/elsewhere/api/v2/my/…`.
    if (typeof url !== 'string' || apply(indexOf, url, [base]) !== 0) return;
    let end = base.length;
    while (end < url.length && url[end] !== '?' && url[end] !== '#') end++;
    while (end > base.length && url[end - 1] === '/') end--;
    const path: string = apply(slice, url, [base.length, end]);
    method = apply(toUpperCase, method, []);
    // Other API answers still tell the server's time: only that, no content, travels.
    if (apply(exec, WATCHED, [`${method} ${path}`]) === null) return post({ __proto__: null, method, path, status, date: date ?? undefined } as unknown as Exchange);
    const req = json(requestBody);
    const res = json(responseBody);
    post({
      __proto__: null,
      method,
      path,
      status,
      // The fields capture reads; the password and everything else stay in the page.
      request: { __proto__: null, uuid: str(own(req, 'uuid')), code: str(own(req, 'code')), key: str(own(req, 'key')), email: str(own(req, 'email')), type: str(own(req, 'type')) },
      response: {
        __proto__: null,
        code: typeof own(res, 'code') === 'number' ? own(res, 'code') : undefined,
        done: typeof own(res, 'done') === 'boolean' ? own(res, 'done') : undefined,
        uuid: str(own(res, 'uuid')),
        workflow: str(own(res, 'workflow')),
        key: path === '2fa/google/enable/wizard' ? str(own(own(res, 'data'), 'key')) : undefined,
        provider: str(own(res, 'provider')),
        sub: sub(own(own(own(res, 'data'), 'accessToken'), 'token')),
      },
      date: date ?? undefined,
    } as unknown as Exchange);
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
    let sent: Promise<string> | null = null;
    try {
      // Only API calls are read (no other upload is copied); the body is copied before fetch uses it.
      if (apply(indexOf, url, [base]) === 0) sent = apply(requestText, apply(requestClone, request, []), []);
    } catch {
      // Never let observation break the page's request.
    }
    const answer: Promise<Response> = apply(pageFetch, this, [request]);
    if (sent) {
      const method: string = apply(requestMethod, request, []);
      apply(then, answer, [
        (response: Response) => {
          try {
            const status: number = apply(fetchStatus, response, []);
            const date: string | null = apply(headersGet, apply(fetchHeaders, response, []), ['date']);
            const received: Promise<string> = apply(responseText, apply(responseClone, response, []), []);
            apply(then, sent, [(body: string) => apply(then, received, [(text: string) => report(method, url, status, body, text, date), noop]), noop]);
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
            report(method, apply(xhrUrl, this, []), apply(xhrStatus, this, []), typeof body === 'string' ? body : undefined, response, apply(getHeader, this, ['date']));
          } catch {
            // As above: observation never breaks the page.
          }
        },
      ]);
    }
    return apply(send, this, [body]);
  };
}
