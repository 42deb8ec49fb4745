/** The settings page: its frame, its adapters, and one section factory per area. */
export { OptionsPage, type OptionsSection } from './options-page';
export type { MountedSection, OptionsAdapters, SectionFactory, WritableArea } from './adapters';
export { createSitesStore, type SitesStore } from './sites-store';
export { SitesSection } from './sites-section';
export { sitesSection } from './sites-mount';
export { setupSection, historySection } from './setup';
export { accountsSection } from './accounts';
export { securitySection } from './security';
export { backupSection } from './backup';
