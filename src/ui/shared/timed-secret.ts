import { signal, type ReadonlySignal } from '@preact/signals';
import type { Clock } from './adapters';

/**
 * A secret a page holds only while it is shown (a revealed key, phone transfer codes): `show` puts
 * it in and starts the timer; `hide` — the person's, the timer's, or the page's on any change —
 * takes it out. Nothing else keeps it.
 */
export function timedSecret<T>(clock: Clock, ms: number): { value: ReadonlySignal<T | null>; show(secret: T): void; hide(): void } {
  const value = signal<T | null>(null);
  let timer: unknown;
  const hide = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    value.value = null;
  };
  return {
    value,
    show(secret) {
      hide();
      value.value = secret;
      timer = clock.setTimeout(hide, ms);
    },
    hide,
  };
}
