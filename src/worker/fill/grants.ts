import type { FillReason } from '../../messaging/fill-reason';
import { serialQueue } from '../../serial-queue';
import type { StorageArea } from '../../storage/area';
import { SESSION_ENTRIES, read, write } from '../../storage';

/**
 * A fill the API (or the person) asked for in a tab: the content script's "code for this field" is
 * answered only under a live grant for that tab and exact origin, and the grant is spent by the
 * code it releases. So a page gets a code only right after B2Core itself asked for one (as the
 * browser saw it), or after the person's own Fill — and, by the fill policy (code-service.ts), most
 * grants release a code only on the person's gesture.
 */
export type { FillReason };

export interface FillGrant {
  origin: string;
  reason: FillReason;
  /** The account bound to the request's client; absent when none is known (the person picks). */
  accountId?: string;
  /** A challenge's business process, shown to the person. */
  process?: string;
  /** A sign-in's email (as the browser saw it): which unbound key a gesture may use. */
  email?: string;
  expiresAt: number;
}

export const GRANT_TTL_MS = 2 * 60_000;

export function createGrants(session: StorageArea) {
  const all = async () => (await read(session, SESSION_ENTRIES.grants)) ?? {};
  // Every change is a read-modify-write of one session entry: one at a time, or a grant given to
  // one tab while another tab's is taken is lost (or a spent one comes back).
  const serialized = serialQueue();
  const live = (grant: FillGrant | undefined, origin: string, now: number) => (grant && grant.origin === origin && grant.expiresAt > now ? grant : null);
  return {
    give: (tabId: number, grant: Omit<FillGrant, 'expiresAt'>, now: number): Promise<void> =>
      serialized(async () => {
        const grants = await all();
        for (const [tab, g] of Object.entries(grants)) if (g.expiresAt <= now) delete grants[tab];
        grants[String(tabId)] = { ...grant, expiresAt: now + GRANT_TTL_MS };
        await write(session, SESSION_ENTRIES.grants, grants);
      }),
    /** The tab's live grant for exactly this origin, left in place (a gesture may still come for it). */
    peek: async (tabId: number, origin: string, now: number): Promise<FillGrant | null> => live((await all())[String(tabId)], origin, now),
    /** The tab's live grant of any origin (the popup shows what is asking). */
    ofTab: async (tabId: number, now: number): Promise<FillGrant | null> => {
      const grant = (await all())[String(tabId)];
      return grant && grant.expiresAt > now ? grant : null;
    },
    /** The tab's live grant for exactly this origin, removed as it is taken; else null. */
    take: (tabId: number, origin: string, now: number): Promise<FillGrant | null> =>
      serialized(async () => {
        const grants = await all();
        const grant = grants[String(tabId)];
        if (!grant) return null;
        delete grants[String(tabId)];
        await write(session, SESSION_ENTRIES.grants, grants);
        return live(grant, origin, now);
      }),
  };
}

export type Grants = ReturnType<typeof createGrants>;
