import { t } from '../../i18n';
import type { SectionFactory } from './adapters';
import { SitesSection } from './sites-section';
import { createSitesStore } from './sites-store';

/** Settings › Sites, mounted from the page's adapters. */
export const sitesSection: SectionFactory = ({ local, messenger, permissions }) => {
  const store = createSitesStore({ local, messenger, permissions });
  return { id: 'sites', title: t('options_sites_title'), content: <SitesSection store={store} />, start: () => store.start() };
};
