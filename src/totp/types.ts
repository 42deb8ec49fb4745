/**
 * The shapes shared by the TOTP core: what one authenticator account is, as the Key URI Format
 * describes it (https://github.com/google/google-authenticator/wiki/Key-Uri-Format).
 */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
export type Digits = 6 | 7 | 8;

export const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];
export const DIGITS: readonly Digits[] = [6, 7, 8];

/** RFC 6238 §5.2 recommends 30 s; the Key URI Format's default. */
export const DEFAULT_PERIOD = 30;
/** The longest time step accepted anywhere (one hour), as otplib's guardrail and the vault schema. */
export const MAX_PERIOD = 3600;

export const isAlgorithm = (value: unknown): value is Algorithm => (ALGORITHMS as readonly unknown[]).includes(value);
export const isDigits = (value: unknown): value is Digits => (DIGITS as readonly unknown[]).includes(value);
export const isPeriod = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PERIOD;

export interface OtpauthAccount {
  /** Who issued the key (the `issuer` parameter, else the label's prefix); trimmed, never empty. */
  issuer?: string;
  /** The account name part of the label; trimmed, never empty. */
  label: string;
  /** Canonical base32: upper case A–Z2–7, no separators or padding. */
  secret: string;
  algorithm: Algorithm;
  digits: Digits;
  period: number;
}
