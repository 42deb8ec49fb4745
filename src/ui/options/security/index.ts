import { h } from 'preact';
import { t } from '../../../i18n';
import type { SectionFactory } from '../adapters';

/** Settings › Security (placeholder until the section is built). */
export const securitySection: SectionFactory = () => ({
  id: 'security',
  title: t('options_security_title'),
  content: h('section', { class: 'card', 'aria-labelledby': 'security-title' }, h('h2', { id: 'security-title' }, t('options_security_title'))),
});
