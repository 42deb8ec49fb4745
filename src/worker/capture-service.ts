import { applyEffects, emptyCaptureState, isCaptureRoute, reduceCapture, type CaptureState, type CodeReason } from '../capture';
import { verifyCode } from '../totp';
import { newAccountId } from '../vault';
import { publishSnapshot } from './snapshot';
import type { ServiceDeps } from './services';
import type { AutofillMode } from './settings';
import { SESSION } from './storage-keys';

/**
 * One observed exchange from a registered tab, end to end: server clock, capture reducer, vault
 * effects, fill grants, badge, popup snapshot. Exchanges are handled one at a time (their state is a
 * read-modify-write of `storage.session`). While a protected vault is locked, or when the vault
 * refuses a write, they wait in the session and are replayed on unlock or before the next exchange,
 * so a key captured then is not lost.
 */
export interface CaptureDeps extends ServiceDeps {
  badge(tabId: number, text: string, color: string): void;
  /** The autofill setting: only 'auto' lets the API's own signal grant a fill ('auto' when absent). */
  autofillMode?(): Promise<AutofillMode>;
}

export interface Origin {
  origin: string;
  tabId: number;
}

interface Queued extends Origin {
  exchange: unknown;
  at: number;
}

const MAX_QUEUED = 20;
/** A content script's stamp older than this is not believed (the worker's own time is used). */
const MAX_STAMP_AGE_MS = 60_000;

export function createCaptureService(deps: CaptureDeps) {
  // A worker stopped between a vault write and the snapshot that follows it leaves the popup's view
  // behind the vault (an account shown pending that is active): the first exchange of each worker
  // life republishes it, whatever the exchange brought.
  let firstOfThisLife = true;
  let chain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };

  /** Keeps an exchange in the session to be handled later; false when the queue is full. */
  async function keep(from: Origin, exchange: unknown, at: number): Promise<boolean> {
    const queued = (await deps.session.get<Queued[]>(SESSION.queued)) ?? [];
    if (queued.length >= MAX_QUEUED) return false;
    await deps.session.set(SESSION.queued, [...queued, { origin: from.origin, tabId: from.tabId, exchange, at }]);
    return true;
  }

  /** The exchanges that waited (a locked vault, a refused write), in order; a failing one waits again. */
  async function drain(): Promise<number> {
    const queued = (await deps.session.get<Queued[]>(SESSION.queued)) ?? [];
    if (queued.length === 0) return 0;
    await deps.session.remove(SESSION.queued);
    for (const q of queued) await handle(q, q.exchange, q.at, false);
    return queued.length;
  }

  async function handle(from: Origin, exchange: unknown, arrivedAt: number, drainFirst: boolean): Promise<{ accepted: boolean; fill: CodeReason | null }> {
    const { date, seenAt } = (exchange ?? {}) as { date?: unknown; seenAt?: unknown };
    // When the page got the answer (the content script's stamp), not when this worker woke up to
    // handle it, which can be seconds later: a late stamp would skew the measured server clock.
    const receivedAt = typeof seenAt === 'number' && seenAt <= arrivedAt && seenAt >= arrivedAt - MAX_STAMP_AGE_MS ? seenAt : arrivedAt;
    await deps.offsets.observe(from.origin, typeof date === 'string' ? date : undefined, receivedAt);
    // Most answers only tell the time: no vault read, no state write, nothing queued for them.
    if (!isCaptureRoute(exchange)) return { accepted: false, fill: null };
    const key = await deps.vaultSession.key();
    if (!key) {
      await keep(from, exchange, receivedAt);
      deps.badge(from.tabId, '!', '#b45309');
      return { accepted: true, fill: null };
    }
    // What waited is older than this exchange: it goes first.
    if (drainFirst) await drain();
    if (firstOfThisLife) {
      firstOfThisLife = false;
      await publishSnapshot({ vault: deps.vault, key, session: deps.session, offsets: deps.offsets, now: deps.now() });
    }
    const serverNow = receivedAt + (await deps.offsets.offset(from.origin));
    const state = (await deps.session.get<CaptureState>(SESSION.capture)) ?? emptyCaptureState();
    const listed = await deps.vault.list(key);
    const out = await reduceCapture(state, exchange, {
      origin: from.origin,
      now: serverNow,
      accounts: listed.ok ? listed.value.accounts : [],
      verifyCode: (secret, code, at) => verifyCode(secret, code, { epochSeconds: at / 1000 }),
      newId: () => newAccountId(),
    });
    if (!out.ok) {
      await deps.session.set(SESSION.capture, out.state);
      return { accepted: false, fill: null };
    }

    const { applied, failed } = await applyEffects(deps.vault, key, out.effects);
    if (applied.length > 0) await publishSnapshot({ vault: deps.vault, key, session: deps.session, offsets: deps.offsets, now: deps.now() });
    if (failed.length > 0) {
      // The vault refused a write (storage full, say): nothing is lost — the exchange waits in the
      // session, its state unchanged, and is tried again before the next one (or at unlock); the
      // badge tells the person. No fill is offered for a key that is not saved.
      await keep(from, exchange, receivedAt);
      deps.badge(from.tabId, '!', '#b91c1c');
      return { accepted: false, fill: null };
    }
    await deps.session.set(SESSION.capture, out.state);
    let fill: CodeReason | null = null;
    let mode: AutofillMode | undefined;
    for (const effect of out.effects) {
      if (effect.kind !== 'code_wanted') continue;
      // 'manual' and 'off': the API asking grants nothing; only the person's Fill or shortcut fills.
      mode ??= deps.autofillMode ? await deps.autofillMode() : 'auto';
      if (mode !== 'auto') continue;
      await deps.grants.give(from.tabId, { origin: from.origin, reason: effect.reason, ...(effect.accountId ? { accountId: effect.accountId } : {}) }, deps.now());
      fill = effect.reason;
    }
    if (applied.some((e) => e.kind === 'stage')) deps.badge(from.tabId, 'KEY', '#b45309');
    if (applied.some((e) => e.kind === 'activate')) deps.badge(from.tabId, 'ON', '#15803d');
    return { accepted: true, fill };
  }

  return {
    observe: (from: Origin, exchange: unknown) => serialized(() => handle(from, exchange, deps.now(), true)),
    /** After an unlock: the exchanges that waited, in order (fills are stale by then: not done). */
    replayQueued: () => serialized(drain),
  };
}

export type CaptureService = ReturnType<typeof createCaptureService>;
