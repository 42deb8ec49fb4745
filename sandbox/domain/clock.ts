/**
 * The sandbox's clock: real time plus an offset that `POST /__sandbox/clock` sets, so that tests can
 * skew the server against the browser. Everything time-dependent (TOTP checks, expiries, `Date`
 * headers, change-log times) reads this clock and nothing else.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, offset applied. */
  now(): number;
  offsetSeconds(): number;
  setOffsetSeconds(seconds: number): void;
}

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset * 1000,
    offsetSeconds: () => offset,
    setOffsetSeconds: (seconds) => {
      offset = seconds;
    },
  };
}

/** `2022-01-01T00:00:00+00:00`: the format of token and change-log times in the seed. */
export function formatOffsetTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `2022-12-28T13:00:58.000000Z`: the format of the SMS step's `sentAt`/`expiredAt` in the seed. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
