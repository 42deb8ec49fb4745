/** Settings › Backup: export (encrypted or a plain list), import, "Add to a phone", and the "back up your keys" reminder. */
export { backupSection } from './backup-mount';
export { BackupSection } from './backup-section';
export { createBackupStore, MAX_IMPORT_CHARS, type BackupForm, type BackupStore, type BackupStoreDeps, type ImportOutcome } from './backup-store';
export { backupReminder, isBackupDue } from './backup-reminder';
export { createPhoneTransferStore, TRANSFER_SHOWN_MS, type PhoneTransferStore } from './phone-transfer-store';
