/**
 * The one-way channel from the capture script (the page's MAIN world) to our isolated content
 * script. Both run at `document_start`, before any page script. They meet with a synchronous
 * handshake on two fixed event names — whichever runs second completes it during its own start-up,
 * so no page script can observe it — agree on a random channel name, and drop the handshake
 * listeners (the capture script confirms with `READY` on the new channel, so the content script
 * stops answering hellos in either start order). After that only the capture script knows where to
 * send, and only our content script listens there: a page cannot forge capture events, nor read anything back (nothing flows back).
 */
export const HELLO_FROM_PAGE = 'b2ca-hello-main';
export const HELLO_FROM_EXTENSION = 'b2ca-hello-iso';
export const CHANNEL_PREFIX = 'b2ca-';
export const READY = 'ready';
/** Reports either end keeps while the handshake or the registration check is pending (it never is for long). */
export const MAX_QUEUED = 20;
