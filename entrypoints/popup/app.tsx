// The app (loaded by main.tsx after the first paint). First import, so that it is evaluated first: the storage read and the tab query start right away.
import { browser, early } from './early';
import { render } from 'preact';
import { t } from '@/src/i18n';
import { createPopupStore, Popup, takeOverWhenSettled } from '@/src/ui/popup';
import {
  clipboardPort,
  localizeDocument,
  createPageMessenger,
  nextPaint,
  permissionsPort,
  primedArea,
  primedTabs,
  systemClock,
  tabsPort,
} from '@/src/ui/shared';
import { SESSION } from '@/src/storage/keys';
import { storageArea } from '@/src/storage/area';

// HTML pages get no __MSG_…__ substitution, so lang and title are set here. index.html's
// <title>__MSG_ext_name__</title> is for the manifest: WXT copies it into action.default_title (the
// toolbar button's tooltip), where the browser does substitute it.
localizeDocument(document, t('common_lang'), t('ext_name'), t('@@bidi_dir'));

// Wiring only: the real adapters (the first reads already under way) into the popup's store, and the page.
const store = createPopupStore({
  session: primedArea(storageArea(browser.storage, 'session'), SESSION.snapshot, early.snapshot),
  messenger: createPageMessenger((message) => browser.runtime.sendMessage(message)),
  clock: systemClock,
  clipboard: clipboardPort(),
  tabs: primedTabs(tabsPort(browser), early.tabs),
  permissions: permissionsPort(browser),
  afterPaint: () => nextPaint(),
});
void store.start();
// The first paint's screen (if any) gives way once the app has the same screen in the DOM: in one task, no flash.
const takeOver = () => {
  document.documentElement.dataset.firstPaint = 'done';
  document.getElementById('first')?.remove();
};
takeOverWhenSettled(store, takeOver);
render(
  <Popup
    store={store}
    onFirstCode={() => {
      performance.mark('first-code');
      takeOver();
    }}
    openOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
