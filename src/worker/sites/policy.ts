import * as v from 'valibot';
import { parseSiteOrigin } from '../../origin';
import type { PolicyView } from '../../messaging';

/**
 * The broker's managed policy (`storage.managed`; the keys are described for administrators in
 * public/managed-schema.json and the README, "Managed policy"). It is read, never trusted to be well
 * formed: each key is checked on its own, a bad value is ignored with a log line (naming the key,
 * never echoing the value), and the rest still applies. Nothing here throws.
 *
 * - `sites`: exact origins (scheme, host, port; https, or http on loopback) pre-registered for the
 *   person, who cannot remove them.
 * - `requirePassphrase`: the vault must have a passphrase (the settings page asks for one; removing
 *   it is refused).
 * - `maxAutoLockMinutes`: auto-lock after at most this many idle minutes ("Never" is refused).
 */
export const NO_POLICY: PolicyView = { sites: [], requirePassphrase: false, maxAutoLockMinutes: null };

/** Bounds that keep a hostile or mistaken policy from costing anything (a million sites, say). */
export const MAX_POLICY_SITES = 200;
export const MAX_AUTO_LOCK_MINUTES = 1440;

const Minutes = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_AUTO_LOCK_MINUTES));

/** The origin `value` names, only if it is already exactly an origin (a trailing `/` allowed). */
function exactOrigin(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 300) return null;
  const parsed = parseSiteOrigin(value);
  if (!parsed.ok) return null;
  return parsed.origin === value || `${parsed.origin}/` === value ? parsed.origin : null;
}

export function parsePolicy(raw: unknown, log: (line: string) => void = () => undefined): PolicyView {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (raw !== undefined && raw !== null) log('managed policy ignored: not an object');
    return NO_POLICY;
  }
  const input = raw as Record<string, unknown>;
  const policy: PolicyView = { sites: [], requirePassphrase: false, maxAutoLockMinutes: null };

  if (input.sites !== undefined) {
    if (!Array.isArray(input.sites)) log('managed policy: "sites" ignored (not a list)');
    else {
      const sites = new Set<string>();
      let bad = 0;
      for (const entry of input.sites.slice(0, MAX_POLICY_SITES)) {
        const origin = exactOrigin(entry);
        if (origin) sites.add(origin);
        else bad++;
      }
      if (bad > 0) log(`managed policy: ${bad} entr${bad === 1 ? 'y' : 'ies'} of "sites" ignored (not an exact https origin)`);
      if (input.sites.length > MAX_POLICY_SITES) log(`managed policy: "sites" cut to its first ${MAX_POLICY_SITES} entries`);
      policy.sites = [...sites].sort();
    }
  }

  if (input.requirePassphrase !== undefined) {
    if (typeof input.requirePassphrase === 'boolean') policy.requirePassphrase = input.requirePassphrase;
    else log('managed policy: "requirePassphrase" ignored (not true or false)');
  }

  if (input.maxAutoLockMinutes !== undefined) {
    const minutes = v.safeParse(Minutes, input.maxAutoLockMinutes);
    if (minutes.success) policy.maxAutoLockMinutes = minutes.output;
    else log(`managed policy: "maxAutoLockMinutes" ignored (not a whole number from 1 to ${MAX_AUTO_LOCK_MINUTES})`);
  }
  return policy;
}

/** The policy as it is now; a failing read is no policy (and a log line), never an error. */
export async function readPolicy(managed: () => Promise<Record<string, unknown>>, log?: (line: string) => void): Promise<PolicyView> {
  try {
    return parsePolicy(await managed(), log);
  } catch {
    log?.('managed policy could not be read');
    return NO_POLICY;
  }
}
