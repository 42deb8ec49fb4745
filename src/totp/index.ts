/**
 * The TOTP core: pure functions over strings, bytes and numbers. Time comes from the caller; WebCrypto
 * is the only platform service (injectable through `createTotp`).
 *
 * - RFC 4648 §6 base32 secrets: `parseSecret`, `encodeBase32`
 * - RFC 6238 §4 / RFC 4226 §5.3 codes: `generateCode`, `createTotp`, `secondsLeft`, `counterAt`
 * - Google's Key URI Format: `parseOtpauthUri`, `formatOtpauthUri`
 * - Google Authenticator's export: `parseMigrationUri`, `formatMigrationUri`
 *
 * Secrets never appear in an error, message or result other than the account itself.
 */
export { describeSecretError, encodeBase32, MAX_SECRET_BYTES, MIN_SECRET_BYTES, parseSecret } from './base32';
export type { ParsedSecret, SecretError } from './base32';
export { CachedWebCryptoPlugin, DEFAULT_MAX_CACHED_KEYS } from './cached-web-crypto';
export type { CachedWebCryptoOptions } from './cached-web-crypto';
export { isTotpError, TotpError } from './errors';
export type { TotpErrorKind } from './errors';
export { clearKeyCache, createTotp, generateCode } from './generate-code';
export type { CodeOptions, TotpEngine } from './generate-code';
export { formatMigrationUri, MAX_MIGRATION_URI_LENGTH, parseMigrationUri } from './migration-uri';
export type { MigrationBatch, MigrationError, MigrationErrorKind, ParsedMigration, SkippedEntry, SkipReason } from './migration-uri';
export { formatOtpauthUri, MAX_URI_LENGTH, parseOtpauthUri } from './otpauth-uri';
export type { OtpauthError, OtpauthErrorKind, ParsedOtpauth } from './otpauth-uri';
export { counterAt, secondsLeft } from './time-step';
export { ALGORITHMS, DEFAULT_PERIOD, DIGITS, isAlgorithm, isDigits, isPeriod, MAX_PERIOD } from './types';
export type { Algorithm, Digits, OtpauthAccount } from './types';
export { verifyCode } from './verify-code';
