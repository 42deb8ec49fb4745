/** Both ends of the page ↔ extension channel, its constants, and the relay to the worker (SEQUENCE.md: the round trips). */
export { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, MAX_QUEUED, READY } from './channel';
export { openExtensionEnd, type ExtensionEnd } from './extension-end';
export { openPageEnd } from './page-end';
export { createRelay } from './relay';
