import * as v from 'valibot';
import { CAPTURE_ROUTES } from '../capture/routes';
import { serialQueue } from '../serial-queue';
import type { StorageArea } from '../storage/area';
import { DoneSchema, SeenRequestSchema } from '../storage/schemas';
import { apiPathOf, bearerSub, completion, startRecord, type BeforeRequestDetails, type CompletedDetails, type HeadersDetails, type SeenRequest } from './seen-request';

/**
 * The worker's record of the API requests the browser saw on registered origins, kept in
 * `storage.session`, bounded: at most {@link MAX_RECORDS} requests, none older than
 * {@link RECORD_TTL_MS}. A page's report of an exchange counts only when it pairs with one
 * completed record of the same origin, tab, frame, method and path that no other report used
 * ({@link NetworkLog.claim}); with none, the report counts for nothing (fail closed — for instance an
 * answer that came from the site's own service worker).
 *
 * The worker may be stopped at any moment, even between the events of one request, so each event
 * is one write of its own key, issued in the event's own turn with nothing read first:
 * `<key>:<id>` (the request), `<key>:<id>:sub` (its bearer's client), `<key>:<id>:done` (status and
 * `Date`), `<key>:<id>:used` (the report it was paired with). A write cut short loses nothing else.
 */
export const MAX_RECORDS = 64;
export const RECORD_TTL_MS = 2 * 60_000;
/** How long a page's report waits for the browser's record of its request (events race messages). */
export const CLAIM_WAIT_MS = 3_000;
const POLL_MS = 100;

/** The part of `storage.session` the log uses. */
export type SessionStore = Pick<StorageArea, 'get' | 'set' | 'remove' | 'all'>;

export interface NetworkLogDeps {
  session: SessionStore;
  /** The prefix of the log's storage keys. */
  key: string;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ClaimQuery {
  /** The exact registered origin the report came from (the sender's, checked by the router). */
  origin: string;
  tabId: number;
  frameId: number;
  method: string;
  path: string;
  /**
   * The report, serialised with the content script's id for it. A record vouches for one report:
   * the same report again (resent to a restarted worker) may claim it again, another may not.
   */
  report: string;
}


export function createNetworkLog(deps: NetworkLogDeps) {
  const prefix = `${deps.key}:`;
  const keys = (id: string) => ({ start: `${prefix}${id}`, sub: `${prefix}${id}:sub`, done: `${prefix}${id}:done`, used: `${prefix}${id}:used` });
  const forget = (id: string) => Promise.all(Object.values(keys(id)).map((k) => deps.session.remove(k))).then(() => undefined);

  /** Every request the log holds, joined from its keys; expired and surplus ones are forgotten. */
  async function records(): Promise<SeenRequest[]> {
    const all = await deps.session.all();
    const joined = new Map<string, SeenRequest>();
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(prefix) || key.endsWith(':sub') || key.endsWith(':done') || key.endsWith(':used')) continue;
      const start = v.safeParse(SeenRequestSchema, value);
      // Not one of ours (or damaged): it pairs with nothing, and goes with the expired ones.
      if (!start.success) continue;
      const k = keys(start.output.id);
      const sub = all[k.sub];
      const done = v.safeParse(DoneSchema, all[k.done]);
      const used = all[k.used];
      joined.set(start.output.id, { ...start.output, ...(typeof sub === 'string' ? { sub } : {}), ...(done.success ? done.output : {}), ...(typeof used === 'string' ? { usedBy: used } : {}) });
    }
    const now = deps.now();
    const fresh = [...joined.values()].filter((r) => now - (r.completedAt ?? r.startedAt) < RECORD_TTL_MS).sort((a, b) => a.startedAt - b.startedAt);
    const kept = fresh.slice(-MAX_RECORDS);
    const keptIds = new Set(kept.map((r) => r.id));
    for (const id of joined.keys()) if (!keptIds.has(id)) void forget(id);
    return kept;
  }

  // Claims read, choose and mark: one at a time in this worker life, so two never take one record.
  const serialized = serialQueue();
  const waiters = new Set<() => void>();

  async function claimOnce(q: ClaimQuery): Promise<SeenRequest | null> {
    const mine = (await records()).filter((r) => r.status !== undefined && r.origin === q.origin && r.tabId === q.tabId && r.frameId === q.frameId && r.method === q.method && r.path === q.path);
    const found = mine.find((r) => r.usedBy === undefined) ?? mine.find((r) => r.usedBy === q.report);
    if (!found) return null;
    await deps.session.set(keys(found.id).used, q.report);
    return { ...found, usedBy: q.report };
  }

  return {
    /** `onBeforeRequest`: a tab's request to an API path starts (its origin is checked when it is claimed). */
    begin(details: BeforeRequestDetails): Promise<SeenRequest | null> {
      const record = startRecord(details);
      if (!record) return Promise.resolve(null);
      return deps.session.set(keys(record.id).start, record).then(() => record);
    },
    /** `onSendHeaders`: the bearer token's client. */
    headers(details: HeadersDetails): Promise<void> {
      const sub = bearerSub(details.requestHeaders);
      return sub === undefined ? Promise.resolve() : deps.session.set(keys(details.requestId).sub, sub);
    },
    /**
     * `onCompleted`: the answer's status and `Date`. Answers on routes capture does not act on are
     * needed only for their `Date`: those requests are forgotten at once. Returns the completed
     * request (its origin not yet checked), or null when it is not an API request seen from the start.
     */
    async complete(details: CompletedDetails): Promise<SeenRequest | null> {
      const api = apiPathOf(details.url);
      if (api === null) return null;
      const done = completion(details);
      const k = keys(details.requestId);
      const written = deps.session.set(k.done, done);
      const [stored, sub] = await Promise.all([deps.session.get(k.start), deps.session.get(k.sub), written]);
      const parsed = v.safeParse(SeenRequestSchema, stored);
      const record = parsed.success ? parsed.output : null;
      if (!record || record.id !== details.requestId) {
        await forget(details.requestId);
        return null;
      }
      const joined: SeenRequest = { ...record, ...(typeof sub === 'string' ? { sub } : {}), ...done };
      if (!CAPTURE_ROUTES.has(`${record.method} ${record.path}`)) await forget(record.id);
      for (const w of [...waiters]) w();
      return joined;
    },
    /** `onErrorOccurred`: the request never got an answer. */
    fail(requestId: string): Promise<void> {
      return forget(requestId);
    },
    /**
     * The oldest completed unclaimed record matching a page's report, else one this same report
     * claimed before (a resend: handling it twice is harmless), marked as this report's; waits up to
     * {@link CLAIM_WAIT_MS} for it (the browser's event and the page's message race). Null: the
     * browser saw no such request.
     */
    async claim(q: ClaimQuery): Promise<SeenRequest | null> {
      // Counted, not timed: a test clock that stands still must not make this wait for ever.
      for (let attempt = 0; ; attempt++) {
        const found = await serialized(() => claimOnce(q));
        if (found || attempt >= CLAIM_WAIT_MS / POLL_MS) return found;
        // Woken by the next completion in this worker life, or polled (the event may reach a restarted worker).
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            resolve();
          };
          waiters.add(done);
          void deps.sleep(POLL_MS).then(done);
        });
      }
    },
  };
}

export type NetworkLog = ReturnType<typeof createNetworkLog>;
