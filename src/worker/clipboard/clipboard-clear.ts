import { CLIPBOARD_CLEAR_MS, type ClearOutcome } from '../../clipboard';
import { ok } from '../../result';
import { read, remove, SESSION_ENTRIES, write } from '../../storage';
import type { StorageArea } from '../../storage/area';
import type { AlarmsAdapter } from '../adapters';
import type { HandlerGroup } from '../context';

/**
 * A code copied in the popup is cleared from the clipboard 30 s later, also after the popup closed
 * (it closes as soon as the person clicks the page to paste). The popup tells the worker what it
 * copied; a `chrome.alarms` alarm (it outlives the worker) fires 30 s on; the clipboard is emptied
 * only if it still holds that code. The code waits in `storage.session` (memory, extension contexts
 * only) and is dropped when the alarm fires, cleared or not.
 */
export const CLIPBOARD_ALARM = 'clipboard-clear';

/** The browser's clipboard, as far as the worker uses it (Chrome: through an offscreen document). */
export interface ClipboardAdapter {
  clearIf(text: string): Promise<ClearOutcome>;
}

export function createClipboardClear(deps: { session: StorageArea; alarms: AlarmsAdapter; clipboard?: ClipboardAdapter; now(): number; log?: (line: string) => void }) {
  return {
    /** The popup copied `code`: clear it at `clearAt` (a later copy replaces it: the clipboard holds one thing). */
    async copied(code: string): Promise<number> {
      const clearAt = deps.now() + CLIPBOARD_CLEAR_MS;
      await write(deps.session, SESSION_ENTRIES.clipboard, { code, clearAt });
      await deps.alarms.create(CLIPBOARD_ALARM, clearAt);
      return clearAt;
    },
    /** The alarm fired. Early (a clock change), it waits again; the outcome is logged without the code. */
    async alarm(): Promise<ClearOutcome | null> {
      const copied = await read(deps.session, SESSION_ENTRIES.clipboard, deps.log);
      if (!copied) return null;
      if (deps.now() < copied.clearAt - 1000) {
        await deps.alarms.create(CLIPBOARD_ALARM, copied.clearAt);
        return null;
      }
      await remove(deps.session, SESSION_ENTRIES.clipboard);
      const outcome = deps.clipboard ? await deps.clipboard.clearIf(copied.code).catch((): ClearOutcome => 'unreadable') : 'unreadable';
      deps.log?.(`clipboard: ${outcome === 'cleared' ? 'the copied code was cleared' : outcome === 'kept' ? 'something else was copied since: left as it is' : 'could not be read: left as it is'}`);
      return outcome;
    },
  };
}

export type ClipboardClear = ReturnType<typeof createClipboardClear>;

export const clipboardHandlers =
  (clear: ClipboardClear): HandlerGroup<'clipboard/copied'> =>
  () => ({
    'clipboard/copied': async ({ code }) => ok({ clearAt: await clear.copied(code) }),
  });
