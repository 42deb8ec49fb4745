import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { plural, t } from '../../../i18n';
import type { RequestOf } from '../../../messaging/protocol';
import { MIN_PASSPHRASE_LENGTH } from '../../../vault/vault';
import { LOCAL, SESSION } from '../../../storage/keys';
import type { Messenger, ReadableArea } from '../../shared/adapters';
import { isBackupDue } from './backup-reminder';
import { read } from '../../../storage/typed';
import { LOCAL_ENTRIES } from '../../../storage/schemas';

/**
 * Settings › Backup as state: exports (encrypted, or the plain list after an explicit "I
 * understand") saved through the page's `download`, import of a file's text, and the reminder, kept
 * current from `accounts/list` and LOCAL.backup (re-read when the worker republishes its snapshot,
 * records an export, or the registered sites change). Each of the three forms has its own error and notice, shown beside it.
 */
export const MAX_IMPORT_CHARS = 5_000_000;

export interface BackupStoreDeps {
  messenger: Messenger;
  local: ReadableArea;
  session: ReadableArea;
  download(filename: string, text: string, mime: string): void;
  /** Where "no backup since the newest account" is published (the page's `backupReminder`). */
  reminder: Signal<boolean>;
}

export type BackupForm = 'encrypted' | 'plain' | 'import';

export interface ImportOutcome {
  added: number;
  skipped: number;
  problems: string[];
}

export interface FormState {
  error: string | null;
  notice: string | null;
}

export interface BackupStore {
  due: ReadonlySignal<boolean>;
  lastExportAt: ReadonlySignal<number | undefined>;
  /** The vault has a passphrase: exports ask for it. */
  passphraseSet: ReadonlySignal<boolean>;
  /** Registered sites, for keys whose file names none or names one not registered. */
  sites: ReadonlySignal<string[]>;
  busy: ReadonlySignal<BackupForm | null>;
  forms: ReadonlySignal<Record<BackupForm, FormState>>;
  imported: ReadonlySignal<ImportOutcome | null>;
  start(): Promise<void>;
  refresh(): Promise<void>;
  exportEncrypted(input: { passphrase: string; repeat: string; vaultPassphrase?: string }): Promise<boolean>;
  exportPlain(input: { understood: boolean; vaultPassphrase?: string }): Promise<boolean>;
  importText(input: { text: string; passphrase?: string; site?: string }): Promise<boolean>;
  /** Shows a problem found before anything is sent (an unreadable or oversized file). */
  fail(form: BackupForm, message: string): void;
  dispose(): void;
}

const blank = (): Record<BackupForm, FormState> => ({
  encrypted: { error: null, notice: null },
  plain: { error: null, notice: null },
  import: { error: null, notice: null },
});

const withVault = <T extends object>(payload: T, vaultPassphrase: string | undefined) => (vaultPassphrase ? { ...payload, vaultPassphrase } : payload);

export function createBackupStore({ messenger, local, session, download, reminder }: BackupStoreDeps): BackupStore {
  const lastExportAt = signal<number | undefined>(undefined);
  const passphraseSet = signal(false);
  const sites = signal<string[]>([]);
  const busy = signal<BackupForm | null>(null);
  const forms = signal(blank());
  const imported = signal<ImportOutcome | null>(null);
  const unwatch: Array<() => void> = [];

  const show = (form: BackupForm, state: FormState) => {
    forms.value = { ...forms.peek(), [form]: state };
  };

  async function refresh() {
    const [listed, stored, state, registered] = await Promise.all([
      messenger('accounts/list', {}),
      read(local, LOCAL_ENTRIES.backup).catch(() => undefined),
      messenger('vault/state', {}),
      messenger('sites/list', {}),
    ]);
    const record = stored;
    batch(() => {
      lastExportAt.value = record?.lastExportAt;
      if (state.ok) passphraseSet.value = state.value.state === 'protected';
      if (registered.ok) sites.value = registered.value.sites;
      // Locked: nothing is known about the accounts, so nothing is claimed.
      reminder.value = listed.ok ? isBackupDue(listed.value.accounts, record) : false;
    });
  }

  async function exportAs(form: 'encrypted' | 'plain', payload: RequestOf<'backup/export'>, mime: string): Promise<boolean> {
    busy.value = form;
    show(form, { error: null, notice: null });
    const reply = await messenger('backup/export', payload);
    if (!reply.ok) {
      batch(() => {
        busy.value = null;
        show(form, { error: reply.error.message, notice: null });
      });
      return false;
    }
    download(reply.value.filename, reply.value.text, mime);
    await refresh();
    batch(() => {
      busy.value = null;
      show(form, { error: null, notice: form === 'encrypted'
          ? plural(reply.value.count, 'backup_exported_encrypted', reply.value.filename, reply.value.count)
          : plural(reply.value.count, 'backup_exported_plain', reply.value.filename, reply.value.count) });
    });
    return true;
  }

  return {
    due: reminder,
    lastExportAt,
    passphraseSet,
    sites,
    busy,
    forms,
    imported,
    async start() {
      if (unwatch.length === 0) {
        unwatch.push(local.watch(LOCAL.backup, () => void refresh()));
        unwatch.push(local.watch(LOCAL.sites, () => void refresh()));
        unwatch.push(session.watch(SESSION.snapshot, () => void refresh()));
      }
      await refresh();
    },
    refresh,
    exportEncrypted({ passphrase, repeat, vaultPassphrase }) {
      if (passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
        show('encrypted', { error: plural(MIN_PASSPHRASE_LENGTH, 'backup_error_weak_passphrase', MIN_PASSPHRASE_LENGTH), notice: null });
        return Promise.resolve(false);
      }
      if (passphrase !== repeat) {
        show('encrypted', { error: t('backup_passphrases_differ'), notice: null });
        return Promise.resolve(false);
      }
      return exportAs('encrypted', withVault({ format: 'encrypted' as const, passphrase }, vaultPassphrase), 'application/json');
    },
    exportPlain({ understood, vaultPassphrase }) {
      if (!understood) {
        show('plain', { error: t('backup_plain_confirm_needed'), notice: null });
        return Promise.resolve(false);
      }
      return exportAs('plain', withVault({ format: 'otpauth' as const }, vaultPassphrase), 'text/plain');
    },
    async importText({ text, passphrase, site }) {
      batch(() => {
        busy.value = 'import';
        imported.value = null;
        show('import', { error: null, notice: null });
      });
      const reply = await messenger('backup/import', { text, ...(passphrase ? { passphrase } : {}), ...(site ? { site } : {}) });
      if (reply.ok) await refresh();
      batch(() => {
        busy.value = null;
        if (!reply.ok) return show('import', { error: reply.error.message, notice: null });
        imported.value = reply.value;
        show('import', { error: null, notice: `${plural(reply.value.added, 'backup_imported_added', reply.value.added)} ${plural(reply.value.skipped, 'backup_imported_skipped', reply.value.skipped)}` });
      });
      return reply.ok;
    },
    fail(form, message) {
      show(form, { error: message, notice: null });
    },
    dispose() {
      for (const stop of unwatch.splice(0)) stop();
    },
  };
}
