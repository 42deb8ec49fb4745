import type { Clock, Messenger, PermissionsPort, ReadableArea, WritableArea } from '../shared/adapters';
import type { OptionsSection } from './options-page';

/**
 * Everything the settings page's sections need from the browser, injected by
 * `entrypoints/options/main.tsx` (tests hand in fakes, or the real sandbox's `fetch`).
 */
export type { WritableArea };

export interface OptionsAdapters {
  /** The worker, through the one protocol. */
  messenger: Messenger;
  /** `storage.local` (read and watch; the worker writes it). */
  local: ReadableArea;
  /** `storage.session`: memory only, extension pages and worker only (the guided set-up's API session). */
  session: WritableArea;
  permissions: PermissionsPort;
  /** The settings page's own `fetch`, for the B2Core API (host permission covers registered sites). */
  fetch: typeof fetch;
  clock: Clock;
  /** Saves text as a file the person downloads (backup export). */
  download(filename: string, text: string, mime: string): void;
}

/** One section of the settings page (anchor, title for the table of contents, content) and its start-up work. */
export interface MountedSection extends OptionsSection {
  start?(): void | Promise<void>;
}

export type SectionFactory = (adapters: OptionsAdapters) => MountedSection;
