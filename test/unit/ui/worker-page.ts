import type { Messenger, ReadableArea } from '../../../src/ui';
import { harness } from '../worker/harness';

/**
 * A settings page talking to the real worker (the worker test harness): the page's messenger routes
 * through the worker as an extension page, and its `storage.session` / `storage.local` are the
 * worker's areas with a change feed, fired after each message as the browser's `onChanged` would.
 */
export function workerPage(h = harness()) {
  const listeners = new Set<{ area: 'session' | 'local'; key: string; listener: (value: unknown) => void }>();
  const areas = { session: h.session, local: h.local };
  const watched = (area: 'session' | 'local'): ReadableArea => ({
    get: (key) => areas[area].get(key),
    watch(key, listener) {
      const entry = { area, key, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  });
  const dump = async () => Object.fromEntries(await Promise.all([...listeners].map(async (l) => [`${l.area}:${l.key}`, JSON.stringify(await areas[l.area].get(l.key))] as const)));
  /** Fires the feed for every watched key whose value changed since `before`. */
  const notify = async (before: Record<string, string>) => {
    const after = await dump();
    for (const l of [...listeners]) {
      const id = `${l.area}:${l.key}`;
      if (before[id] !== after[id]) l.listener(after[id] === undefined ? undefined : JSON.parse(after[id]!));
    }
  };
  const messenger = (async (type: string, payload: unknown) => {
    const before = await dump();
    const reply = await h.page(type, payload);
    await notify(before);
    return reply;
  }) as Messenger;
  /** Something outside the page changed the vault (a capture, another page): run it, then fire the feed. */
  const outside = async (work: () => Promise<unknown>) => {
    const before = await dump();
    await work();
    await notify(before);
  };
  return { h, messenger, session: watched('session'), local: watched('local'), outside, watchers: () => listeners.size };
}
