import { serialQueue } from '../serial-queue';
import type { StorageArea } from '../storage/area';
import { SESSION_ENTRIES, read, write } from '../storage';

/**
 * Counts of what pages asked the worker through their content scripts (`capture/exchange`,
 * `autofill/code`) — and of the worker's own asks of a content script to fill (`autofill/fill`: the
 * popup's Fill, the shortcut, the context menu) — how many asks came, how many were answered, and
 * how many answers carried a code. Numbers only, in `storage.session` (extension contexts only; a content script cannot read
 * it). `asked === answered` means nothing a page started is still being decided — a report may wait
 * up to 3 s for the browser's record of its request (src/network) — so whoever must know that the
 * extension has finished with a page (the browser tests, instead of sleeping) reads this, and
 * `codes` tells whether anything could have been filled: no code ever reaches a page otherwise.
 */
export interface AskLedger {
  asked: number;
  answered: number;
  codes: number;
}

export const NO_ASKS: AskLedger = { asked: 0, answered: 0, codes: 0 };

export function createAskLedger(session: StorageArea, log?: (line: string) => void) {
  const serially = serialQueue();
  const update = (change: (ledger: AskLedger) => AskLedger): void =>
    void serially(async () => write(session, SESSION_ENTRIES.asks, change((await read(session, SESSION_ENTRIES.asks)) ?? NO_ASKS))).catch(() =>
      log?.('ask ledger: could not record an ask'),
    );
  // A new worker life: asks the previous one never answered died with it (their content scripts ask again).
  update((ledger) => ({ ...ledger, answered: ledger.asked }));
  return {
    /**
     * Runs one page ask's handler, counted. The counts are written beside the answer, not before it:
     * a page's answer never waits for them.
     */
    async track<T>(handle: () => Promise<T>, carriesCode: (answer: T) => boolean): Promise<T> {
      update((ledger) => ({ ...ledger, asked: ledger.asked + 1 }));
      let coded = false;
      try {
        const answer = await handle();
        coded = carriesCode(answer);
        return answer;
      } finally {
        update((ledger) => ({ ...ledger, answered: ledger.answered + 1, codes: ledger.codes + (coded ? 1 : 0) }));
      }
    },
  };
}

export type AskLedgerService = ReturnType<typeof createAskLedger>;
