/**
 * Everything that can go wrong when talking to B2Core, as data (docs/b2core-api.md, "Errors" [ours]).
 * Messages are for people; no error ever holds a response body, a key, a token, a password or a
 * code that was sent (the server's own sentences are scrubbed of them, see `redact.ts`).
 */

/** One `{field, issue}` of the server's error body. */
export interface ErrorDetail {
  field: string;
  issue: string;
}

/** What every error the server answered carries: its HTTP status and machine code, when it gave one. */
interface Answered<K extends string> {
  kind: K;
  message: string;
  status: number;
  /** The server's `error.code` (`wizard_step_out_of_order`, `invalid_success_token`, …), or null. */
  code: string | null;
  details: ErrorDetail[];
}

/** 422 `invalid_code`: a wrong authenticator, SMS or email code. */
export type InvalidCodeError = Answered<'invalid_code'>;
/** 422 `code_expired`: an SMS or email code past its 5 minutes. */
export type CodeExpiredError = Answered<'code_expired'>;
/** 422 `invalid_credentials`: wrong email or password (the same answer for both). */
export type InvalidCredentialsError = Answered<'invalid_credentials'>;
/** 429: the attempt limit; `retryAfterSeconds` from `Retry-After`, null when absent or unreadable. */
export interface RateLimitedError extends Answered<'rate_limited'> {
  retryAfterSeconds: number | null;
}
/** 401: no, bad, expired or revoked token. */
export type UnauthorizedError = Answered<'unauthorized'>;
/** 403: `forbidden` (another client's challenge) or `invalid_success_token`. */
export type ForbiddenError = Answered<'forbidden'>;
/** 404: unknown route, method type, uuid, challenge or change id (also expired sessions and wizards). */
export type NotFoundError = Answered<'not_found'>;
/** 409: `wizard_step_out_of_order`, `already_enabled` or `not_enabled` (see `code`). */
export type ConflictError = Answered<'conflict'>;
/** 400, 413 and any other refusal of the request as sent; `details` names the fields. */
export type ValidationError = Answered<'validation'>;
/** 5xx. */
export type ServerError = Answered<'server'>;

/** `fetch` rejected: offline, DNS, refused connection, CORS. */
export interface NetworkError {
  kind: 'network';
  message: string;
}
/** No complete answer within the client's timeout. */
export interface TimeoutError {
  kind: 'timeout';
  message: string;
  timeoutMs: number;
}
/** A success status whose body is not JSON or not of the documented shape; `path` says where. */
export interface BadResponseError {
  kind: 'bad_response';
  message: string;
  status: number;
  /** Dot path of the first mismatch (`data.accessToken.token`), `$` for the whole body. */
  path: string;
}

export type B2CoreError =
  | InvalidCodeError
  | CodeExpiredError
  | InvalidCredentialsError
  | RateLimitedError
  | UnauthorizedError
  | ForbiddenError
  | NotFoundError
  | ConflictError
  | ValidationError
  | ServerError
  | NetworkError
  | TimeoutError
  | BadResponseError;

export type B2CoreErrorKind = B2CoreError['kind'];

export const networkError = (origin: string): NetworkError => ({
  kind: 'network',
  message: `Could not reach ${origin}. Check the connection and that the site is up.`,
});

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

export const timeoutError = (origin: string, timeoutMs: number): TimeoutError => ({
  kind: 'timeout',
  message: `${origin} did not answer within ${duration(timeoutMs)}.`,
  timeoutMs,
});

export const badResponseError = (status: number, path: string, what: string): BadResponseError => ({
  kind: 'bad_response',
  message: `The server's answer is not what the B2Core API documents (${what} at ${path}).`,
  status,
  path,
});
