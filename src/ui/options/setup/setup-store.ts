import { signal, type ReadonlySignal } from '@preact/signals';
import { t } from '../../../i18n';
import type { Messenger, ReadableArea } from '../../shared/adapters';
import { siteHost } from '../../shared/site-host';
import { createFeedback, type Feedback } from './feedback';
import { onSignInChange, type SessionKeeper } from './session-keeper';
import { createSignInStore, type SignInStore } from './sign-in-store';
import { createTwoFactorStore, type TwoFactorStore } from './two-factor-store';
import { read, watch } from '../../../storage/typed';
import { LOCAL_ENTRIES } from '../../../storage/schemas';

/**
 * Settings › Guided set-up as one store: the registered sites (`storage.local`, LOCAL.sites, the
 * worker's list), the chosen one, the API session, sign-in and the 2FA wizards. The status is read
 * whenever a session appears (sign-in here or in another settings tab) and forgotten when it ends.
 */
export interface SetupStoreDeps {
  keeper: SessionKeeper;
  messenger: Messenger;
  local: ReadableArea;
  session: ReadableArea;
  userAgent: string;
}

export interface SetupStore {
  /** undefined until read. */
  sites: ReadonlySignal<string[] | undefined>;
  site: ReadonlySignal<string | null>;
  feedback: Feedback;
  keeper: SessionKeeper;
  signIn: SignInStore;
  twoFactor: TwoFactorStore;
  choose(origin: string): void;
  signOut(): Promise<void>;
  start(): Promise<void>;
  dispose(): void;
}


export function createSetupStore(deps: SetupStoreDeps): SetupStore {
  const { keeper } = deps;
  const sites = signal<string[] | undefined>(undefined);
  const site = signal<string | null>(null);
  const feedback = createFeedback();
  const signIn = createSignInStore({ keeper, messenger: deps.messenger, session: deps.session, feedback, userAgent: deps.userAgent });
  const twoFactor = createTwoFactorStore({ keeper, messenger: deps.messenger, session: deps.session, feedback });
  const stops: Array<() => void> = [];

  /** Keep a valid choice: the signed-in site, else the current one if still registered, else the first. */
  function settleChoice() {
    const list = sites.peek() ?? [];
    const session = keeper.current.peek();
    if (session && list.includes(session.origin)) site.value = session.origin;
    else if (!site.peek() || !list.includes(site.peek()!)) site.value = list[0] ?? null;
  }

  return {
    sites,
    site,
    feedback,
    keeper,
    signIn,
    twoFactor,
    choose(origin) {
      if ((sites.peek() ?? []).includes(origin)) site.value = origin;
    },
    async signOut() {
      const session = keeper.current.peek();
      feedback.begin();
      await keeper.signOut();
      twoFactor.reset();
      feedback.succeed(session ? t('setup_signed_out', siteHost(session.origin)) : null);
    },
    async start() {
      if (stops.length === 0) {
        stops.push(
          watch(deps.local, LOCAL_ENTRIES.sites, (value) => {
            sites.value = value ?? [];
            settleChoice();
          }),
        );
        // A new sign-in reads the status afresh; a refreshed token of the same sign-in does not.
        stops.push(
          onSignInChange(keeper, (session) => {
            settleChoice();
            if (!session) twoFactor.reset();
            else void twoFactor.load();
          }),
        );
      }
      sites.value = (await read(deps.local, LOCAL_ENTRIES.sites)) ?? [];
      await keeper.start();
      settleChoice();
    },
    dispose() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
