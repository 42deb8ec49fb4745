import { decodeSecret } from './base32';
import { CachedWebCryptoPlugin, type CachedWebCryptoOptions, type HmacHash } from './cached-web-crypto';
import { TotpError } from './errors';
import { counterBytes, hotpValue } from './hotp';
import { checkPeriod, checkTime } from './time-step';
import { type Algorithm, DEFAULT_PERIOD, type Digits, isAlgorithm, isDigits } from './types';

/**
 * TOTP codes: RFC 6238 §4 (T = floor(time / X), TOTP = HOTP(K, T)) over RFC 4226 §5.3 (HMAC, dynamic
 * truncation, modulo 10^digits). The HMAC goes through otplib's WebCrypto plugin, subclassed to keep
 * each imported key (`CachedWebCryptoPlugin`); the counter and truncation are the few lines of
 * `hotp.ts` rather than otplib's `generate`.
 *
 * Why not otplib's `generate` per code: with keys imported, its option plumbing costs about 10 µs per
 * code in V8 — as much as the HMAC itself — mostly options objects re-spread at each layer
 * (`{ ...options, period }` is a V8 slow path), plus BigInt counters and a crypto context per call. A
 * 1,000-account popup ran at ~3× the WebCrypto floor that way, ~1.1–1.2× this way (bench/totp.bench.ts).
 * The tests hold this path to otplib's `generate`, the RFC vectors and oathtool.
 * The time always comes from the caller.
 */
export interface CodeOptions {
  /** Seconds since 1970 (fractions allowed): the caller's clock, corrected for any server offset. */
  epochSeconds: number;
  algorithm?: Algorithm;
  digits?: Digits;
  /** Time step in seconds (RFC 6238 "X"), default 30. */
  period?: number;
}

export interface TotpEngine {
  /** The code at `options.epochSeconds`; rejects only with `TotpError`. */
  generateCode(secretBase32: string, options: CodeOptions): Promise<string>;
  /** Forgets every imported key (call on vault lock). */
  clearKeyCache(): void;
  /** How many imported keys are held. */
  readonly cachedKeys: number;
}

const HASH: Record<Algorithm, HmacHash> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/** A code generator with its own key cache; the options inject WebCrypto and bound the cache. */
export function createTotp(options: CachedWebCryptoOptions = {}): TotpEngine {
  const plugin = new CachedWebCryptoPlugin(options);
  return {
    generateCode(secretBase32, codeOptions) {
      let input: ReturnType<typeof checkInput>;
      try {
        input = checkInput(secretBase32, codeOptions);
      } catch (error) {
        return Promise.reject(asTotpError(error));
      }
      const { bytes, hash, digits, counter } = input;
      return plugin.hmac(hash, bytes, counterBytes(counter)).then(
        (digest) => hotpValue(digest, digits),
        (error: unknown) => Promise.reject(asTotpError(error)),
      );
    },
    clearKeyCache: () => plugin.clear(),
    get cachedKeys() {
      return plugin.size;
    },
  };
}

function checkInput(secretBase32: string, options: CodeOptions) {
  const parsed = decodeSecret(secretBase32);
  if (!parsed.ok) throw TotpError.secret(parsed.error);
  if (typeof options !== 'object' || options === null) throw new TotpError('invalid_time', 'Options with epochSeconds are required.');
  const { algorithm = 'SHA1', digits = 6, period = DEFAULT_PERIOD, epochSeconds } = options;
  if (!isAlgorithm(algorithm)) throw new TotpError('invalid_algorithm', 'The algorithm must be SHA1, SHA256 or SHA512.');
  if (!isDigits(digits)) throw new TotpError('invalid_digits', 'A code has 6, 7 or 8 digits.');
  checkPeriod(period);
  checkTime(epochSeconds);
  const counter = Math.floor(epochSeconds / period);
  if (!Number.isSafeInteger(counter)) throw new TotpError('invalid_time', 'The time is too far in the future.');
  return { bytes: parsed.bytes, hash: HASH[algorithm], digits, counter };
}

/** Whatever WebCrypto threw, as a `TotpError` whose message names no secret (only the error's name). */
function asTotpError(error: unknown): TotpError {
  if (error instanceof TotpError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new TotpError('crypto_failed', `The code could not be computed (${name}).`);
}

let shared: TotpEngine | undefined;
/** The module's engine, made on first use so that importing this file touches no crypto. */
const sharedEngine = (): TotpEngine => (shared ??= createTotp());

/**
 * The code for `secretBase32` at `options.epochSeconds` (RFC 6238 §4, RFC 4226 §5.3), from the
 * module's shared engine. Rejects with `TotpError` for a bad secret, algorithm, digits, period or time.
 */
export async function generateCode(secretBase32: string, options: CodeOptions): Promise<string> {
  return sharedEngine().generateCode(secretBase32, options);
}

/** Forgets the shared engine's imported keys (call on vault lock). */
export const clearKeyCache = (): void => shared?.clearKeyCache();
