// The popup's module entry. The first paint (entrypoints/first-paint.ts, a classic script in the
// head) draws the first screen from its own small read; the app — Preact, the stores, the full
// snapshot — is loaded once that is done (painted, or stepped aside), so the two never compete for
// the popup's one thread while the first codes are being computed. The app then takes over. The
// style sheet is the entry's, so it is in popup.html's head for the first paint too.
import '@/src/ui/styles/popup.css';

const firstPaint = (window as { firstPaint?: Promise<unknown> }).firstPaint ?? Promise.resolve();
void firstPaint.catch(() => undefined).then(() => import('./app'));
