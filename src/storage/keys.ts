import { FIRST_SCREEN_KEY } from './first-screen-key';

/**
 * Where the extension keeps things between worker lives (the worker may stop after 30 s idle).
 * `storage.local`: non-secret, persistent (content scripts can read it: never a secret here).
 * `storage.session`: in memory, cleared when the browser closes, extension pages and worker only.
 */
export const LOCAL = {
  /** string[]: exact registered origins. */
  sites: 'sites',
  /** Record<origin, number>: measured server clock offsets, ms. */
  offsets: 'clockOffsets',
  /** BackupRecord: when the last backup was exported (no content of it, ever). */
  backup: 'backup',
  /** Partial<Settings>: the person's security settings (auto-lock, autofill mode, auto-submit). */
  settings: 'settings',
  /** string[]: the sites the managed policy registered at the last sync (to drop them when it stops). */
  policySites: 'policySites',
} as const;

/** What LOCAL.backup holds. */
export interface BackupRecord {
  lastExportAt: number;
  format: 'encrypted' | 'otpauth';
}

export const SESSION = {
  /** UnlockedKey: the vault key while unlocked. */
  vaultKey: 'vaultKey',
  /** JSON string of an AccountsSnapshot: what the popup shows. */
  snapshot: 'accountsSnapshot',
  /** JSON string of a FirstScreen (first-screen.ts): the popup's first rows, written with the snapshot. */
  firstScreen: FIRST_SCREEN_KEY,
  /** CaptureState: who is signing in where, open disable wizards. */
  capture: 'captureState',
  /** Record<tabId, FillGrant>: fills the API (or the person) asked for, not yet done. */
  grants: 'fillGrants',
  /** Record<accountId, number>: the last time step filled per account (a code is never filled twice). */
  usedSteps: 'usedSteps',
  /** Exchanges seen while the vault was locked, replayed on unlock (bounded per kind: capture-service.ts). */
  queued: 'queuedExchanges',
  /** {count, at}: exchanges refused because the locked queue was full (shown in the popup until unlock). */
  queueOverflow: 'queueOverflow',
  /** Prefix of the keys of the API requests the browser saw (`networkLog:<id>`, `…:sub`, `…:done`, `…:used`; src/network). */
  network: 'networkLog',
  /** Record<origin, number[]>: when codes were filled automatically (auto-fill-budget.ts). */
  autoFills: 'autoFills',
  /**
   * ApiSession (src/ui/options/setup/api-session.ts): the settings page's B2Core sign-in (origin,
   * email, access and refresh tokens, expiries). Written by the settings page only; never a password.
   */
  apiSession: 'apiSession',
  /** number: when the extension was last used (ms), written at most every 20 s; auto-lock counts from it. */
  lastActivity: 'lastActivity',
  /** AskLedger (worker/ask-ledger.ts): how many page asks came, were answered, and handed out a code. Numbers only. */
  asks: 'pageAsks',
  /** {at}: the vault refused a write of a captured key (storage full): the popup says so until a write succeeds. */
  vaultFull: 'vaultWriteRefused',
  /** {code, clearAt}: the code the popup last copied, until the worker's alarm clears it (worker/clipboard). */
  clipboard: 'copiedCode',
} as const;
