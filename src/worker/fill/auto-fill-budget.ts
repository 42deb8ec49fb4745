import { serialQueue } from '../../serial-queue';
import type { StorageArea } from '../../storage/area';
import { SESSION_ENTRIES, read, write } from '../../storage';

/**
 * Automatic fills per origin are few: at most {@link MAX_AUTO_FILLS} in {@link AUTO_FILL_WINDOW_MS}.
 * Past that a code goes in only on the person's gesture, so a page that keeps asking (signing in
 * again and again) cannot harvest codes. Kept in `storage.session` (the worker may stop).
 */
export const MAX_AUTO_FILLS = 3;
export const AUTO_FILL_WINDOW_MS = 10 * 60_000;

export function createAutoFillBudget(session: StorageArea) {
  const recent = async (origin: string, now: number) => ((await read(session, SESSION_ENTRIES.autoFills)) ?? {})[origin]?.filter((t) => now - t < AUTO_FILL_WINDOW_MS) ?? [];
  const serially = serialQueue();
  return {
    async allows(origin: string, now: number): Promise<boolean> {
      return (await recent(origin, now)).length < MAX_AUTO_FILLS;
    },
    spend: (origin: string, now: number): Promise<void> =>
      serially(async () => {
        const all = (await read(session, SESSION_ENTRIES.autoFills)) ?? {};
        all[origin] = [...(await recent(origin, now)), now];
        await write(session, SESSION_ENTRIES.autoFills, all);
      }),
  };
}

export type AutoFillBudget = ReturnType<typeof createAutoFillBudget>;
