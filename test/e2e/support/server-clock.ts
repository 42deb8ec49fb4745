import { expect } from 'vitest';
import { oathtoolWindow } from '../../fixtures/oathtool';
import { followClock, type ExtensionHarness } from './extension';

/**
 * The one clock of the browser tests: the sandbox's time, oathtool's codes over a window up to
 * now, and a move of the sandbox's clock that tells the extension at once (what the person's
 * Security › Check clock does), so that B2Core's one-use rule and the extension's "one code per
 * period" never make a test wait for real time.
 */
export interface ClockedSandbox {
  url: string;
  /** The sandbox's time, ms. */
  now(): number;
  /** Moves the sandbox's clock on by `seconds`. */
  advance(seconds: number): Promise<void>;
}

export function serverClock(sb: ClockedSandbox, ext?: () => ExtensionHarness) {
  const serverSeconds = () => sb.now() / 1000;
  return {
    serverSeconds,
    /** oathtool's codes for `key` from `since` (server seconds) to now, ±2 s. */
    codesOf: (key: string, since: number) => oathtoolWindow(key, since, serverSeconds()),
    /** A fresh code period on the server (30 s by default), and the extension told at once. */
    async advance(seconds = 30) {
      if (!ext) throw new Error('serverClock: advance tells the extension, and none was given');
      await sb.advance(seconds);
      await followClock(ext(), sb.url);
    },
  };
}

/** Polls for up to 15 s: the machine is shared, and a wizard may wait for a fresh TOTP period. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/**
 * A sandbox started by the file itself (not reset between tests): its clock moved through
 * `/__sandbox/clock`, with the offset kept here.
 */
export function controlledClock(url: () => string): ClockedSandbox {
  let offsetSeconds = 0;
  return {
    get url() {
      return url();
    },
    now: () => Date.now() + offsetSeconds * 1000,
    async advance(seconds) {
      offsetSeconds += seconds;
      const res = await fetch(`${url()}/__sandbox/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offsetSeconds }) });
      if (res.status !== 204) throw new Error(`sandbox clock: ${res.status}`);
    },
  };
}
