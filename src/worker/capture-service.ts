import { applyEffects, emptyCaptureState, isCaptureRoute, reduceCapture, type CaptureState, type CodeReason } from '../capture';
import { verifyCode } from '../totp';
import { newAccountId } from '../vault';
import { publishSnapshot } from './snapshot';
import type { ServiceDeps } from './services';
import { SESSION } from './storage-keys';

/**
 * One observed exchange from a registered tab, end to end: server clock, capture reducer, vault
 * effects, fill grants, badge, popup snapshot. Exchanges are handled one at a time (their state is a
 * read-modify-write of `storage.session`). While a protected vault is locked they wait in the session
 * and are replayed on unlock, so a key captured then is not lost.
 */
export interface CaptureDeps extends ServiceDeps {
  badge(tabId: number, text: string, color: string): void;
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
  let chain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };

  async function handle(from: Origin, exchange: unknown, arrivedAt: number): Promise<{ accepted: boolean; fill: CodeReason | null }> {
    const { date, seenAt } = (exchange ?? {}) as { date?: unknown; seenAt?: unknown };
    // When the page got the answer (the content script's stamp), not when this worker woke up to
    // handle it, which can be seconds later: a late stamp would skew the measured server clock.
    const receivedAt = typeof seenAt === 'number' && seenAt <= arrivedAt && seenAt >= arrivedAt - MAX_STAMP_AGE_MS ? seenAt : arrivedAt;
    await deps.offsets.observe(from.origin, typeof date === 'string' ? date : undefined, receivedAt);
    // Most answers only tell the time: no vault read, no state write, nothing queued for them.
    if (!isCaptureRoute(exchange)) return { accepted: false, fill: null };
    const key = await deps.vaultSession.key();
    if (!key) {
      const queued = (await deps.session.get<Queued[]>(SESSION.queued)) ?? [];
      if (queued.length < MAX_QUEUED) await deps.session.set(SESSION.queued, [...queued, { ...from, exchange, at: receivedAt }]);
      deps.badge(from.tabId, '!', '#b45309');
      return { accepted: true, fill: null };
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
    await deps.session.set(SESSION.capture, out.state);
    if (!out.ok) return { accepted: false, fill: null };

    const { applied } = await applyEffects(deps.vault, key, out.effects);
    let fill: CodeReason | null = null;
    for (const effect of out.effects) {
      if (effect.kind !== 'code_wanted') continue;
      await deps.grants.give(from.tabId, { origin: from.origin, reason: effect.reason, ...(effect.accountId ? { accountId: effect.accountId } : {}) }, deps.now());
      fill = effect.reason;
    }
    if (applied.some((e) => e.kind === 'stage')) deps.badge(from.tabId, 'KEY', '#b45309');
    if (applied.some((e) => e.kind === 'activate')) deps.badge(from.tabId, 'ON', '#15803d');
    if (applied.length > 0) await publishSnapshot({ vault: deps.vault, key, session: deps.session, offsets: deps.offsets, now: deps.now() });
    return { accepted: true, fill };
  }

  return {
    observe: (from: Origin, exchange: unknown) => serialized(() => handle(from, exchange, deps.now())),
    /** After an unlock: the exchanges that waited, in order (fills are stale by then: not done). */
    replayQueued: () =>
      serialized(async () => {
        const queued = (await deps.session.get<Queued[]>(SESSION.queued)) ?? [];
        await deps.session.remove(SESSION.queued);
        for (const q of queued) await handle(q, q.exchange, q.at);
        return queued.length;
      }),
  };
}

export type CaptureService = ReturnType<typeof createCaptureService>;
