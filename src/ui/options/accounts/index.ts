import { h } from 'preact';
import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';

/** Settings › Accounts (placeholder until the section is built). */
export const accountsSection: SectionFactory = () => ({
  id: 'accounts',
  title: t('options_accounts_title'),
  content: h('section', { class: 'card', 'aria-labelledby': 'accounts-title' }, h('h2', { id: 'accounts-title' }, t('options_accounts_title'))),
});
