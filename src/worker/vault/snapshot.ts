import { plural } from '../../i18n';
import type { UnlockedKey, Vault } from '../../vault';
import { toAccountViews, type AccountsSnapshot } from '../../storage/accounts-snapshot';
import type { ClockOffsets } from '../clock/clock-offsets';
import type { StorageArea } from '../../storage/area';
import { firstScreenOf, read, SESSION_ENTRIES, write } from '../../storage';

/**
 * Re-publishes what the popup shows after any vault change (see account-view.ts) — with how many
 * records could not be read and whether storage refused a write, for the popup to say — as one JSON
 * string: `storage.session` hands a string back 4–5× faster than the same data as objects, and this
 * read is on the popup's path to its first code.
 */
export async function publishSnapshot(deps: { vault: Vault; key: UnlockedKey; session: StorageArea; offsets: ClockOffsets; now: number }): Promise<AccountsSnapshot | null> {
  const listed = await deps.vault.list(deps.key);
  if (!listed.ok) return null;
  const problems = listed.value.problems.length;
  const full = (await read(deps.session, SESSION_ENTRIES.vaultFull)) !== undefined;
  const snapshot: AccountsSnapshot = {
    v: 1,
    accounts: toAccountViews(listed.value.accounts),
    offsets: await deps.offsets.table(),
    at: deps.now,
    ...(problems > 0 ? { problems } : {}),
    ...(full ? { full: true as const } : {}),
  };
  // The first screen first: a popup opening between the two writes finds a first screen no older than the list.
  await write(deps.session, SESSION_ENTRIES.firstScreen, JSON.stringify(firstScreenOf(snapshot, (total) => plural(total, 'popup_search', total))));
  await write(deps.session, SESSION_ENTRIES.snapshot, JSON.stringify(snapshot));
  return snapshot;
}
