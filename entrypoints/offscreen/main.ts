import { clearIfStill } from '@/src/clipboard';
import { isClearRequest } from '@/src/messaging/offscreen-message';
import { nativeApi } from '@/src/platform';

// Chrome's offscreen document (reason CLIPBOARD), made by the worker 30 s after a copy, only to clear
// the copied code if the clipboard still holds it (src/clipboard). Wiring only; it answers the worker alone.
const ext = nativeApi();
ext.runtime.onMessage.addListener((message: unknown, sender: { id?: string; url?: string }, reply: (outcome: unknown) => void) => {
  if (sender.id !== ext.runtime.id || !isClearRequest(message)) return undefined;
  reply(clearIfStill(document, message.text));
  return undefined;
});
