import { SNAPSHOT_CONTENT } from '../../../storage';
import { read } from '../../../storage/typed';
import type { ReadableArea } from '../../shared/adapters';

/**
 * The vault's active account for a client of a site, found in the popup's snapshot (SESSION.snapshot:
 * non-archived accounts, written by the worker): same exact origin, label = the client's email (the
 * label a guided or captured enable gives it). Only its id leaves here; the worker computes the code.
 * None when the vault is locked (no snapshot), when there is no such account, or when several fit.
 */
export async function findActiveAccount(session: ReadableArea, origin: string, email: string): Promise<string | null> {
  const snapshot = await read(session, SNAPSHOT_CONTENT);
  if (!snapshot) return null;
  const wanted = email.trim().toLowerCase();
  const fits = snapshot.accounts.filter((a) => a.origin === origin && a.status === 'active' && a.label.trim().toLowerCase() === wanted);
  return fits.length === 1 ? fits[0]!.id : null;
}
