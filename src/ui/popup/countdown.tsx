import { computed, type ReadonlySignal } from '@preact/signals';
import type { Timer } from './code-store';

/**
 * Seconds left on a code, as a number inside a ring that empties with the period. Bound to the
 * timer's signals (shared by every account on the same clock), so a second passing updates text and
 * one style in place: no component renders. Hidden from assistive technology: a number that changes
 * every second is noise; the code itself is what is announced.
 */
interface TimerView {
  style: ReadonlySignal<string>;
  phase: ReadonlySignal<'ok' | 'low'>;
}

/** Under this many seconds the ring turns to a warning colour: time to wait for the next code. */
export const LOW_SECONDS = 5;

const views = new WeakMap<Timer, TimerView>();
function viewOf(timer: Timer): TimerView {
  let view = views.get(timer);
  if (!view) {
    view = {
      style: computed(() => `--p:${timer.fraction.value.toFixed(3)}`),
      phase: computed(() => (timer.secondsLeft.value <= LOW_SECONDS ? 'low' : 'ok')),
    };
    views.set(timer, view);
  }
  return view;
}

export function Countdown({ timer }: { timer: Timer }) {
  const view = viewOf(timer);
  return (
    <span class="ttl" aria-hidden="true" style={view.style} data-phase={view.phase}>
      {timer.secondsLeft}
    </span>
  );
}
