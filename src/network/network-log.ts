import { bearerSub, completion, startRecord, type BeforeRequestDetails, type CompletedDetails, type HeadersDetails, type SeenRequest } from './seen-request';

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
    const found = records.find((r) => !r.used && r.status !== undefined && r.tabId === q.tabId && r.frameId === q.frameId && r.method === q.method && r.path === q.path);
    if (found) found.used = true;
    return found ?? null;
  }

  return {
    /** `onBeforeRequest`: a tab's request to a registered origin's API starts. */
    async begin(details: BeforeRequestDetails, isRegistered: (origin: string) => boolean | Promise<boolean>): Promise<SeenRequest | null> {
      const record = startRecord(details);
      if (!record) return null;
      let kept = false;
      // The registration check runs in the queue, so the events of one request stay in order.
      await change(async (records) => {
        if (!(await isRegistered(record.origin))) return null;
        kept = true;
        return [...records.filter((r) => r.id !== record.id), record];
      });
      return kept ? record : null;
    },
    /** `onSendHeaders`: the bearer token's client. */
    headers(details: HeadersDetails): Promise<void> {
      const sub = bearerSub(details.requestHeaders);
      if (sub === undefined) return Promise.resolve();
      return change((records) => {
        const record = records.find((r) => r.id === details.requestId);
        if (!record) return null;
        record.sub = sub;
        return records;
      });
    },
    /** `onCompleted`: the answer's status and `Date`; the completed record, if it is one of ours. */
    async complete(details: CompletedDetails): Promise<SeenRequest | null> {
      let done: SeenRequest | null = null;
      await change((records) => {
        const record = records.find((r) => r.id === details.requestId);
        if (!record) return null;
        Object.assign(record, completion(details));
        done = record;
        return records;
      });
      wake();
      return done;
    },
    /** `onErrorOccurred`: the request never got an answer. */
    fail(requestId: string): Promise<void> {
      return change((records) => records.filter((r) => r.id !== requestId));
    },
    /**
     * The oldest completed, unused record matching a page's report, marked used; waits up to
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
