import { signal, type ReadonlySignal } from '@preact/signals';
import type { ClipboardPort, Clock, Messenger } from '../shared/adapters';
import { CLIPBOARD_CLEAR_MS } from '../../clipboard/clear-after';
import { t } from '../../i18n';

/**
 * Click to copy, with a confirmation. The worker clears the code from the clipboard 30 s later, only
 * if the clipboard still holds it (worker/clipboard): the popup closes as soon as the person clicks
 * the page to paste, and a closed popup runs nothing.
 */
export { CLIPBOARD_CLEAR_MS as CLEAR_AFTER_MS } from '../../clipboard/clear-after';
/** How long the "Copied" confirmation stays visible. */
export const CONFIRMATION_MS = 4_000;

export interface CopyStatus {
  kind: 'copied' | 'error';
  /** "Copied", or what went wrong, in a word or two: shown first and announced (role=status). */
  text: string;
  /** The sentence that follows it. */
  detail: string;
  /** The account whose code this is about. */
  id: string;
}

export interface CopyStoreDeps {
  clipboard: ClipboardPort;
  clock: Clock;
  /** Tells the worker what was copied, for its clear 30 s later. */
  messenger: Messenger;
}

export interface CopyStore {
  status: ReadonlySignal<CopyStatus | null>;
  copy(id: string, code: string | null, what: string): Promise<void>;
  dispose(): void;
}

export function createCopyStore({ clipboard, clock, messenger }: CopyStoreDeps): CopyStore {
  const status = signal<CopyStatus | null>(null);
  let hideHandle: unknown;

  function show(next: CopyStatus) {
    status.value = next;
    clock.clearTimeout(hideHandle);
    hideHandle = clock.setTimeout(() => {
      if (status.peek() === next) status.value = null;
    }, CONFIRMATION_MS);
  }

  return {
    status,
    async copy(id, code, what) {
      if (!code) {
        show({ kind: 'error', id, text: t('popup_not_copied'), detail: t('popup_code_not_ready') });
        return;
      }
      try {
        await clipboard.writeText(code);
      } catch {
        show({ kind: 'error', id, text: t('popup_not_copied'), detail: t('popup_clipboard_refused') });
        return;
      }
      show({ kind: 'copied', id, text: t('popup_copied'), detail: t('popup_copied_detail', what, CLIPBOARD_CLEAR_MS / 1000) });
      // Not awaited: the confirmation does not wait for the worker (a worker that does not answer leaves the code, as before).
      void messenger('clipboard/copied', { code }).catch(() => undefined);
    },
    dispose() {
      clock.clearTimeout(hideHandle);
    },
  };
}
