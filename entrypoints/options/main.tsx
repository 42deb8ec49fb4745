import { render } from 'preact';
import { browser } from 'wxt/browser';
import { accountsSection, backupSection, historySection, OptionsPage, securitySection, setupSection, sitesSection, type OptionsAdapters } from '@/src/ui/options';
import { t } from '@/src/i18n';
import { createPageMessenger, localizeDocument, permissionsPort, systemClock } from '@/src/ui/shared';
import { storageArea } from '@/src/storage/area';
import '@/src/ui/styles/options.css';

// HTML pages get no __MSG_…__ substitution: index.html holds the product's name (the same in every
// language) until this line sets the title and lang in the page's language.
localizeDocument(document, t('common_lang'), t('options_page_title'), t('@@bidi_dir'));

// Wiring only: the real adapters into the settings page's sections.
const adapters: OptionsAdapters = {
  messenger: createPageMessenger((message) => browser.runtime.sendMessage(message)),
  local: storageArea(browser.storage, 'local'),
  session: storageArea(browser.storage, 'session'),
  permissions: permissionsPort(browser),
  fetch: (input, init) => fetch(input, init),
  clock: systemClock,
  download(filename, text, mime) {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const link = Object.assign(document.createElement('a'), { href: url, download: filename });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

const sections = [setupSection, historySection, accountsSection, securitySection, backupSection, sitesSection].map((mount) => mount(adapters));
for (const section of sections) void section.start?.();

render(<OptionsPage sections={sections} />, document.getElementById('app')!);
