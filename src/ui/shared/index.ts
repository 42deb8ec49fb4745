/** What the popup and the settings page share: adapters, the page messenger, site registration, icons. */
export type { ActiveTab, ClipboardPort, Clock, Messenger, PermissionsPort, ReadableArea, TabsPort, WritableArea } from './adapters';
export { systemClock } from './adapters';
export { clipboardPort, permissionsPort, primedArea, primedTabs, tabsPort, type BrowserLike } from './browser-adapters';
export { createPageMessenger } from './page-messenger';
export { localizeDocument } from './localize-document';
export { nextPaint } from './next-paint';
export { checkTabSite, checkTypedSite, registerSite, type SiteOutcome } from './site-access';
export { siteHost } from './site-host';
