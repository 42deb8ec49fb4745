import { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, MAX_QUEUED, READY } from './channel';

export interface ExtensionEnd {
  /**
   * The registration check is done: when active, the reports that came early are handed on, and
   * so is every later one; when not, the end closes and forgets them.
   */
  settle(active: boolean): void;
}

/**
 * Our content script's end of the channel (isolated world, `document_start`). It offers the
 * channel name (`nonce`) at once and answers the page end's hello once — whichever of the two runs
 * second completes the handshake during its own start-up — then stops answering as soon as the
 * page end confirms with `READY`, so no later script can ask for the name. Only a string report of
 * bounded size is taken. `open` is false where another script could have reached the realm before
 * us (a frame, a window another window opened): then nothing is offered and nothing heard.
 */
export function openExtensionEnd(deps: { win: Window & typeof globalThis; nonce: string; open: boolean; onReport(text: string): void }): ExtensionEnd {
  const { win, nonce } = deps;
  const doc = win.document;
  const channel = CHANNEL_PREFIX + nonce;
  let active: boolean | null = null;
  const early: string[] = [];

  const answerHello = () => {
    doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
    doc.dispatchEvent(new win.CustomEvent(HELLO_FROM_EXTENSION, { detail: nonce }));
  };
  const onReport = (event: Event) => {
    const detail = (event as CustomEvent).detail;
    // Paired: from now on nobody gets an answer to a hello (a page could otherwise ask for the nonce).
    if (detail === READY) return doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
    if (typeof detail !== 'string' || detail.length > 4096 || active === false) return;
    if (active === null) early.length < MAX_QUEUED && early.push(detail);
    else deps.onReport(detail);
  };
  if (deps.open) {
    doc.addEventListener(HELLO_FROM_PAGE, answerHello);
    doc.addEventListener(channel, onReport);
    // The page end may already be waiting: offer the channel now as well.
    doc.dispatchEvent(new win.CustomEvent(HELLO_FROM_EXTENSION, { detail: nonce }));
  }

  return {
    settle(isActive) {
      active = isActive;
      if (!isActive) {
        doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
        doc.removeEventListener(channel, onReport);
        early.length = 0;
        return;
      }
      for (const text of early.splice(0)) deps.onReport(text);
    },
  };
}
