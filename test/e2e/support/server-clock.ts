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

export function serverClock(sb: ClockedSandbox, ext: () => ExtensionHarness) {
  const serverSeconds = () => sb.now() / 1000;
  return {
    serverSeconds,
    /** oathtool's codes for `key` from `since` (server seconds) to now, ±2 s. */
    codesOf: (key: string, since: number) => oathtoolWindow(key, since, serverSeconds()),
    /** A fresh code period on the server (30 s by default), and the extension told at once. */
    async advance(seconds = 30) {
      await sb.advance(seconds);
      await followClock(ext(), sb.url);
    },
  };
}

/** Polls for up to 15 s: the machine is shared, and a wizard may wait for a fresh TOTP period. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
