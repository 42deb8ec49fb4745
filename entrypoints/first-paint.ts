import { loadAppModule } from '@/src/ui/popup/app-module';
import { firstPaint } from '@/src/ui/popup/first-paint';
import { nativeApi } from '@/src/platform/native-api';
import { FIRST_SCREEN_KEY } from '@/src/storage/first-screen-key';

// The popup's first paint (src/ui/popup/first-paint.ts): a classic script at the top of popup.html's
// body (no comment there: the popup's bytes are budgeted), the only script the page loads itself,
// that starts its two reads at once, draws the first screen as plain DOM, then loads the app. Wiring only.
export default defineUnlistedScript(() => {
  let painted: Promise<boolean>;
  try {
    const ext = nativeApi();
    painted = firstPaint({
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
  } catch {
    painted = Promise.resolve(false); // the app paints instead; it must load whatever happened here
  }
  // The app's module entry (entrypoints/popup/main.tsx) waits for this too.
  (window as { firstPaint?: Promise<boolean> }).firstPaint = painted;
  // popup.html names the app's module rather than declaring it (src/ui/popup/app-module.ts): loaded
  // now that the first paint is done, painted or not.
  void painted.catch(() => false).then(() => loadAppModule(document));
});
