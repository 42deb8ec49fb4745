import type { PageType, ReplyOf, Reply, RequestOf } from '../../messaging/protocol';

/**
 * Everything the popup and the options page need from the browser, as small interfaces so that the
 * stores are plain factories a unit test can drive with fakes (`browser-adapters.ts` builds the real
 * ones from `browser`). Type-only imports: nothing here adds code to a bundle.
 */

/** The worker, asked through the one protocol (`createMessenger` in src/messaging, or `createPageMessenger`). */
export type Messenger = <T extends PageType>(type: T, payload: RequestOf<T>) => Promise<Reply<ReplyOf<T>>>;

/** One `storage` area as a page reads it (src/storage: the one `StorageArea`, read and watch only). */
export type { ReadableArea, WritableArea } from '../../storage/area';

/** Time: the wall clock in ms and one-shot timers (injected so tests own time). */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

export interface ActiveTab {
  id?: number;
  /** Undefined when the extension may not see it (no `activeTab` grant, no host permission). */
  url?: string;
}

export interface TabsPort {
  /** The active tab of the current window (`tabs.query({active: true, currentWindow: true})[0]`). */
  active(): Promise<ActiveTab | undefined>;
}

export interface PermissionsPort {
  /** `permissions.request({origins})`: must be called while handling a click (a user gesture). */
  request(origins: string[]): Promise<boolean>;
  /** `permissions.remove({origins})`. */
  remove(origins: string[]): Promise<boolean>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
