import { defineConfig } from 'wxt';
import { DEFAULT_LOCALE, localeAssets } from './scripts/locales';

import { LOOPBACK_PATTERNS } from './src/origin';
import { popupHtml } from './scripts/popup-html';
// WXT builds the extension as MV3 for Chrome and Firefox (`-b firefox`).
// Permissions: storage (sites, vault session), scripting (content scripts on registered sites only),
// activeTab (the popup reads the current tab's address for "Use on this site"), webRequest (the
// browser's own view of registered sites' API requests, non-blocking: what a page reports is checked
// against it), contextMenus (Firefox: menus; "Fill 2FA code" on registered sites' fields), clipboardRead,
// clipboardWrite and (Chrome) offscreen: a copied code is cleared 30 s later only if the clipboard still
// holds it — which takes reading it (README, "Permissions"). Loopback hosts are
// granted up front; every other site is an optional permission asked for when it is added.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // popup.html (scripts/popup-html.ts): its style sheet inline (extension pages' CSP restricts
  // scripts, not styles) and its app's module loaded by the first paint once it is done: nothing is
  // fetched before the first screen but the first paint's own script.
  // No modulepreload polyfill either: both browsers have modulepreload, and the polyfill's document-wide
  // MutationObserver would watch the first paint's nodes go in.
  vite: () => ({ plugins: [popupHtml()], build: { modulePreload: { polyfill: false } } }),
  manifestVersion: 3,
  // The sources package (Firefox review) holds the code, not the test run's screenshots or coverage.
  zip: { excludeSources: ['test-results/**', 'coverage/**', 'bench/results/**'] },
  // UI text lives in locales/<lang>/<area>.json fragments; the build writes _locales/<lang>/messages.json.
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push(...localeAssets());
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_ext_name__',
    description: '__MSG_ext_description__',
    default_locale: DEFAULT_LOCALE,
    permissions: [
      'storage',
      'scripting',
      'activeTab',
      'alarms',
      'webRequest',
      ...(browser === 'firefox' ? ['menus'] : ['contextMenus', 'offscreen']),
      'clipboardRead',
      'clipboardWrite',
    ],
    host_permissions: [...LOOPBACK_PATTERNS],
    optional_host_permissions: ['https://*/*'],
    commands: {
      'fill-code': { suggested_key: { default: 'Alt+Shift+F' }, description: '__MSG_command_fill_code__' },
    },
    // The broker's managed policy (storage.managed), described for Chrome's policy tools. Firefox
    // takes the same keys from its enterprise policies ("3rdparty") and ignores this key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // The extension collects and transmits no data at all.
            gecko: { id: 'authenticator@b2core-authenticator.example', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
