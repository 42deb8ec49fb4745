import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { createB2CoreClient, type ApiResult, type B2CoreClient, type TokenPair } from '../../../b2core';
import { t } from '../../../i18n';
import { err, ok, type Result } from '../../../result';
import { SESSION } from '../../../storage/keys';
import type { Clock, Messenger } from '../../shared/adapters';
import { siteHost } from '../../shared/site-host';
import type { WritableArea } from '../adapters';
import { sessionFromTokens, type ApiSession } from './api-session';
import type { SetupError, SignedOut } from './describe-error';
import { observedFetch } from './observed-fetch';
import { read as readStored, watch } from '../../../storage/typed';
import { SESSION_ENTRIES } from '../../../storage/schemas';

/**
 * The settings page's API session, shared by Guided set-up and 2FA history: one B2Core client per
 * site (its `fetch` passes `Date` headers to the worker), the token pair in `storage.session` only,
 * and `authorized(call)`, which refreshes the access token when it has expired or the server says
 * 401 (`POST refresh`), then retries once. Sign-out (`POST signout`) forgets the pair whatever the
 * server answers. `revision` counts 2FA changes made here, so the history can follow them.
 */
export interface SessionKeeperDeps {
  session: WritableArea;
  messenger: Messenger;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  clock: Pick<Clock, 'now'>;
  /** Per request; the B2Core client's default otherwise. */
  timeoutMs?: number;
}

/** Refresh this long before the access token's stated expiry: a request in flight must not outlive it. */
export const EXPIRY_MARGIN_MS = 30_000;

export type Authorized<T> = Result<T, SetupError>;

export interface SessionKeeper {
  /** undefined until read; null when signed out. */
  current: ReadonlySignal<ApiSession | null | undefined>;
  /** Goes up by one after each 2FA change made through the settings page. */
  revision: ReadonlySignal<number>;
  start(): Promise<void>;
  client(origin: string): B2CoreClient;
  /** Keeps the pair a sign-in answered. */
  signedIn(origin: string, email: string, tokens: TokenPair): Promise<ApiSession>;
  authorized<T>(call: (client: B2CoreClient, accessToken: string) => Promise<ApiResult<T>>): Promise<Authorized<T>>;
  signOut(): Promise<void>;
  changed(): void;
  dispose(): void;
}

export function createSessionKeeper(deps: SessionKeeperDeps): SessionKeeper {
  const current = signal<ApiSession | null | undefined>(undefined);
  const revision = signal(0);
  const clients = new Map<string, B2CoreClient>();
  let unwatch: (() => void) | undefined;
  let refreshing: Promise<Result<ApiSession, SetupError>> | null = null;
  /** Writes of this page to storage: finished, and in progress (see `read`). */
  let writes = 0;
  let writing = 0;
  const fetch = observedFetch(deps.fetch, deps.messenger, () => deps.clock.now());

  const signedOut = (origin: string): SignedOut => ({ kind: 'signed_out', message: t('setup_err_signed_out', siteHost(origin)) });

  function client(origin: string): B2CoreClient {
    let made = clients.get(origin);
    if (!made) {
      made = createB2CoreClient({ origin, fetch, now: () => deps.clock.now(), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
      clients.set(origin, made);
    }
    return made;
  }

  /**
   * Storage is the truth (another settings tab may have refreshed or signed out) — except while this
   * page is writing it: a read that overlapped one of our writes may hold the older value, and the
   * write wins (its value is already in `current`).
   */
  async function read(): Promise<ApiSession | null> {
    const writesBefore = writes;
    const stored = (await readStored(deps.session, SESSION_ENTRIES.apiSession)) ?? null;
    const known = current.peek();
    if (writes !== writesBefore || writing > 0) return known ?? null;
    // The same pair read again keeps its object: nothing that follows the session re-runs for it.
    if (stored && known && stored.accessToken === known.accessToken && stored.refreshToken === known.refreshToken) return known;
    current.value = stored;
    return stored;
  }

  /** Storage first, then the signal: whatever reacts to the new session reads it back from storage. */
  async function save(next: ApiSession | null) {
    writing++;
    try {
      if (next) await deps.session.set(SESSION.apiSession, next);
      else await deps.session.remove(SESSION.apiSession);
    } finally {
      writing--;
      writes++;
    }
    current.value = next;
  }

  async function refresh(stale: ApiSession): Promise<Result<ApiSession, SetupError>> {
    const api = client(stale.origin);
    const answer = await api.refresh(stale.refreshToken);
    if (answer.ok) {
      const next = sessionFromTokens(stale.origin, stale.email, answer.value, api.clockOffsetMs(), deps.clock.now());
      await save(next);
      return ok(next);
    }
    if (answer.error.kind !== 'unauthorized') return err(answer.error);
    // The refresh token was refused: another tab may have used it first and stored the new pair.
    const stored = await read();
    if (stored && stored.refreshToken !== stale.refreshToken) return ok(stored);
    await save(null);
    return err(signedOut(stale.origin));
  }

  /** One refresh at a time: a refresh token works once, so two at once would sign the person out. */
  function refreshOnce(stale: ApiSession) {
    refreshing ??= refresh(stale).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    current,
    revision,
    async start() {
      unwatch ??= watch(deps.session, SESSION_ENTRIES.apiSession, (value) => {
        current.value = value ?? null;
      });
      await read();
    },
    client,
    async signedIn(origin, email, tokens) {
      const session = sessionFromTokens(origin, email, tokens, client(origin).clockOffsetMs(), deps.clock.now());
      await save(session);
      return session;
    },
    async authorized(call) {
      let session = await read();
      if (!session) return err({ kind: 'signed_out', message: t('setup_err_no_session') });
      if (session.accessExpiresAt - EXPIRY_MARGIN_MS <= deps.clock.now()) {
        const renewed = await refreshOnce(session);
        if (!renewed.ok) return renewed;
        session = renewed.value;
      }
      const first = await call(client(session.origin), session.accessToken);
      if (first.ok || first.error.kind !== 'unauthorized') return first;
      const renewed = await refreshOnce(session);
      if (!renewed.ok) return renewed;
      return call(client(renewed.value.origin), renewed.value.accessToken);
    },
    async signOut() {
      const session = await read();
      if (!session) return;
      // Forget the pair first: whatever the server answers (or if it is unreachable), this page is signed out.
      await save(null);
      await client(session.origin).signOut(session.accessToken);
    },
    changed() {
      revision.value++;
    },
    dispose() {
      unwatch?.();
      unwatch = undefined;
    },
  };
}

/**
 * Calls `changed` each time the signed-in client changes (signed in, signed out, another client or
 * site) — not when the same sign-in's token is merely refreshed. Returns the stop function.
 */
export function onSignInChange(keeper: Pick<SessionKeeper, 'current'>, changed: (session: ApiSession | null) => void): () => void {
  let last: string | null | undefined;
  return effect(() => {
    const session = keeper.current.value;
    if (session === undefined) return;
    const who = session ? `${session.origin} ${session.email}` : null;
    if (who === last) return;
    last = who;
    changed(session);
  });
}
