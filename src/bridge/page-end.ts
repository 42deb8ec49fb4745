import { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, MAX_QUEUED, READY } from './channel';

/**
 * The page's end of the channel (MAIN world, `document_start`): says hello, takes the channel name
 * the extension's end answers with, confirms with `READY`, and from then on posts each report on
 * that channel (reports made before the answer wait, at most {@link MAX_QUEUED}). Every built-in it
 * uses is taken now, before any page script runs, and the event's init object has no prototype, so
 * a page's later patches cannot read or rewrite what is sent. Call it only in a realm no other
 * script could reach first (the top frame of a window nobody opened): see ./channel.ts.
 */
export function openPageEnd(win: typeof globalThis & Window): (text: string) => void {
  const doc = win.document;
  const apply = win.Reflect.apply;
  const { dispatchEvent, addEventListener, removeEventListener } = win.EventTarget.prototype;
  const exec = win.RegExp.prototype.exec;
  const Custom = win.CustomEvent;

  let channel: string | null = null;
  const queue: string[] = [];
  const fire = (name: string, detail: string) => apply(dispatchEvent, doc, [new Custom(name, { __proto__: null, detail } as CustomEventInit)]);
  const onHello = (event: Event) => {
    const nonce = (event as CustomEvent).detail;
    if (channel || typeof nonce !== 'string' || apply(exec, /^[0-9a-f]{32}$/, [nonce]) === null) return;
    channel = CHANNEL_PREFIX + nonce;
    apply(removeEventListener, doc, [HELLO_FROM_EXTENSION, onHello]);
    fire(channel, READY);
    for (let i = 0; i < queue.length; i++) fire(channel, queue[i]!);
    queue.length = 0;
  };
  apply(addEventListener, doc, [HELLO_FROM_EXTENSION, onHello]);
  fire(HELLO_FROM_PAGE, '');

  return (text: string) => {
    if (channel) fire(channel, text);
    else if (queue.length < MAX_QUEUED) queue[queue.length] = text;
  };
}
