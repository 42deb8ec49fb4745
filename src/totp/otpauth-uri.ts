import { describeSecretError, parseSecret, type SecretError } from './base32';
import { TotpError } from './errors';
import { DEFAULT_PERIOD, type Digits, isAlgorithm, isDigits, isPeriod, MAX_PERIOD, type OtpauthAccount } from './types';
import { err } from '../result';

/**
 * Google's Key URI Format (https://github.com/google/google-authenticator/wiki/Key-Uri-Format):
 * `otpauth://TYPE/LABEL?PARAMETERS`, LABEL = issuer ":" / "%3A" *"%20" accountname, parameters
 * `secret` (required, base32), `issuer` (recommended; wins over the label's prefix), `algorithm`
 * (SHA1), `digits` (6), `period` (30). Only TOTP is supported.
 *
 * Errors never echo the URI or any part of it: a URI carries the secret.
 */
export type OtpauthErrorKind =
  | 'too_long'
  | 'not_otpauth'
  | 'unsupported_type'
  | 'invalid_label'
  | 'missing_label'
  | 'missing_secret'
  | 'invalid_secret'
  | 'invalid_algorithm'
  | 'invalid_digits'
  | 'invalid_period';

export type OtpauthError =
  | { kind: Exclude<OtpauthErrorKind, 'invalid_secret'>; message: string }
  | { kind: 'invalid_secret'; message: string; reason: SecretError };

export type ParsedOtpauth = { ok: true; account: OtpauthAccount } | { ok: false; error: OtpauthError };

/** Far above a real key URI (a 128-byte key is 205 characters); refuses pasted megabytes early. */
export const MAX_URI_LENGTH = 4096;

const URI = /^otpauth:\/\/([^/?#]*)\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/is;

const fail = (kind: Exclude<OtpauthErrorKind, 'invalid_secret'>, message: string): ParsedOtpauth => err({ kind, message });

/** Parses a key URI into an account. Never throws. */
export function parseOtpauthUri(uri: string): ParsedOtpauth {
  if (typeof uri !== 'string') return fail('not_otpauth', 'This is not an otpauth:// link.');
  if (uri.length > MAX_URI_LENGTH) return fail('too_long', `The link is longer than ${MAX_URI_LENGTH} characters.`);
  const match = URI.exec(uri.trim());
  if (!match) return fail('not_otpauth', 'This is not an otpauth:// link.');
  const [, type = '', rawLabel = '', query = ''] = match;
  if (type.toLowerCase() === 'hotp') return fail('unsupported_type', 'Counter-based (HOTP) keys are not supported, only time-based (TOTP).');
  if (type.toLowerCase() !== 'totp') return fail('unsupported_type', 'Only time-based (TOTP) keys are supported.');

  const label = decodeComponent(rawLabel);
  if (label === null || !label.isWellFormed()) return fail('invalid_label', 'The account name is not validly percent-encoded text.');
  const { prefix, account } = splitLabel(label);
  if (!account) return fail('missing_label', 'The link names no account.');

  const params = new URLSearchParams(query);
  const secretParam = params.get('secret');
  if (secretParam === null || secretParam === '') return fail('missing_secret', 'The link has no secret.');
  const secret = parseSecret(secretParam);
  if (!secret.ok) return err({ kind: 'invalid_secret', message: describeSecretError(secret.error), reason: secret.error });

  const algorithm = (params.get('algorithm') ?? 'SHA1').toUpperCase();
  if (!isAlgorithm(algorithm)) return fail('invalid_algorithm', 'The algorithm must be SHA1, SHA256 or SHA512.');
  const digitsParam = params.get('digits') ?? '6';
  if (!/^[678]$/.test(digitsParam)) return fail('invalid_digits', 'A code has 6, 7 or 8 digits.');
  const periodParam = params.get('period') ?? String(DEFAULT_PERIOD);
  const period = /^\d{1,5}$/.test(periodParam) ? Number(periodParam) : NaN;
  if (!isPeriod(period)) return fail('invalid_period', `The period must be a whole number of seconds from 1 to ${MAX_PERIOD}.`);

  // The spec says the parameter and the prefix should match; when they differ the parameter wins.
  // (URLSearchParams decodes to well-formed text, and the label was checked above.)
  const issuer = params.get('issuer')?.trim() || prefix || undefined;
  return {
    ok: true,
    account: { ...(issuer ? { issuer } : {}), label: account, secret: secret.secret, algorithm, digits: Number(digitsParam) as Digits, period },
  };
}

/**
 * The key URI for an account; `parseOtpauthUri` gives the same account back. Writes `issuer` both as
 * the label prefix and as the parameter (as the spec recommends) and omits parameters at their
 * defaults. Throws `TotpError` (`invalid_account` / `invalid_secret`) for an account that cannot be
 * written: an empty or untrimmed label or issuer, text that is not well-formed Unicode, a bad secret,
 * or an unknown algorithm, digits or period.
 */
export function formatOtpauthUri(account: OtpauthAccount): string {
  const { issuer, label } = checkAccount(account);
  const secret = parseSecret(account.secret);
  if (!secret.ok) throw TotpError.secret(secret.error);

  // A colon cannot be escaped inside the label: an issuer that has one goes in the parameter only, and
  // a label that has one gets a (possibly empty) prefix so that its own colon is not read as the split.
  const prefix = issuer !== undefined && !issuer.includes(':') ? issuer : '';
  const path = prefix || label.includes(':') ? `${encodeURIComponent(prefix)}:${encodeURIComponent(label)}` : encodeURIComponent(label);
  let query = `secret=${secret.secret}`;
  if (issuer !== undefined) query += `&issuer=${encodeURIComponent(issuer)}`;
  if (account.algorithm !== 'SHA1') query += `&algorithm=${account.algorithm}`;
  if (account.digits !== 6) query += `&digits=${account.digits}`;
  if (account.period !== DEFAULT_PERIOD) query += `&period=${account.period}`;
  return `otpauth://totp/${path}?${query}`;
}

/**
 * Splits "Issuer:account" (or "Issuer%3Aaccount", already decoded) at the first colon; spaces after
 * the colon are dropped, as the spec allows.
 */
export function splitLabel(label: string): { prefix: string | undefined; account: string } {
  const colon = label.indexOf(':');
  if (colon < 0) return { prefix: undefined, account: label.trim() };
  return { prefix: label.slice(0, colon).trim() || undefined, account: label.slice(colon + 1).trim() };
}

/** The checks `formatOtpauthUri` and the migration encoder share. */
export function checkAccount(account: OtpauthAccount): { issuer: string | undefined; label: string } {
  const { issuer, label } = account;
  if (typeof label !== 'string' || !label || label.trim() !== label || !label.isWellFormed()) {
    throw new TotpError('invalid_account', 'The account name must be non-empty, well-formed text without surrounding spaces.');
  }
  if (issuer !== undefined && (typeof issuer !== 'string' || !issuer || issuer.trim() !== issuer || !issuer.isWellFormed())) {
    throw new TotpError('invalid_account', 'The issuer must be non-empty, well-formed text without surrounding spaces.');
  }
  if (!isAlgorithm(account.algorithm)) throw new TotpError('invalid_algorithm', 'The algorithm must be SHA1, SHA256 or SHA512.');
  if (!isDigits(account.digits)) throw new TotpError('invalid_digits', 'A code has 6, 7 or 8 digits.');
  if (!isPeriod(account.period)) throw new TotpError('invalid_period', `The period must be a whole number of seconds from 1 to ${MAX_PERIOD}.`);
  return { issuer, label };
}

function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
