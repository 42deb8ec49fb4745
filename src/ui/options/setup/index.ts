import { h } from 'preact';
import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';

/** Settings › Guided set-up (placeholder until the section is built). */
export const setupSection: SectionFactory = () => ({
  id: 'setup',
  title: t('options_setup_title'),
  content: h('section', { class: 'card', 'aria-labelledby': 'setup-title' }, h('h2', { id: 'setup-title' }, t('options_setup_title'))),
});

/** Settings › 2FA history (placeholder until the section is built). */
export const historySection: SectionFactory = () => ({
  id: 'history',
  title: t('options_history_title'),
  content: h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, t('options_history_title'))),
});
