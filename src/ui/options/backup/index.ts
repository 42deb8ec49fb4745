import { h } from 'preact';
import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';

/** Settings › Backup (placeholder until the section is built). */
export const backupSection: SectionFactory = () => ({
  id: 'backup',
  title: t('options_backup_title'),
  content: h('section', { class: 'card', 'aria-labelledby': 'backup-title' }, h('h2', { id: 'backup-title' }, t('options_backup_title'))),
});
