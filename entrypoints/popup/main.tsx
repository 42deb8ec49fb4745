// First import, so that it is evaluated first: the storage read and the tab query start right away.
import { early } from './early';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createPopupStore, Popup } from '@/src/ui/popup';
import {
  clipboardPort,
  createPageMessenger,
  nextPaint,
  permissionsPort,
  primedArea,
  primedTabs,
  storageArea,
  systemClock,
  tabsPort,
} from '@/src/ui/shared';
import { SESSION } from '@/src/worker/storage-keys';
import '@/src/ui/styles/popup.css';

// Wiring only: the real adapters (the first reads already under way) into the popup's store, and the page.
const store = createPopupStore({
  session: primedArea(storageArea(browser, 'session'), SESSION.snapshot, early.snapshot),
  messenger: createPageMessenger((message) => browser.runtime.sendMessage(message)),
  clock: systemClock,
  clipboard: clipboardPort(),
  tabs: primedTabs(tabsPort(browser), early.tabs),
  permissions: permissionsPort(browser),
  afterPaint: () => nextPaint(),
});
void store.start();
render(
  <Popup store={store} onFirstCode={() => performance.mark('first-code')} openOptions={() => void browser.runtime.openOptionsPage()} />,
  document.getElementById('app')!,
);
