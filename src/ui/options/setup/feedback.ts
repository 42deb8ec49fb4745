import { batch, signal, type ReadonlySignal } from '@preact/signals';

/**
 * One section's line of feedback: what is running (buttons wait), the last success (role=status)
 * and the last failure (role=alert). A new step clears both, so a message always belongs to the
 * last thing the person did.
 */
export interface Feedback {
  busy: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  notice: ReadonlySignal<string | null>;
  begin(notice?: string): void;
  succeed(message: string | null): void;
  fail(message: string): void;
  /** Another step is about to be shown: keep the line, stop waiting. */
  idle(): void;
  clear(): void;
}

export function createFeedback(): Feedback {
  const busy = signal(false);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const set = (b: boolean, e: string | null, n: string | null) =>
    batch(() => {
      busy.value = b;
      error.value = e;
      notice.value = n;
    });
  return {
    busy,
    error,
    notice,
    begin: (message) => set(true, null, message ?? null),
    succeed: (message) => set(false, null, message),
    fail: (message) => set(false, message, null),
    idle: () => {
      busy.value = false;
    },
    clear: () => set(false, null, null),
  };
}
