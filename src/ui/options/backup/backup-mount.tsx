import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';
import { backupReminder } from './backup-reminder';
import { BackupSection } from './backup-section';
import { createBackupStore } from './backup-store';
import { createPhoneTransferStore } from './phone-transfer-store';

/** Settings › Backup, mounted from the page's adapters; it keeps the page's `backupReminder` current. */
export const backupSection: SectionFactory = ({ messenger, local, session, download, clock }) => {
  const store = createBackupStore({ messenger, local, session, download: (filename, text, mime) => download(filename, text, mime), reminder: backupReminder });
  const transfer = createPhoneTransferStore({ messenger, session, clock });
  return {
    id: 'backup',
    title: t('options_backup_title'),
    content: <BackupSection store={store} transfer={transfer} />,
    start: async () => {
      await Promise.all([store.start(), transfer.start()]);
    },
  };
};
