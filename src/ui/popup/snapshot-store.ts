import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { parseSnapshot, type AccountsSnapshot } from '../../storage/accounts-snapshot';
import { SESSION } from '../../storage/keys';
import type { Messenger, ReadableArea } from '../shared/adapters';
import { t } from '../../i18n';

/**
 * Where the popup's accounts come from: the `AccountsSnapshot` the worker keeps in `storage.session`
 * (one read, then its change feed). No snapshot means the vault is locked, new or empty, and only
 * then is the worker asked (`vault/state`), so an unlocked popup paints without waking it.
 *
 * phase: loading → ready (a snapshot) | empty (nothing to show) | locked (a passphrase is needed)
 *        | unavailable (the worker did not answer, or the vault cannot be read).
 */
export type VaultPhase = 'loading' | 'ready' | 'empty' | 'locked' | 'unavailable';

export interface SnapshotStoreDeps {
  session: ReadableArea;
  messenger: Messenger;
}

export interface SnapshotStore {
  phase: ReadonlySignal<VaultPhase>;
  snapshot: ReadonlySignal<AccountsSnapshot | null>;
  /** Why the phase is `unavailable`, or why the last unlock failed (shown in role=alert). */
  error: ReadonlySignal<string | null>;
  unlocking: ReadonlySignal<boolean>;
  /** While locked: site answers the worker could not keep (its queue was full); 0 when none. */
  dropped: ReadonlySignal<number>;
  /** Reads the snapshot once and starts following it. Resolves when the first phase is known. */
  start(): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  dispose(): void;
}

export function createSnapshotStore({ session, messenger }: SnapshotStoreDeps): SnapshotStore {
  const phase = signal<VaultPhase>('loading');
  const snapshot = signal<AccountsSnapshot | null>(null);
  const error = signal<string | null>(null);
  const unlocking = signal(false);
  const dropped = signal(0);
  let unwatch: (() => void) | undefined;
  let triedPlainUnlock = false;

  function accept(stored: unknown): boolean {
    const value = parseSnapshot(stored);
    if (!value) return false;
    batch(() => {
      snapshot.value = value;
      phase.value = 'ready';
      error.value = null;
    });
    return true;
  }

  /** No snapshot: ask the worker what state the vault is in. */
  async function askVault(): Promise<void> {
    const reply = await messenger('vault/state', {});
    if (snapshot.peek()) return; // a snapshot arrived meanwhile
    if (!reply.ok) {
      batch(() => {
        phase.value = 'unavailable';
        error.value = reply.error.message;
      });
      return;
    }
    const { state, unlocked } = reply.value;
    dropped.value = reply.value.dropped ?? 0;
    if (state === 'corrupt') {
      batch(() => {
        phase.value = 'unavailable';
        error.value = t('errors_vault_corrupt');
      });
    } else if (state === 'protected' && !unlocked) {
      phase.value = 'locked';
    } else if (state === 'plain' && !unlocked && !triedPlainUnlock) {
      // A vault without a passphrase opens without asking anything.
      triedPlainUnlock = true;
      const opened = await messenger('vault/unlock', {});
      if (!opened.ok && !snapshot.peek()) {
        batch(() => {
          phase.value = 'unavailable';
          error.value = opened.error.message;
        });
      } else if (!snapshot.peek()) {
        accept(await session.get(SESSION.snapshot)) || (phase.value = 'empty');
      }
    } else {
      phase.value = 'empty';
    }
  }

  return {
    phase,
    snapshot,
    error,
    unlocking,
    dropped,
    async start() {
      unwatch ??= session.watch(SESSION.snapshot, (value) => {
        if (accept(value)) return;
        // The snapshot went away: the vault was locked (or emptied).
        snapshot.value = null;
        void askVault();
      });
      let first: unknown;
      try {
        first = await session.get(SESSION.snapshot);
      } catch {
        first = undefined;
      }
      if (!accept(first)) await askVault();
    },
    async unlock(passphrase) {
      if (unlocking.peek()) return;
      batch(() => {
        unlocking.value = true;
        error.value = null;
      });
      const reply = await messenger('vault/unlock', { passphrase });
      if (!reply.ok) {
        batch(() => {
          unlocking.value = false;
          error.value = reply.error.message;
        });
        return;
      }
      // The worker writes the snapshot on unlock; it may already be there, or arrive through the feed.
      const value = await session.get(SESSION.snapshot).catch(() => undefined);
      batch(() => {
        unlocking.value = false;
        if (!accept(value) && !snapshot.peek()) phase.value = 'empty';
      });
    },
    dispose() {
      unwatch?.();
      unwatch = undefined;
    },
  };
}
