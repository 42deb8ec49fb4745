import { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, MAX_QUEUED, READY } from './bridge';
import type { Exchange } from './exchange';

/**
 * Runs in the page's own world (MAIN) on a registered B2Core origin, at `document_start`. It watches
 * the B2Core 2FA, sign-in and challenge answers that the page's `fetch` and `XMLHttpRequest` receive,
 * without changing them (fetch answers are read from a `clone()`), and sends minimal exchanges to the
 * content script over the private channel of `bridge.ts`. It reads only the fields capture needs:
 * never a password; of tokens only the `sub` claim.
 *
 * Everything it uses from the page's world is taken before any page script runs, so a page that
 * later replaces `fetch`, `JSON.parse` or `dispatchEvent` cannot see or change what it sends.
 */
const WATCHED = /^(GET 2fa\/google\/enable\/wizard|GET 2fa\/(google|sms)\/disable\/wizard|POST 2fa\/wizard|POST signin(\/2fa)?|POST 2fa\/(google|sms)|GET 2fa\/challenge)$/;
const API = '/api/v2/my/';

export function observePage(win: typeof globalThis & Window): void {
  const doc = win.document;
  const { parse, stringify } = win.JSON;
  const apply = win.Reflect.apply;
  const { dispatchEvent, addEventListener, removeEventListener } = win.EventTarget.prototype;
  const Custom = win.CustomEvent;
  const pageFetch = win.fetch;
  const responseClone = win.Response.prototype.clone;
  const responseText = win.Response.prototype.text;
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
  const xhrType = getter(XHR, 'responseType');
  const xhrText = getter(XHR, 'responseText');
  const xhrResponse = getter(XHR, 'response');
  const fetchStatus = getter(win.Response.prototype, 'status');
  const fetchHeaders = getter(win.Response.prototype, 'headers');
  const origin = win.location.origin;
  const UrlCtor = win.URL;

  let channel: string | null = null;
  const queue: string[] = [];
  const fire = (name: string, detail: string) => apply(dispatchEvent, doc, [new Custom(name, { detail })]);
  const post = (exchange: Exchange) => {
    const text = stringify(exchange);
    if (channel) fire(channel, text);
    else if (queue.length < MAX_QUEUED) queue.push(text);
  };
  const onHello = (event: Event) => {
    const nonce = (event as CustomEvent).detail;
    if (channel || typeof nonce !== 'string' || !/^[0-9a-f]{32}$/.test(nonce)) return;
    channel = CHANNEL_PREFIX + nonce;
    apply(removeEventListener, doc, [HELLO_FROM_EXTENSION, onHello]);
    fire(channel, READY);
    for (const text of queue.splice(0)) fire(channel, text);
  };
  apply(addEventListener, doc, [HELLO_FROM_EXTENSION, onHello]);
  fire(HELLO_FROM_PAGE, '');

  const str = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : undefined);
  const json = (text: unknown): any => {
    try {
      return typeof text === 'string' ? parse(text) : text;
    } catch {
      return null;
    }
  };
  const sub = (token: unknown): string | undefined => {
    try {
      const payload = str(token)?.split('.')[1];
      return payload ? str(String(parse(win.atob(payload.replace(/-/g, '+').replace(/_/g, '/'))).sub)) : undefined;
    } catch {
      return undefined;
    }
  };

  function report(method: string, url: string, status: number, requestBody: unknown, responseBody: unknown, date: string | null): void {
    let path: string;
    try {
      const u = new UrlCtor(url, win.location.href);
      const at = u.pathname.indexOf(API);
      if (u.origin !== origin || at < 0) return;
      path = u.pathname.slice(at + API.length).replace(/\/+$/, '');
    } catch {
      return;
    }
    method = method.toUpperCase();
    // Other API answers still tell the server's time: only that, no content, travels.
    if (!WATCHED.test(`${method} ${path}`)) return post({ method, path, status, date: date ?? undefined } as Exchange);
    const req = json(requestBody) ?? {};
    const res = json(responseBody) ?? {};
    const data = res.data ?? {};
    post({
      method: method as 'GET' | 'POST',
      path,
      status,
      // The fields capture reads; the password and everything else stay in the page.
      request: { uuid: str(req.uuid), code: str(req.code), key: str(req.key), email: str(req.email), type: str(req.type) },
      response: {
        code: typeof res.code === 'number' ? res.code : undefined,
        done: typeof res.done === 'boolean' ? res.done : undefined,
        uuid: str(res.uuid),
        workflow: str(res.workflow),
        key: path === '2fa/google/enable/wizard' ? str(data.key) : undefined,
        provider: str(res.provider),
        sub: sub(data.accessToken?.token),
      },
      date: date ?? undefined,
    } as Exchange);
  }

  win.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const answer: Promise<Response> = apply(pageFetch, this, [input, init]);
    try {
      const request = input instanceof win.Request ? input : null;
      const method = init?.method ?? request?.method ?? 'GET';
      const url = request ? request.url : String(input);
      const body = typeof init?.body === 'string' ? init.body : undefined;
      answer.then(
        (response) => {
          const copy: Response = apply(responseClone, response, []);
          (apply(responseText, copy, []) as Promise<string>).then(
            (text) => report(method, url, apply(fetchStatus, response, []), body, text, apply(headersGet, apply(fetchHeaders, response, []), ['date'])),
            () => undefined,
          );
        },
        () => undefined,
      );
    } catch {
      // Never let observation break the page's request.
    }
    return answer;
  } as typeof fetch;

  const calls = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  XHR.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
    calls.set(this, { method: String(method), url: String(url) });
    return apply(open, this, arguments as unknown as unknown[]);
  } as typeof XHR.open;
  XHR.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const call = calls.get(this);
    if (call) {
      apply(addEventListener, this, [
        'loadend',
        () => {
          try {
            const type = apply(xhrType, this, []);
            const response = type === '' || type === 'text' ? apply(xhrText, this, []) : type === 'json' ? apply(xhrResponse, this, []) : null;
            report(call.method, call.url, apply(xhrStatus, this, []), typeof body === 'string' ? body : undefined, response, apply(getHeader, this, ['date']));
          } catch {
            // As above: observation never breaks the page.
          }
        },
      ]);
    }
    return apply(send, this, [body]);
  };
}
