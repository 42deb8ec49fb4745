/** The `<meta name>` under which the build names the popup app's module entry (scripts/popup-html.ts). */
export const APP_MODULE_META = 'b2ca-app-module';

/**
 * Loads the popup's app: its module entry, which popup.html names in a meta instead of declaring it
 * as a `<script type="module">` (a declared module graph is fetched while the first paint's script
 * is, and that script then starts ~8 ms later). Called once the first paint is done, painted or
 * stepped aside. Without the meta — a development server's page declares its module itself — it
 * does nothing.
 */
export function loadAppModule(doc: Document): void {
  const src = doc.querySelector<HTMLMetaElement>(`meta[name="${APP_MODULE_META}"]`)?.content;
  if (!src) return;
  const script = doc.createElement('script');
  script.type = 'module';
  script.src = src;
  doc.head.append(script);
}
