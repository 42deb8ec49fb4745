import type { AlarmsAdapter } from '../adapters';
import type { StorageArea } from '../../storage/area';
import { SESSION_ENTRIES, read, write } from '../../storage';

/**
 * Auto-lock: a passphrase-protected vault locks itself after N minutes without use of the extension.
 *
 * "Use" is what a person does with the extension: a message from the popup or the settings page
 * (except the state reads those pages make on their own) — copy, Fill — and the shortcut. Nothing a
 * page can trigger is use: neither its API traffic nor a code filled into it, since a page could
 * otherwise keep the vault open for ever (issue: a filled code counted as use).
 *
 * The time of the last use lives in `storage.session` (the worker may stop at any moment) and is
 * written at most every `ACTIVITY_WRITE_MS`, so the recorded time may be up to that much older than
 * the real last use. The lock is timed by a `chrome.alarms` alarm (alarms outlive the worker;
 * timers do not: DESIGN.md) set `ACTIVITY_WRITE_MS` after the N minutes, so the vault never locks
 * earlier than N minutes after the real last use, and at most 20 s later. When the alarm fires the
 * idle time is checked again; a later use has moved the alarm on already (same name: replaced).
 * A browser restart clears `storage.session` and with it the unlocked key: locked from the start.
 */
export const AUTO_LOCK_ALARM = 'auto-lock';
export const ACTIVITY_WRITE_MS = 20_000;
const MINUTE = 60_000;

/** Reads pages make by themselves (on opening, on a change feed): not a person's use. */
const PASSIVE = new Set(['vault/state', 'security/state']);
/** Every message a content script may send: a page can make these happen without the person. */
const FROM_PAGES = new Set(['capture/exchange', 'autofill/code']);

/** Whether an answered message was a use of the extension (see above). */
export function countsAsUse(type: string): boolean {
  return !PASSIVE.has(type) && !FROM_PAGES.has(type);
}

export interface AutoLockDeps {
  session: StorageArea;
  alarms: AlarmsAdapter;
  now(): number;
  /** The auto-lock delay in force (settings clamped by the policy); null: never. */
  minutes(): Promise<number | null>;
  /** Whether the vault has a passphrase (a vault without one unlocks itself: nothing to lock). */
  isProtected(): Promise<boolean>;
  lock(): Promise<void>;
}

export type AlarmOutcome = 'locked' | 'rescheduled' | 'off' | 'not_protected';

export function createAutoLock(deps: AutoLockDeps) {
  /**
   * The recorded last use. One in the future (the clock was set back) is taken as now and recorded
   * so, or it would postpone the lock by as long as the clock moved.
   */
  const recorded = async (): Promise<number | undefined> => {
    const stored = await read(deps.session, SESSION_ENTRIES.lastActivity);
    return typeof stored === 'number' && Number.isFinite(stored) ? stored : undefined;
  };
  const lastUse = async (): Promise<number | undefined> => {
    const stored = await recorded();
    if (stored === undefined) return undefined;
    const now = deps.now();
    if (stored <= now) return stored;
    await write(deps.session, SESSION_ENTRIES.lastActivity, now);
    return now;
  };

  /** The alarm for the recorded last use (or now), or none when auto-lock is off. */
  async function schedule(): Promise<void> {
    const minutes = await deps.minutes();
    if (minutes === null) return deps.alarms.clear(AUTO_LOCK_ALARM);
    const last = (await lastUse()) ?? deps.now();
    await deps.alarms.create(AUTO_LOCK_ALARM, last + minutes * MINUTE + ACTIVITY_WRITE_MS);
  }

  return {
    schedule,
    /** The extension was used now: record it (throttled) and move the alarm on. */
    async activity(): Promise<void> {
      const now = deps.now();
      const last = await recorded();
      if (last !== undefined && last <= now && now - last < ACTIVITY_WRITE_MS) return;
      await write(deps.session, SESSION_ENTRIES.lastActivity, now);
      await schedule();
    },
    /** The alarm fired: lock when idle long enough, else wait for the rest. */
    async alarm(): Promise<AlarmOutcome> {
      const minutes = await deps.minutes();
      if (minutes === null) return 'off';
      if (!(await deps.isProtected())) return 'not_protected';
      const last = await lastUse();
      if (last === undefined || deps.now() - last >= minutes * MINUTE) {
        await deps.lock();
        return 'locked';
      }
      await deps.alarms.create(AUTO_LOCK_ALARM, last + minutes * MINUTE + ACTIVITY_WRITE_MS);
      return 'rescheduled';
    },
  };
}

export type AutoLock = ReturnType<typeof createAutoLock>;
