import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterAt, MAX_PERIOD, secondsLeft, TotpError } from '../../../src/totp';

describe('counterAt: T = floor(time / X) (RFC 6238 §4.2)', () => {
  it('the Appendix B time steps', () => {
    expect(counterAt(59)).toBe(1);
    expect(counterAt(1111111109)).toBe(0x23523ec);
    expect(counterAt(1111111111)).toBe(0x23523ed);
    expect(counterAt(1234567890)).toBe(0x273ef07);
    expect(counterAt(2000000000)).toBe(0x3f940aa);
    expect(counterAt(20000000000)).toBe(0x27bc86aa);
  });

  it('other periods and fractions', () => {
    expect(counterAt(0, 60)).toBe(0);
    expect(counterAt(119.9, 60)).toBe(1);
    expect(counterAt(120, 60)).toBe(2);
  });
});

describe('secondsLeft: 1..period', () => {
  it('a fresh step shows the whole period, its last second shows 1', () => {
    expect(secondsLeft(0)).toBe(30);
    expect(secondsLeft(1)).toBe(29);
    expect(secondsLeft(29)).toBe(1);
    expect(secondsLeft(29.99)).toBe(1);
    expect(secondsLeft(30)).toBe(30);
    expect(secondsLeft(1_700_000_000)).toBe(10);
    expect(secondsLeft(59, 60)).toBe(1);
    expect(secondsLeft(5, 1)).toBe(1);
  });

  it('is always within 1..period and reaches 0 exactly at the next step', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 4e9, noNaN: true }), fc.integer({ min: 1, max: MAX_PERIOD }), (time, period) => {
        const left = secondsLeft(time, period);
        expect(Number.isInteger(left)).toBe(true);
        expect(left).toBeGreaterThanOrEqual(1);
        expect(left).toBeLessThanOrEqual(period);
        const whole = Math.floor(time);
        expect(counterAt(whole + left, period)).toBe(counterAt(time, period) + 1);
        expect(counterAt(whole + left - 1, period)).toBe(counterAt(time, period));
      }),
    );
  });
});

describe('bad arguments throw TotpError', () => {
  it('time', () => {
    for (const time of [NaN, Infinity, -1, '1' as unknown as number]) {
      expect(() => secondsLeft(time)).toThrow(TotpError);
      expect(() => counterAt(time, 30)).toThrow(expect.objectContaining({ kind: 'invalid_time' }));
    }
  });

  it('period', () => {
    for (const period of [0, -1, 0.5, NaN, MAX_PERIOD + 1]) {
      expect(() => secondsLeft(0, period)).toThrow(expect.objectContaining({ kind: 'invalid_period' }));
      expect(() => counterAt(0, period)).toThrow(TotpError);
    }
  });
});
