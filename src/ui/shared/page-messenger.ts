import { t } from '../../i18n';
import { createMessenger } from '../../messaging/client';

/**
 * The popup's and settings page's sender: the project's one messenger (valibot-free), with its own
 * two failures (no answer, a malformed answer) worded in the page's language.
 */
export const createPageMessenger = (send: (message: unknown) => Promise<unknown>) =>
  createMessenger(send, { noAnswer: () => t('errors_no_answer'), badAnswer: () => t('errors_bad_answer') });
