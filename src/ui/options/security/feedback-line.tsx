import type { Feedback } from './security-store';

/**
 * One part's outcome, next to its controls. Both live regions are always in the page (a region
 * added together with its text is not announced); the one that fits holds the text.
 */
export function FeedbackLine({ id, feedback }: { id: string; feedback: Feedback | undefined }) {
  return (
    <>
      <p id={`${id}-error`} role="alert" class="error">
        {feedback?.kind === 'error' ? feedback.text : ''}
      </p>
      <p id={`${id}-status`} role="status" class="notice-line">
        {feedback?.kind === 'ok' ? feedback.text : ''}
      </p>
    </>
  );
}
