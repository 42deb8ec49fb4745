/**
 * The one error type of the sandbox. Every failure leaves the server as the error body of
 * docs/b2core-api.md ("Errors" [ours]):
 * `{"error":{"code":"<machine_code>","message":"<sentence>","details":[{"field","issue"}]}}`.
 */
export interface ErrorDetail {
  field: string;
  issue: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = (what: string, field?: string) =>
  new ApiError(404, 'not_found', `${what} was not found or has expired.`, field ? [{ field, issue: 'unknown' }] : []);

export const outOfOrder = (message: string) => new ApiError(409, 'wizard_step_out_of_order', message);

export const invalidCode = (field = 'code') =>
  new ApiError(422, 'invalid_code', 'The code is wrong. Check it and try again.', [{ field, issue: 'does not match' }]);

export const expiredCode = (field = 'code') =>
  new ApiError(422, 'code_expired', 'The code has expired. Start again to get a new one.', [
    { field, issue: 'expired' },
  ]);

export const unauthorized = (message = 'Sign in to continue: the access token is missing, invalid or expired.') =>
  new ApiError(401, 'unauthorized', message);
