import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';
import { SecuritySection } from './security-section';
import { createSecurityStore } from './security-store';

/** Settings › Security, mounted from the page's adapters. */
export const securitySection: SectionFactory = ({ messenger, session, local }) => {
  const store = createSecurityStore({ messenger, session, local });
  return { id: 'security', title: t('options_security_title'), content: <SecuritySection store={store} />, start: () => store.start() };
};
