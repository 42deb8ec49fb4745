import { firstPaint } from '@/src/ui/popup/first-paint';
import { nativeApi } from '@/src/platform/native-api';
import { FIRST_SCREEN_KEY } from '@/src/storage/first-screen-key';

// The popup's first paint (src/ui/popup/first-paint.ts): a classic script at the top of popup.html's
// body (no comment there: the popup's bytes are budgeted), run before its modules, that starts its
// two reads at once and draws the first screen as plain DOM. Wiring only.
export default defineUnlistedScript(() => {
  const ext = nativeApi();
  // The app's module (entrypoints/popup/main.tsx) waits for this before it loads.
  (window as { firstPaint?: Promise<boolean> }).firstPaint = firstPaint({
    doc: document,
    record: ext.storage.session.get(FIRST_SCREEN_KEY).then((items) => items[FIRST_SCREEN_KEY]),
    tabUrl: ext.tabs.query({ active: true, currentWindow: true }).then(([tab]) => tab?.url),
    now: () => Date.now(),
    message: (key, subs) => ext.i18n.getMessage(key as '@@ui_locale', subs),
    subtle: crypto.subtle,
  }).then((shown) => {
    if (shown) performance.mark('first-code');
    return shown;
  });
});
