import { describe, expect, it } from 'vitest';
import { serialQueue } from '../../src/serial-queue';

describe('serialQueue', () => {
  it('runs tasks one at a time in call order, and a failure does not stop the next', async () => {
    const serially = serialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          log.push(name);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms),
      );
    const results = await Promise.allSettled([serially(task('a', 30)), serially(task('b', 1, true)), serially(task('c', 1))]);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
