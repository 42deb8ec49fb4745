/**
 * The sandbox UI's API client: what a real B2Core client app does in the browser, over `fetch`
 * or — with `?transport=xhr` — over XMLHttpRequest (Angular's HttpClient uses XHR).
 */
export type Transport = 'fetch' | 'xhr';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}

const BASE = '/api/v2/my/';

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'bad_response', message: 'The server answered something that is not JSON.', details: [] } };
  }
}

function viaFetch(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<ApiResponse> {
  return fetch(url, { method, headers, body }).then(async (res) => ({ status: res.status, headers: res.headers, body: parseBody(await res.text()) }));
}

function viaXhr(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => {
      const responseHeaders = new Headers();
      for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) responseHeaders.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      resolve({ status: xhr.status, headers: responseHeaders, body: parseBody(xhr.responseText) });
    };
    xhr.onerror = () => reject(new TypeError('Network error'));
    xhr.send(body ?? null);
  });
}

export function createApi(transport: Transport) {
  return async function request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const send = transport === 'xhr' ? viaXhr : viaFetch;
    return send(method, BASE + path, headers, body);
  };
}

/** A person-readable sentence for a failed response (the API's own message when it gave one). */
export function errorMessage(res: ApiResponse): string {
  const message = res.body?.error?.message;
  const retry = res.headers.get('Retry-After');
  if (typeof message === 'string') return retry ? `${message} (retry after ${retry} s)` : message;
  return `The server answered ${res.status}.`;
}
