import { TotpError } from './errors';
import { DEFAULT_PERIOD, isPeriod, MAX_PERIOD } from './types';

/**
 * RFC 6238 §4.2: the moving factor T = floor((unix time − T0) / X), with T0 = 0 as every
 * authenticator uses. Times are seconds since the epoch (fractions allowed) and come from the caller:
 * nothing here reads a clock.
 */
export function counterAt(epochSeconds: number, period: number = DEFAULT_PERIOD): number {
  checkTime(epochSeconds);
  checkPeriod(period);
  return Math.floor(epochSeconds / period);
}

/** Whole seconds until the code shown at `epochSeconds` changes: 1..period (a fresh step shows `period`). */
export function secondsLeft(epochSeconds: number, period: number = DEFAULT_PERIOD): number {
  checkTime(epochSeconds);
  checkPeriod(period);
  return period - (Math.floor(epochSeconds) % period);
}

export function checkTime(epochSeconds: number): void {
  if (typeof epochSeconds !== 'number' || !Number.isFinite(epochSeconds) || epochSeconds < 0) {
    throw new TotpError('invalid_time', 'The time must be a finite, non-negative number of seconds since 1970.');
  }
}

export function checkPeriod(period: number): void {
  if (!isPeriod(period)) throw new TotpError('invalid_period', `The period must be a whole number of seconds from 1 to ${MAX_PERIOD}.`);
}
