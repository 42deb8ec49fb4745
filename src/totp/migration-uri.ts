import { encodeBase32, MAX_SECRET_BYTES, MIN_SECRET_BYTES, parseSecret } from './base32';
import { decodeBase64, encodeBase64 } from './base64';
import { TotpError } from './errors';
import { checkAccount, splitLabel } from './otpauth-uri';
import { ProtoWriter, readMessage } from './protobuf';
import { type Algorithm, DEFAULT_PERIOD, type OtpauthAccount } from './types';
import { err } from '../result';

/**
 * Google Authenticator's "Transfer accounts" export: `otpauth-migration://offline?data=<base64>`,
 * where data is a protobuf `MigrationPayload` (as published by Google Authenticator's exporters):
 *
 *     message MigrationPayload {
 *       repeated OtpParameters otp_parameters = 1;
 *       int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
 *     }
 *     message OtpParameters {
 *       bytes secret = 1; string name = 2; string issuer = 3;
 *       Algorithm algorithm = 4;  // 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
 *       DigitCount digits = 5;    // 0 unspecified, 1 six, 2 eight
 *       OtpType type = 6;         // 0 unspecified, 1 HOTP, 2 TOTP
 *       int64 counter = 7;
 *     }
 *
 * The format has no period: every TOTP entry is 30 s. Unspecified enums take the defaults (SHA1,
 * 6 digits, TOTP). Entries this authenticator cannot use (HOTP, MD5, an unknown enum, a key of the
 * wrong size, no name) are skipped and counted, not fatal. Errors never echo the payload.
 */
export type MigrationErrorKind = 'too_long' | 'not_migration' | 'missing_data' | 'bad_base64' | 'malformed';

export interface MigrationError {
  kind: MigrationErrorKind;
  message: string;
}

export type SkipReason = 'hotp' | 'unsupported_algorithm' | 'unsupported_digits' | 'unsupported_type' | 'invalid_secret' | 'missing_label';

export interface SkippedEntry {
  /** 0-based position among the payload's entries. */
  index: number;
  reason: SkipReason;
}

/** One QR code of a multi-code export ("1 of 3"); single exports are size 1, index 0. int32s, as the .proto says. */
export interface MigrationBatch {
  size: number;
  index: number;
  id: number;
}

export type ParsedMigration =
  | { ok: true; accounts: OtpauthAccount[]; skipped: number; skippedEntries: SkippedEntry[]; batch: MigrationBatch }
  | { ok: false; error: MigrationError };

/** A QR code holds under 3 KB; a pasted link ten times that is still plausible, a megabyte is not. */
export const MAX_MIGRATION_URI_LENGTH = 65_536;

