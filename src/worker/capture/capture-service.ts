import * as v from 'valibot';
import { applyEffects, CAPTURE_ROUTES, emptyCaptureState, isCaptureRoute, PageReportSchema, pickFields, reduceCapture, specOf, type CodeReason, type Exchange } from '../../capture';
import type { NetworkLog, SeenRequest } from '../../network';
import { serialQueue } from '../../serial-queue';
import { verifyCode } from '../../totp';
import { newAccountId } from '../../vault';
import { publishSnapshot } from '../vault/snapshot';
import type { ServiceDeps } from '../context';
import type { AutofillMode } from '../settings/settings';
import { SESSION_ENTRIES, read, remove, write } from '../../storage';

/**
 * One page report from a registered tab, end to end: paired with the browser's own record of the
 * request (src/network — without one it counts for nothing), joined into an exchange, capture
 * reducer, vault effects, fill grants, badge, popup snapshot. Exchanges are handled one at a time
 * (their state is a read-modify-write of `storage.session`). While a protected vault is locked, or
 * when the vault refuses a write, they wait in the session and are replayed on unlock or before the
 * next exchange, so a key captured then is not lost.
 */
export interface CaptureDeps extends ServiceDeps {
  network: NetworkLog;
  badge(tabId: number, text: string, color: string): void;
  /** The autofill setting: only 'auto' lets the API's own signal grant a fill ('auto' when absent). */
  autofillMode?(): Promise<AutofillMode>;
  log?(line: string): void;
}

export interface Origin {
  origin: string;
  tabId: number;
  /** The frame the report came from (the browser's record must be of the same frame). */
  frameId?: number;
}

/** A queued exchange: already joined with the browser's record, so it can be replayed on its own. */
interface Queued extends Origin {
  exchange: Exchange;
  at: number;
}

/**
 * The locked queue, bounded per kind: an enable or disable wizard's exchange (a key to keep, or to
 * archive) has room of its own, so a flood of other exchanges never pushes it out; past either
 * bound an exchange is refused — never answered "accepted" — and the refusal is shown (badge and
 * popup) until the vault is unlocked.
 */
export const MAX_QUEUED_PER_KIND = 10;
const kindOf = (q: { exchange: Exchange }) => (specOf(q.exchange.method, q.exchange.path)?.wizard ? 'wizard' : 'other');

/**
 * The exchange capture acts on: the browser's record, and only the response body from the page —
 * of each, only the fields the capture spec names for the route (capture/routes.ts).
 */
export function joinExchange(record: SeenRequest, response: Exchange['response']): Exchange {
  const spec = specOf(record.method, record.path) ?? { request: [], response: [] };
  return {
    method: record.method as Exchange['method'],
    path: record.path,
    status: record.status ?? 0,
    request: pickFields(record.body, spec.request),
    response: pickFields(response, spec.response),
    ...(record.sub !== undefined ? { sub: record.sub } : {}),
    ...(record.process !== undefined ? { process: record.process } : {}),
    ...(record.date !== undefined ? { date: record.date } : {}),
  };
}

export type ObserveResult = { accepted: boolean; fill: CodeReason | null };

