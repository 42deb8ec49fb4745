import { defineConfig } from 'wxt';

// WXT builds the extension for Chrome MV3 (default) and Firefox (`-b firefox`).
// Permissions grow with the features that need them; see ARCHITECTURE.md.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'B2Core Authenticator',
    description: 'Authenticator codes for B2Core client cabinets, filled only where you allow it.',
    permissions: ['storage'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // The extension collects and transmits no data at all.
            gecko: { id: 'authenticator@b2core-authenticator.example', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
