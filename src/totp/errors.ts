import { describeSecretError, type SecretError } from './base32';

/**
 * The one thrown error of the TOTP core. `kind` is for code, `message` for people; neither ever holds
 * a secret or any part of one (only positions, sizes and the names of options).
 */
export type TotpErrorKind =
  | 'invalid_secret'
  | 'invalid_algorithm'
  | 'invalid_digits'
  | 'invalid_period'
  | 'invalid_time'
  | 'invalid_account'
  | 'invalid_batch'
  | 'crypto_unavailable'
  | 'crypto_failed';

export class TotpError extends Error {
  override readonly name = 'TotpError';

  constructor(
    readonly kind: TotpErrorKind,
    message: string,
    /** For `invalid_secret`: what was wrong, as positions and lengths. */
    readonly secretError?: SecretError,
  ) {
    super(message);
  }

  static secret(error: SecretError): TotpError {
    return new TotpError('invalid_secret', describeSecretError(error), error);
  }
}

export const isTotpError = (value: unknown): value is TotpError => value instanceof TotpError;
