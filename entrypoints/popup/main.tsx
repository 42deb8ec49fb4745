// The popup's module entry. In the build, popup.html names it rather than declaring it, and the first
// paint (entrypoints/first-paint.ts, a classic script at the top of the body) loads it once the first
// screen is drawn from its own small read (or it stepped aside): nothing else is fetched meanwhile
// (scripts/popup-html.ts). The app — Preact, the stores, the full snapshot — then takes over. Under
// the development server, which declares this module in the page, it waits for the first paint
// instead. The style sheet is the entry's, inlined in popup.html's head for the first paint too.
import '@/src/ui/styles/popup.css';

const firstPaint = (window as { firstPaint?: Promise<unknown> }).firstPaint ?? Promise.resolve();
void firstPaint.catch(() => undefined).then(() => import('./app'));
