import { signal } from '@preact/signals';
import type { AccountInfo } from '../../../messaging/protocol';
import type { BackupRecord } from '../../../storage/keys';

/**
 * "Back up your keys": due when at least one account gives codes and none of the exports so far
 * can hold the newest of them (it became active after the last export, or there was none). The
 * Backup section keeps `backupReminder` current; the Accounts section shows it as a link to #backup.
 */
export function isBackupDue(accounts: readonly AccountInfo[], record: BackupRecord | undefined): boolean {
  const active = accounts.filter((a) => a.status === 'active');
  if (active.length === 0) return false;
  const newest = Math.max(...active.map((a) => a.confirmedAt ?? a.createdAt));
  return record === undefined || record.lastExportAt < newest;
}

/** The page's one reminder flag (a page has one vault, so one flag), written by the Backup store. */
export const backupReminder = signal(false);

