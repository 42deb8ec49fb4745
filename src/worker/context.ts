import type { PageHandlers, PageType } from '../messaging';
import type { Vault } from '../vault';
import type { AutoLock } from './vault/auto-lock';
import type { ClockOffsets } from './clock/clock-offsets';
import type { Grants } from './fill/grants';
import type { SettingsService } from './settings/settings';
import type { Sites } from './sites/sites';
import type { StorageArea } from '../storage/area';
import type { VaultSession } from './vault/vault-session';
import type { AlarmsAdapter, TabsAdapter } from './adapters';

export type { AlarmsAdapter, TabsAdapter };

/** What the worker's services share: the vault, its session, the session area, clocks and grants. */
export interface ServiceDeps {
  vault: Vault;
  vaultSession: VaultSession;
  session: StorageArea;
  offsets: ClockOffsets;
  grants: Grants;
  now(): number;
}

/** What the settings page's handler groups get: the services plus the areas and adapters they need. */
export interface WorkerContext extends ServiceDeps {
  local: StorageArea;
  sites: Sites;
  alarms: AlarmsAdapter;
  /** `storage.managed`: the broker's policy (empty object when none is set). */
  managed(): Promise<Record<string, unknown>>;
  fetch(url: string, init?: { method?: string; cache?: RequestCache; signal?: AbortSignal }): Promise<{ headers: { get(name: string): string | null } }>;
  sleep(ms: number): Promise<void>;
  /** Rebuild the popup's snapshot after the vault changed. */
  refreshSnapshot(): Promise<void>;
  /** The person's security settings as the managed policy allows them, and the policy itself. */
  settings: SettingsService;
  autoLock: AutoLock;
  /** The tabs the person may ask to fill (the popup's Fill, the shortcut). */
  tabs: TabsAdapter;
  /** Exchanges seen while the vault was locked, handled now (after an unlock). */
  replayQueued(): Promise<void>;
  /** PBKDF2 iterations of exported backups (tests only; unset in production). */
  backupIterations?: number;
}

/** A group of page-message handlers, built from the context (one file per settings area). */
export type HandlerGroup<K extends PageType> = (ctx: WorkerContext) => Pick<PageHandlers, K>;