export function createCaptureService(deps: CaptureDeps) {
  // A worker stopped between a vault write and the snapshot that follows it leaves the popup's view
  // behind the vault (an account shown pending that is active): the first exchange of each worker
  // life republishes it, whatever the exchange brought.
  let firstOfThisLife = true;
  const serialized = serialQueue();

  /** Keeps an exchange in the session to be handled later; false when its kind's queue is full. */
  async function keep(item: Queued): Promise<boolean> {
    const queued = (await read(deps.session, SESSION_ENTRIES.queued)) ?? [];
    if (queued.filter((q) => kindOf(q) === kindOf(item)).length >= MAX_QUEUED_PER_KIND) {
      const overflow = (await read(deps.session, SESSION_ENTRIES.queueOverflow)) ?? { count: 0 };
      await write(deps.session, SESSION_ENTRIES.queueOverflow, { count: overflow.count + 1, at: deps.now() });
      return false;
    }
    await write(deps.session, SESSION_ENTRIES.queued, [...queued, item]);
    return true;
  }

  /** The exchanges that waited (a locked vault, a refused write), in order; a failing one waits again. */
  async function drain(): Promise<number> {
    const queued = (await read(deps.session, SESSION_ENTRIES.queued)) ?? [];
    await remove(deps.session, SESSION_ENTRIES.queueOverflow);
    if (queued.length === 0) return 0;
    await remove(deps.session, SESSION_ENTRIES.queued);
    for (const q of queued) await handle(q, q.exchange, q.at, false);
    return queued.length;
  }

  async function handle(from: Origin, exchange: Exchange, receivedAt: number, drainFirst: boolean): Promise<ObserveResult> {
    const key = await deps.vaultSession.key();
    if (!key) {
      const kept = await keep({ origin: from.origin, tabId: from.tabId, exchange, at: receivedAt });
      deps.badge(from.tabId, '!', kept ? '#b45309' : '#b91c1c');
      return { accepted: kept, fill: null };
    }
    // What waited is older than this exchange: it goes first.
    if (drainFirst) await drain();
    if (firstOfThisLife) {
      firstOfThisLife = false;
      await publishSnapshot({ vault: deps.vault, key, session: deps.session, offsets: deps.offsets, now: deps.now() });
    }
    const serverNow = receivedAt + (await deps.offsets.offset(from.origin));
    const state = (await read(deps.session, SESSION_ENTRIES.capture)) ?? emptyCaptureState();
    const listed = await deps.vault.list(key);
    const out = await reduceCapture(state, exchange, {
      origin: from.origin,
      now: serverNow,
      accounts: listed.ok ? listed.value.accounts : [],
      verifyCode: (secret, code, at) => verifyCode(secret, code, { epochSeconds: at / 1000 }),
      newId: () => newAccountId(),
    });
    if (!out.ok) {
      // The reason and route only (no value of the exchange: it may hold a key or a code).
      deps.log?.(`capture: ${exchange.method} ${exchange.path} dropped (${out.reason})`);
      await write(deps.session, SESSION_ENTRIES.capture, out.state);
      return { accepted: false, fill: null };
    }

    const { applied, failed } = await applyEffects(deps.vault, key, out.effects);
    // Storage refused a write: the popup says so (the snapshot's `full`) until a later write goes through.
    const refused = failed.some((f) => f.error.kind === 'storage');
    const wasFull = (await read(deps.session, SESSION_ENTRIES.vaultFull)) !== undefined;
    if (refused) await write(deps.session, SESSION_ENTRIES.vaultFull, { at: deps.now() });
    else if (wasFull && applied.length > 0) await remove(deps.session, SESSION_ENTRIES.vaultFull);
    if (applied.length > 0 || refused !== wasFull) await publishSnapshot({ vault: deps.vault, key, session: deps.session, offsets: deps.offsets, now: deps.now() });
    if (failed.length > 0) {
      // The vault refused a write (storage full, say): nothing is lost — the exchange waits in the
      // session, its state unchanged, and is tried again before the next one (or at unlock); the
      // badge tells the person. No fill is offered for a key that is not saved.
      await keep({ origin: from.origin, tabId: from.tabId, exchange, at: receivedAt });
      deps.badge(from.tabId, '!', '#b91c1c');
      return { accepted: false, fill: null };
    }
    await write(deps.session, SESSION_ENTRIES.capture, out.state);
    let fill: CodeReason | null = null;
    let mode: AutofillMode | undefined;
    for (const effect of out.effects) {
      if (effect.kind !== 'code_wanted') continue;
      // 'manual' and 'off': the API asking grants nothing; only the person's Fill or shortcut fills.
      mode ??= deps.autofillMode ? await deps.autofillMode() : 'auto';
      if (mode !== 'auto') continue;
      const grant = {
        origin: from.origin,
        reason: effect.reason,
        ...(effect.accountId ? { accountId: effect.accountId } : {}),
        ...(effect.process ? { process: effect.process } : {}),
        ...(effect.email ? { email: effect.email } : {}),
      };
      await deps.grants.give(from.tabId, grant, deps.now());
      fill = effect.reason;
    }
    if (applied.some((e) => e.kind === 'stage')) deps.badge(from.tabId, 'KEY', '#b45309');
    if (applied.some((e) => e.kind === 'activate')) deps.badge(from.tabId, 'ON', '#15803d');
    return { accepted: true, fill };
  }

  /** A page's report: counted only when the browser saw its request (same tab, frame, method, path). */
  async function observe(from: Origin, report: unknown): Promise<ObserveResult> {
    const parsed = v.safeParse(PageReportSchema, report);
    if (!parsed.success || !CAPTURE_ROUTES.has(`${parsed.output.method} ${parsed.output.path}`)) return { accepted: false, fill: null };
    const { id, method, path, response } = parsed.output;
    const record = await deps.network.claim({ origin: from.origin, tabId: from.tabId, frameId: from.frameId ?? 0, method, path, report: JSON.stringify([id ?? null, response]) });
    if (!record) {
      // Fail closed: no request the browser saw (a forged report, or a service worker's answer).
      deps.log?.(`capture: dropped a report of ${method} ${path} the browser did not see`);
      return { accepted: false, fill: null };
    }
    const exchange = joinExchange(record, response);
    // A refused request (401, 422, 429…) changes nothing: no vault read, and never a place in the locked queue.
    if (!isCaptureRoute(exchange)) return { accepted: false, fill: null };
    return serialized(() => handle(from, exchange, record.completedAt ?? deps.now(), true));
  }

  return {
    observe,
    /** After an unlock: the exchanges that waited, in order (fills are stale by then: not done). */
    replayQueued: () => serialized(drain),
  };
}

export type CaptureService = ReturnType<typeof createCaptureService>;
