import { describe, expect, it } from 'vitest';
import { verifyCode } from '../../../src/totp';
import { totp } from '../../fixtures/rfc6238';

const KEY = 'TPYXG33M4LOHFJHB';
const T = 1_764_000_015; // mid-step

describe('verifyCode', () => {
  it('accepts the current, previous and next step; refuses two steps away', async () => {
    for (const [offset, expected] of [
      [0, true],
      [-30, true],
      [30, true],
      [-60, false],
      [60, false],
    ] as const) {
      expect(await verifyCode(KEY, totp(KEY, (T + offset) * 1000), { epochSeconds: T }), `offset ${offset}`).toBe(expected);
    }
  });

  it('a window of 0 accepts only the current step', async () => {
    expect(await verifyCode(KEY, totp(KEY, (T - 30) * 1000), { epochSeconds: T, window: 0 })).toBe(false);
    expect(await verifyCode(KEY, totp(KEY, T * 1000), { epochSeconds: T, window: 0 })).toBe(true);
  });

  it('never throws: bad codes and bad secrets just do not verify', async () => {
    expect(await verifyCode(KEY, '12345', { epochSeconds: T })).toBe(false);
    expect(await verifyCode(KEY, '12345a', { epochSeconds: T })).toBe(false);
    expect(await verifyCode('not base32!', '123456', { epochSeconds: T })).toBe(false);
    expect(await verifyCode(KEY, 123456 as unknown as string, { epochSeconds: T })).toBe(false);
  });
});
