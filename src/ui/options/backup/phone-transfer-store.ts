import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { t } from '../../../i18n';
import type { AccountInfo } from '../../../messaging';
import { SESSION } from '../../../storage/keys';
import type { Clock, Messenger, ReadableArea } from '../../shared/adapters';
import { timedSecret } from '../../shared/timed-secret';

/**
 * Settings › Backup › "Add to a phone" as state: the active accounts to choose from, and the
 * Google Authenticator transfer codes for the chosen ones (the worker makes them, after the vault
 * passphrase when one is set). The codes carry keys: they are held only while shown, and hidden on
 * "Hide", after TRANSFER_SHOWN_MS, whenever the choice changes, and when the section goes away.
 */
export const TRANSFER_SHOWN_MS = 60_000;

export interface PhoneTransferStore {
  /** Active accounts, in display order (undefined until read). */
  accounts: ReadonlySignal<AccountInfo[] | undefined>;
  chosen: ReadonlySignal<ReadonlySet<string>>;
  /** The transfer links while shown, one per QR code. */
  codes: ReadonlySignal<string[] | null>;
  /** Chosen accounts the format cannot carry (shown beside the codes). */
  skipped: ReadonlySignal<number>;
  busy: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  /** Reads the accounts, and again whenever the worker republishes its snapshot (an account added, archived, renamed). */
  start(): Promise<void>;
  refresh(): Promise<void>;
  toggle(id: string): void;
  show(vaultPassphrase?: string): Promise<boolean>;
  hide(): void;
  dispose(): void;
}

export function createPhoneTransferStore({ messenger, session, clock }: { messenger: Messenger; session: ReadableArea; clock: Clock }): PhoneTransferStore {
  const accounts = signal<AccountInfo[] | undefined>(undefined);
  const chosen = signal<ReadonlySet<string>>(new Set());
  const shown = timedSecret<string[]>(clock, TRANSFER_SHOWN_MS);
  const { hide } = shown;
  const skipped = signal(0);
  const busy = signal(false);
  const error = signal<string | null>(null);
  let unwatch: (() => void) | undefined;

  async function refresh() {
    const reply = await messenger('accounts/list', {});
    batch(() => {
      if (!reply.ok) {
        error.value = reply.error.message;
        return;
      }
      const active = reply.value.accounts.filter((a) => a.status === 'active');
      accounts.value = active;
      // A choice of an account that is gone (or archived) is dropped with it.
      chosen.value = new Set([...chosen.peek()].filter((id) => active.some((a) => a.id === id)));
    });
  }

  return {
    accounts,
    chosen,
    codes: shown.value,
    skipped,
    busy,
    error,
    async start() {
      unwatch ??= session.watch(SESSION.snapshot, () => void refresh());
      await refresh();
    },
    refresh,
    toggle(id) {
      hide();
      const next = new Set(chosen.peek());
      if (!next.delete(id)) next.add(id);
      chosen.value = next;
    },
    async show(vaultPassphrase) {
      hide();
      const ids = [...chosen.peek()];
      if (ids.length === 0) {
        error.value = t('backup_transfer_pick');
        return false;
      }
      batch(() => {
        busy.value = true;
        error.value = null;
      });
      const reply = await messenger('backup/transfer', vaultPassphrase ? { ids, vaultPassphrase } : { ids });
      batch(() => {
        busy.value = false;
        if (reply.ok) {
          skipped.value = reply.value.skipped;
          shown.show(reply.value.uris);
        } else error.value = reply.error.message;
      });
      return reply.ok;
    },
    hide,
    dispose: () => {
      unwatch?.();
      unwatch = undefined;
      hide();
    },
  };
}
