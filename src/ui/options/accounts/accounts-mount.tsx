import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';
import { backupReminder } from '../backup';
import { AccountsSection } from './accounts-section';
import { createAccountsStore } from './accounts-store';

/** Settings › Accounts, mounted from the page's adapters; it shows the Backup section's reminder. */
export const accountsSection: SectionFactory = ({ messenger, session, clock }) => {
  const store = createAccountsStore({ messenger, session, clock });
  return { id: 'accounts', title: t('options_accounts_title'), content: <AccountsSection store={store} reminder={backupReminder} />, start: () => store.start() };
};
