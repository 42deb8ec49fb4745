import { apiPathOf, bearerSub, completion, startRecord, type BeforeRequestDetails, type CompletedDetails, type HeadersDetails, type SeenRequest } from './seen-request';

/**
 * The worker's record of the API requests the browser saw on registered origins, kept in
 * `storage.session` (the worker may stop between a request and the page's report of it), bounded:
 * at most {@link MAX_RECORDS} records, none older than {@link RECORD_TTL_MS}. A page's report of an
 * exchange counts only when it pairs with one completed record of the same tab, frame, method and
 * path that no report used before ({@link NetworkLog.claim}); with none, the report counts for nothing
 * (fail closed — for instance an answer that came from the site's own service worker).
 */
export const MAX_RECORDS = 64;
export const RECORD_TTL_MS = 2 * 60_000;
/** How long a page's report waits for the browser's record of its request (events race messages). */
export const CLAIM_WAIT_MS = 3_000;
const POLL_MS = 100;

/** The part of `storage.session` the log uses (JSON values). */
export interface SessionStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface NetworkLogDeps {
  session: SessionStore;
  /** The storage key of the records. */
  key: string;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ClaimQuery {
  tabId: number;
  frameId: number;
  method: string;
  path: string;
  /**
   * What the report says of the answer (its response fields, serialised). A record vouches for one
   * report: the same report again (a content script resending it to a restarted worker) may claim it
   * again, a different one may not.
   */
  report: string;
}

export function createNetworkLog(deps: NetworkLogDeps) {
  let chain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };
  const read = async (): Promise<SeenRequest[]> => {
    const stored = await deps.session.get<SeenRequest[]>(deps.key);
    return Array.isArray(stored) ? stored : [];
  };
  /** One read-modify-write of the records, expired ones dropped; `edit` returns null to write nothing. */
  const mutate = async (edit: (records: SeenRequest[]) => SeenRequest[] | null | Promise<SeenRequest[] | null>) => {
    const now = deps.now();
    const records = (await read()).filter((r) => now - (r.completedAt ?? r.startedAt) < RECORD_TTL_MS);
    const next = await edit(records);
    if (next) await deps.session.set(deps.key, next.slice(-MAX_RECORDS));
  };
  const change = (edit: Parameters<typeof mutate>[0]) => serialized(() => mutate(edit));
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };

  function findAndUse(records: SeenRequest[], q: ClaimQuery): SeenRequest | null {
    const mine = (r: SeenRequest) => r.status !== undefined && r.tabId === q.tabId && r.frameId === q.frameId && r.method === q.method && r.path === q.path;
    const found = records.find((r) => mine(r) && r.usedBy === undefined) ?? records.find((r) => mine(r) && r.usedBy === q.report);
    if (found) found.usedBy = q.report;
    return found ?? null;
  }

  // A request in flight is kept under keys of its own, each written by one `set` issued in the
  // event's own turn (no read first): the worker may be stopped the next moment, and a
  // read-modify-write cut short would lose the request body. `complete` joins them into the list.
  const started = (id: string) => `${deps.key}:${id}`;
  const bearer = (id: string) => `${deps.key}:${id}:sub`;

  return {
    /** `onBeforeRequest`: a tab's request to an API path starts (the origin is checked on completion). */
    begin(details: BeforeRequestDetails): Promise<SeenRequest | null> {
      const record = startRecord(details);
      if (!record) return Promise.resolve(null);
      return deps.session.set(started(record.id), record).then(() => record);
    },
    /** `onSendHeaders`: the bearer token's client. */
    headers(details: HeadersDetails): Promise<void> {
      const sub = bearerSub(details.requestHeaders);
      return sub === undefined ? Promise.resolve() : deps.session.set(bearer(details.requestId), sub);
    },
    /**
     * `onCompleted`: the answer's status and `Date` join the request; a registered origin's record
     * enters the list. The completed record, or null when it is not one of ours.
     */
    async complete(details: CompletedDetails, isRegistered: (origin: string) => boolean | Promise<boolean>): Promise<SeenRequest | null> {
      if (apiPathOf(details.url) === null) return null; // not an API request: nothing was kept for it
      const [record, sub] = await Promise.all([deps.session.get<SeenRequest>(started(details.requestId)), deps.session.get<string>(bearer(details.requestId))]);
      await Promise.all([deps.session.remove(started(details.requestId)), deps.session.remove(bearer(details.requestId))]);
      if (!record || record.id !== details.requestId || !(await isRegistered(record.origin))) return null;
      const done: SeenRequest = { ...record, ...(typeof sub === 'string' ? { sub } : {}), ...completion(details) };
      await change((records) => [...records.filter((r) => r.id !== done.id), done]);
      wake();
      return done;
    },
    /** `onErrorOccurred`: the request never got an answer. */
    async fail(requestId: string): Promise<void> {
      await Promise.all([deps.session.remove(started(requestId)), deps.session.remove(bearer(requestId))]);
    },
    /**
     * The oldest completed unclaimed record matching a page's report, else one this same report
     * claimed before (a resend: handling it twice is harmless), marked as this report's; waits up to
     * {@link CLAIM_WAIT_MS} for it (the browser's event and the page's message race). Null: the browser
     * saw no such request.
     */
    async claim(q: ClaimQuery): Promise<SeenRequest | null> {
      // Counted, not timed: a test clock that stands still must not make this wait for ever.
      for (let attempt = 0; ; attempt++) {
        let found: SeenRequest | null = null;
        await change((records) => {
          found = findAndUse(records, q);
          return found ? records : null;
        });
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
