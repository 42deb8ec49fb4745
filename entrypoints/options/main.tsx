import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createSitesStore, OptionsPage, SitesSection } from '@/src/ui/options';
import { createPageMessenger, permissionsPort, storageArea } from '@/src/ui/shared';
import '@/src/ui/styles/options.css';

// Wiring only: the real adapters into the settings page's stores, one section each.
const sites = createSitesStore({
  local: storageArea(browser, 'local'),
  messenger: createPageMessenger((message) => browser.runtime.sendMessage(message)),
  permissions: permissionsPort(browser),
});
void sites.start();

render(<OptionsPage sections={[{ id: 'sites', title: 'Sites', content: <SitesSection store={sites} /> }]} />, document.getElementById('app')!);
