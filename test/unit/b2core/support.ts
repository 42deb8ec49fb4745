import { createB2CoreClient, type ApiResult, type B2CoreClient, type B2CoreClientOptions, type B2CoreError, type FetchLike } from '../../../src/b2core';
import type { SandboxApi } from '../../fixtures/sandbox';

/**
 * Helpers for the b2core client tests: a client on the real sandbox (Node's own fetch), small fake
 * fetches for what a healthy sandbox never does, and unwrapping of results.
 */
export const nodeFetch: FetchLike = (url, init) => fetch(url, init);

export function sandboxClient(sb: SandboxApi, options: Partial<B2CoreClientOptions> = {}): B2CoreClient {
  return createB2CoreClient({ origin: sb.url, fetch: nodeFetch, now: Date.now, ...options });
}

export function fakeClient(fetchFn: FetchLike, options: Partial<B2CoreClientOptions> = {}): B2CoreClient {
  return createB2CoreClient({ origin: 'http://127.0.0.1:9', fetch: fetchFn, now: Date.now, ...options });
}

/** A fetch that answers `body` (an object is sent as JSON) with `status` and `headers`. */
export const answering =
  (status: number, body: unknown, headers: Record<string, string> = {}): FetchLike =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers },
    });

export function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

export function failure<T>(result: ApiResult<T>): B2CoreError {
  if (result.ok) throw new Error('expected an error, got a success');
  return result.error;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
export const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
