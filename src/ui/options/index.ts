/** The settings page: its frame (sections) and the Sites section with its store. */
export { OptionsPage, type OptionsSection } from './options-page';
export { createSitesStore, type SitesStore } from './sites-store';
export { SitesSection } from './sites-section';
