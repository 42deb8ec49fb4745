import { createApi, type ApiResponse, type RequestOptions, type Transport } from './api';

/** The signed-in state as a B2Core app keeps it: the token pair in localStorage. */
interface Stored {
  accessToken: string;
  refreshToken: string;
  email: string;
}

const KEY = 'b2core-sandbox.session';

export const transport: Transport = new URLSearchParams(location.search).get('transport') === 'xhr' ? 'xhr' : 'fetch';
const request = createApi(transport);

export function current(): Stored | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export function save(pair: { accessToken: { token: string }; refreshToken: { token: string } }, email: string): void {
  localStorage.setItem(KEY, JSON.stringify({ accessToken: pair.accessToken.token, refreshToken: pair.refreshToken.token, email }));
}

export function clear(): void {
  localStorage.removeItem(KEY);
}

/** Unauthenticated call. */
export const call = (method: string, path: string, options: RequestOptions = {}) => request(method, path, options);

/** Authenticated call; on 401 it refreshes the pair once and retries, as B2Core apps do. */
export async function authed(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const stored = current();
  const first = await request(method, path, { ...options, token: stored?.accessToken ?? null });
  if (first.status !== 401 || !stored) return first;
  const refreshed = await request('POST', 'refresh', { body: { refreshToken: stored.refreshToken } });
  if (refreshed.status !== 200 || refreshed.body?.code !== 202) {
    clear();
    return first;
  }
  save(refreshed.body.data, stored.email);
  return request(method, path, { ...options, token: refreshed.body.data.accessToken.token });
}

export function deviceFingerprint(): string {
  return btoa(JSON.stringify({ user_agent: navigator.userAgent, language: navigator.language }));
}
