import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { takeOverWhenSettled } from '../../../src/ui/popup/take-over';
import type { VaultPhase } from '../../../src/ui/popup';

/** The app takes over from the first paint when its vault phase is not a list (the list's first code does it otherwise), and at the latest after 2 s. */
describe('takeOverWhenSettled', () => {
  it('loading and a list: not yet; locked (or empty, unavailable): right after that render, once', async () => {
    vi.useFakeTimers();
    const phase = signal<VaultPhase>('loading');
    const takeOver = vi.fn();
    takeOverWhenSettled({ vault: { phase } } as never, takeOver, 60_000);
    phase.value = 'ready';
    await vi.advanceTimersByTimeAsync(10);
    expect(takeOver).not.toHaveBeenCalled();
    phase.value = 'locked';
    await vi.advanceTimersByTimeAsync(10);
    expect(takeOver).toHaveBeenCalledTimes(1);
    phase.value = 'empty';
    await vi.advanceTimersByTimeAsync(10);
    expect(takeOver).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('never later than its deadline', async () => {
    vi.useFakeTimers();
    const takeOver = vi.fn();
    takeOverWhenSettled({ vault: { phase: signal<VaultPhase>('loading') } } as never, takeOver, 2000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(takeOver).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(takeOver).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
