import * as v from 'valibot';
import type { B2CoreError, ErrorDetail } from './errors';
import { redact } from './redact';

/**
 * Turns a refused request (4xx/5xx) into a {@link B2CoreError} (docs/b2core-api.md, "Errors" [ours]:
 * `{"error":{"code","message","details":[{"field","issue"}]}}`, 429 with `Retry-After`). The body is
 * read for those three fields only; anything else in it, and a body that is not that shape, is
 * dropped. Every server sentence is scrubbed of the request's secrets.
 */
export interface RefusedResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

const ErrorBodySchema = v.object({
  error: v.object({
    code: v.optional(v.string()),
    message: v.optional(v.string()),
    details: v.optional(v.array(v.object({ field: v.string(), issue: v.string() }))),
  }),
});

interface ServerSaid {
  code: string | null;
  message: string | null;
  details: ErrorDetail[];
}

function readErrorBody(text: string): ServerSaid {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { code: null, message: null, details: [] };
  }
  const parsed = v.safeParse(ErrorBodySchema, json);
  if (!parsed.success) return { code: null, message: null, details: [] };
  const { code, message, details } = parsed.output.error;
  return { code: code ?? null, message: message?.trim() || null, details: details ?? [] };
}

/**
 * `Retry-After` as seconds: delta-seconds, or an HTTP-date measured against the response's own
 * `Date` (so a skewed server clock does not matter). Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, dateHeader: string | null): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const until = Date.parse(trimmed);
  const now = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
  if (Number.isNaN(until) || Number.isNaN(now)) return null;
  return Math.max(0, Math.ceil((until - now) / 1000));
}

type AnsweredKind = Exclude<B2CoreError['kind'], 'network' | 'timeout' | 'bad_response'>;

/** The 422 machine codes that are kinds of their own. */
const CODE_KINDS = ['invalid_code', 'code_expired', 'invalid_credentials'] as const;

const STATUS_KINDS = new Map<number, AnsweredKind>([
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not_found'],
  [409, 'conflict'],
  [429, 'rate_limited'],
]);

const isCodeKind = (code: string | null): code is (typeof CODE_KINDS)[number] => CODE_KINDS.some((k) => k === code);

/** The error kind for a status and machine code: 422 by its code; other 4xx not listed are `validation`. */
export function kindOf(status: number, code: string | null): AnsweredKind {
  if (status >= 500) return 'server';
  if (status === 422 && isCodeKind(code)) return code;
  return STATUS_KINDS.get(status) ?? 'validation';
}

const DEFAULT_MESSAGES: Record<AnsweredKind, string> = {
  invalid_code: 'The code is wrong. Check it and try again.',
  code_expired: 'The code has expired. Start again to get a new one.',
  invalid_credentials: 'The email or password is wrong.',
  rate_limited: 'Too many attempts. Wait a while before trying again.',
  unauthorized: 'The session has ended. Sign in again.',
  forbidden: 'The server refused this operation.',
  not_found: 'It was not found, or it has expired.',
  conflict: 'This step does not fit the current state. Start the procedure again.',
  validation: 'The server refused the request as it was sent.',
  server: 'The server failed. Try again later.',
};

export function errorFromResponse(res: RefusedResponse, secrets: readonly string[]): B2CoreError {
  const said = readErrorBody(res.text);
  const kind = kindOf(res.status, said.code);
  const base = {
    message: redact(said.message ?? DEFAULT_MESSAGES[kind], secrets),
    status: res.status,
    code: said.code === null ? null : redact(said.code, secrets),
    details: said.details.map((d) => ({ field: redact(d.field, secrets), issue: redact(d.issue, secrets) })),
  };
  if (kind === 'rate_limited') {
    return { kind, ...base, retryAfterSeconds: parseRetryAfter(res.headers.get('Retry-After'), res.headers.get('Date')) };
  }
  return { kind, ...base };
}