const URI = /^otpauth-migration:\/\/offline\/?\?([^#]*)(?:#.*)?$/is;
const ALGORITHM: Record<number, Algorithm | 'MD5'> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512', 4: 'MD5' };
const ALGORITHM_CODE: Record<Algorithm, number> = { SHA1: 1, SHA256: 2, SHA512: 3 };
const DIGIT_COUNT: Record<number, 6 | 8> = { 0: 6, 1: 6, 2: 8 };
const TYPE_HOTP = 1;
const TYPE_TOTP = 2;

const fail = (kind: MigrationErrorKind, message: string): ParsedMigration => err({ kind, message });

/** Parses an export link into its TOTP accounts. Never throws. */
export function parseMigrationUri(uri: string): ParsedMigration {
  if (typeof uri !== 'string') return fail('not_migration', 'This is not an otpauth-migration:// link.');
  if (uri.length > MAX_MIGRATION_URI_LENGTH) return fail('too_long', `The link is longer than ${MAX_MIGRATION_URI_LENGTH} characters.`);
  const match = URI.exec(uri.trim());
  if (!match) return fail('not_migration', 'This is not an otpauth-migration:// link.');
  // Read `data` by hand: URLSearchParams would turn a raw '+' of the base64 into a space.
  const raw = (match[1] ?? '')
    .split('&')
    .find((part) => part.startsWith('data='))
    ?.slice('data='.length);
  if (!raw) return fail('missing_data', 'The link has no data.');
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return fail('bad_base64', 'The link data is not validly percent-encoded.');
  }
  const payload = decodeBase64(text);
  if (!payload) return fail('bad_base64', 'The link data is not base64.');
  return readPayload(payload);
}

/** A `MigrationPayload` into accounts. Never throws. */
export function readPayload(payload: Uint8Array): ParsedMigration {
  const message = readMessage(payload);
  if (!message.ok) return malformed(message.fault, message.offset);
  const accounts: OtpauthAccount[] = [];
  const skippedEntries: SkippedEntry[] = [];
  const batch: MigrationBatch = { size: 1, index: 0, id: 0 };
  let index = 0;
  for (const { field, value } of message.fields) {
    if (field === 1) {
      if (value.wire !== 'bytes') return malformed('otp_parameters is not a message', 0);
      const entry = readEntry(value.value);
      if ('fault' in entry) return malformed(entry.fault, 0);
      if ('reason' in entry) skippedEntries.push({ index, reason: entry.reason });
      else accounts.push(entry);
      index++;
    } else if (value.wire === 'varint' && field >= 3 && field <= 5) {
      batch[field === 3 ? 'size' : field === 4 ? 'index' : 'id'] = value.int32;
    }
  }
  return { ok: true, accounts, skipped: skippedEntries.length, skippedEntries, batch };
}

function readEntry(bytes: Uint8Array): OtpauthAccount | { reason: SkipReason } | { fault: string } {
  const message = readMessage(bytes);
  if (!message.ok) return { fault: message.fault };
  let secret: Uint8Array | undefined;
  let name = '';
  let issuerField = '';
  const enums = { algorithm: 0, digits: 0, type: 0 };
  for (const { field, value } of message.fields) {
    // Proto3: for a scalar field the last occurrence wins; a wire type that does not fit is malformed.
    const kind = fieldKind(field);
    if (kind === 'unknown') continue;
    if ((kind === 'bytes') !== (value.wire === 'bytes') || value.wire === 'fixed') return { fault: `field ${field} has the wrong wire type` };
    if (value.wire === 'bytes') {
      if (field === 1) secret = value.value;
      else if (field === 2) name = decodeText(value.value);
      else issuerField = decodeText(value.value);
    } else if (field === 4) enums.algorithm = value.int32;
    else if (field === 5) enums.digits = value.int32;
    else if (field === 6) enums.type = value.int32;
  }

  if (enums.type === TYPE_HOTP) return { reason: 'hotp' };
  if (enums.type !== 0 && enums.type !== TYPE_TOTP) return { reason: 'unsupported_type' };
  const algorithm = ALGORITHM[enums.algorithm];
  if (!algorithm || algorithm === 'MD5') return { reason: 'unsupported_algorithm' };
  const digits = DIGIT_COUNT[enums.digits];
  if (!digits) return { reason: 'unsupported_digits' };
  if (!secret || secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) return { reason: 'invalid_secret' };

  const { issuer, label } = splitName(name, issuerField.trim());
  if (!label) return { reason: 'missing_label' };
  return { ...(issuer ? { issuer } : {}), label, secret: encodeBase32(secret), algorithm, digits, period: DEFAULT_PERIOD };
}

/** Fields 1–3 are length-delimited, 4–7 varints; 7 (counter) is read and ignored: TOTP has no counter. */
function fieldKind(field: number): 'bytes' | 'varint' | 'unknown' {
  if (field >= 1 && field <= 3) return 'bytes';
  return field >= 4 && field <= 7 ? 'varint' : 'unknown';
}

/**
 * `name` is often the whole key-URI label, "Issuer:account". Split it as the Key URI Format does when
 * there is no issuer field or when the prefix is that issuer; otherwise a colon belongs to the name.
 */
function splitName(name: string, issuerField: string): { issuer: string | undefined; label: string } {
  const { prefix, account } = splitLabel(name);
  const split = name.includes(':') && (!issuerField || prefix === issuerField);
  if (!split) return { issuer: issuerField || undefined, label: name.trim() };
  return { issuer: issuerField || prefix, label: account };
}

/**
 * The export link for `accounts` (all in one payload: a real QR code holds about ten). Accounts must be
 * representable: the format has no 7-digit codes and no period but 30 s, so those throw `TotpError`.
 */
export function formatMigrationUri(accounts: readonly OtpauthAccount[], batch: Partial<MigrationBatch> = {}): string {
  const payload = new ProtoWriter();
  for (const account of accounts) payload.bytes(1, encodeEntry(account));
  payload.varint(2, 1);
  const { size = 1, index = 0, id = 0 } = batch;
  for (const value of [size, index, id]) {
    if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
      throw new TotpError('invalid_batch', 'The batch size, index and id are 32-bit integers.');
    }
  }
  if (size) payload.int32(3, size);
  if (index) payload.int32(4, index);
  if (id) payload.int32(5, id);
  return `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(payload.finish()))}`;
}

function encodeEntry(account: OtpauthAccount): Uint8Array {
  const { issuer, label } = checkAccount(account);
  if (account.digits === 7) throw new TotpError('invalid_digits', 'Google Authenticator exports carry 6 or 8 digits only.');
  if (account.period !== DEFAULT_PERIOD) throw new TotpError('invalid_period', 'Google Authenticator exports carry 30-second keys only.');
  const secret = parseSecret(account.secret);
  if (!secret.ok) throw TotpError.secret(secret.error);
  const entry = new ProtoWriter().bytes(1, secret.bytes).string(2, exportName(label, issuer));
  if (issuer) entry.string(3, issuer);
  return entry
    .varint(4, ALGORITHM_CODE[account.algorithm])
    .varint(5, account.digits === 8 ? 2 : 1)
    .varint(6, TYPE_TOTP)
    .finish();
}

/**
 * The plain label where it reads back unchanged; a prefix only when the label's own colon would
 * otherwise be taken for the issuer split (see `splitName`).
 */
function exportName(label: string, issuer: string | undefined): string {
  if (!label.includes(':')) return label;
  if (!issuer) return `:${label}`;
  return issuer.includes(':') ? label : `${issuer}:${label}`;
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function malformed(detail: string, offset: number): ParsedMigration {
  return fail('malformed', `The link data is not a valid export (${detail.replaceAll('_', ' ')}${offset ? ` at byte ${offset}` : ''}).`);
}
