import { describe, expect, it } from 'vitest';
import { keyedSerialQueue, serialQueue } from '../../src/serial-queue';

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

  it('keyed: one line per key (other keys run meanwhile), and the line is dropped once idle', async () => {
    const keyed = keyedSerialQueue<string>();
    const log: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = keyed('a', async () => {
      await held;
      log.push('a1');
    });
    const second = keyed('a', async () => void log.push('a2'));
    await keyed('b', async () => void log.push('b1'));
    expect(log).toEqual(['b1']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
    // A failure in one key's line does not stop its next task.
    await expect(keyed('a', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await keyed('a', async () => 'after')).toBe('after');
  });
});
