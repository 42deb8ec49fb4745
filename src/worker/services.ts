import type { Vault } from '../vault';
import type { ClockOffsets } from './clock-offsets';
import type { Grants } from './grants';
import type { StorageArea } from './storage-area';
import type { VaultSession } from './vault-session';

/** What the worker's services share: the vault, its session, the session area, clocks and grants. */
export interface ServiceDeps {
  vault: Vault;
  vaultSession: VaultSession;
  session: StorageArea;
  offsets: ClockOffsets;
  grants: Grants;
  now(): number;
}
