import { effect } from '@preact/signals';
import type { PopupStore } from './popup-store';

/**
 * When the app takes over from the first paint (src/ui/popup/first-paint.ts) other than through its
 * list's first code: once the vault's phase is something else (locked, empty, unavailable — the first
 * paint then showed a stale record's rows, which must not stay), right after that phase's render; and
 * in any case after `latestMs`, so a first screen can never outstay the app.
 */
export function takeOverWhenSettled(store: Pick<PopupStore, 'vault'>, takeOver: () => void, latestMs = 2000): void {
  setTimeout(takeOver, latestMs);
  const stop = effect(() => {
    const phase = store.vault.phase.value;
    if (phase === 'loading' || phase === 'ready') return;
    setTimeout(takeOver, 0);
    queueMicrotask(() => stop());
  });
}
