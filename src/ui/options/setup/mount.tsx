import { t } from '../../../i18n';
import type { OptionsAdapters, SectionFactory } from '../adapters';
import { HistorySection } from './history-section';
import { createHistoryStore } from './history-store';
import { createSessionKeeper, type SessionKeeper } from './session-keeper';
import { SetupSection } from './setup-section';
import { createSetupStore } from './setup-store';

/**
 * Settings › Guided set-up and Settings › 2FA history, mounted from the page's adapters. Both use one
 * API session keeper per page (one refresh at a time: a refresh token works once).
 */
const keepers = new WeakMap<OptionsAdapters, SessionKeeper>();

export function keeperFor(adapters: OptionsAdapters): SessionKeeper {
  let keeper = keepers.get(adapters);
  if (!keeper) {
    keeper = createSessionKeeper({ session: adapters.session, messenger: adapters.messenger, fetch: adapters.fetch, clock: adapters.clock });
    keepers.set(adapters, keeper);
  }
  return keeper;
}

const userAgent = () => globalThis.navigator?.userAgent || 'B2Core Authenticator';

export const setupSection: SectionFactory = (adapters) => {
  const store = createSetupStore({ keeper: keeperFor(adapters), messenger: adapters.messenger, local: adapters.local, session: adapters.session, userAgent: userAgent() });
  return { id: 'setup', title: t('options_setup_title'), content: <SetupSection store={store} />, start: () => store.start() };
};

export const historySection: SectionFactory = (adapters) => {
  const store = createHistoryStore({ keeper: keeperFor(adapters) });
  return { id: 'history', title: t('options_history_title'), content: <HistorySection store={store} />, start: () => store.start() };
};
