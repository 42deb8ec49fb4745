import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { ClipboardPort, Clock } from '../shared/adapters';
import { t } from '../../i18n';

/**
 * Click to copy, with a confirmation and a best-effort clear of the clipboard 30 s later.
 *
 * The clear is best effort, and only while the popup is open: a closed popup has no code left running
 * (its document is gone), and the worker cannot touch the clipboard without an offscreen document, so
 * a code copied just before the popup closes stays in the clipboard (it expires with its time step
 * anyway). While open, the clipboard is emptied only if it still holds that code: read back when the
 * page may read it, otherwise inferred — nothing else was copied from this page since (the popup
 * closes when it loses focus, so it cannot have been copied over elsewhere while it stayed open).
 */
export const CLEAR_AFTER_MS = 30_000;
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
  clearAfterMs?: number;
}

export interface CopyStore {
  status: ReadonlySignal<CopyStatus | null>;
  copy(id: string, code: string | null, what: string): Promise<void>;
  /** Something else was copied from this page (a `copy` event): do not clear it later. */
  noteOtherCopy(): void;
  dispose(): void;
}

export function createCopyStore({ clipboard, clock, clearAfterMs = CLEAR_AFTER_MS }: CopyStoreDeps): CopyStore {
  const status = signal<CopyStatus | null>(null);
  /** What this page last put in the clipboard, if nothing else was copied since. */
  let ours: string | null = null;
  let clearHandle: unknown;
  let hideHandle: unknown;

  function show(next: CopyStatus) {
    status.value = next;
    clock.clearTimeout(hideHandle);
    hideHandle = clock.setTimeout(() => {
      if (status.peek() === next) status.value = null;
    }, CONFIRMATION_MS);
  }

  async function clearIfStill(code: string) {
    if (ours !== code) return;
    let current: string | undefined;
    try {
      current = clipboard.readText ? await clipboard.readText() : undefined;
    } catch {
      current = undefined; // not allowed to read: rely on `ours`
    }
    if (current !== undefined && current !== code) return;
    if (ours !== code) return;
    try {
      await clipboard.writeText('');
      ours = null;
    } catch {
      // The page lost focus or the permission: nothing more can be done from here.
    }
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
      batch(() => {
        ours = code;
        show({ kind: 'copied', id, text: t('popup_copied'), detail: t('popup_copied_detail', what, Math.round(clearAfterMs / 1000)) });
      });
      clock.clearTimeout(clearHandle);
      clearHandle = clock.setTimeout(() => void clearIfStill(code), clearAfterMs);
    },
    noteOtherCopy() {
      ours = null;
    },
    dispose() {
      clock.clearTimeout(clearHandle);
      clock.clearTimeout(hideHandle);
    },
  };
}
