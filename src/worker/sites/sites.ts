import { t } from '../../i18n';
import { parseSiteOrigin, type OriginProblem } from '../../origin';
import { err, ok, type Result } from '../../result';
import { syncContentScripts, type ScriptingAdapter } from './content-registration';
import type { StorageArea } from '../../storage/area';
import { LOCAL_ENTRIES, read, write } from '../../storage';

/**
 * The registry of B2Core sites: exact origins in `storage.local`, kept in step with the content
 * script registrations. http is accepted only for localhost/127.0.0.1; other hosts need their
 * optional host permission granted first (the popup or options page asks, in the click).
 */
export interface SitesDeps {
  local: StorageArea;
  scripting: ScriptingAdapter;
  /** Whether the extension holds host permission for `origin` (loopback is in the manifest). */
  hasPermission(origin: string): Promise<boolean>;
  /** The sites the managed policy pre-registers (none when absent). */
  policySites?(): Promise<string[]>;
}

export type SiteError = { kind: 'invalid_input'; message: string; problem: OriginProblem } | { kind: 'forbidden'; message: string };

const PROBLEMS: Record<OriginProblem, () => string> = {
  not_a_url: () => t('worker_site_not_a_url'),
  not_http: () => t('worker_site_not_http'),
  insecure: () => t('worker_site_insecure'),
  has_credentials: () => t('worker_site_credentials'),
};

export function createSites(deps: SitesDeps) {
  const list = async (): Promise<string[]> => {
    const stored = await read(deps.local, LOCAL_ENTRIES.sites);
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  };
  const save = async (sites: string[]) => {
    await write(deps.local, LOCAL_ENTRIES.sites, sites);
    await syncContentScripts(deps.scripting, sites);
  };
  return {
    list,
    async isRegistered(origin: string) {
      return (await list()).includes(origin);
    },
    async add(input: string): Promise<Result<string, SiteError>> {
      const parsed = parseSiteOrigin(input);
      if (!parsed.ok) return err({ kind: 'invalid_input', problem: parsed.problem, message: PROBLEMS[parsed.problem]() });
      if (!(await deps.hasPermission(parsed.origin))) {
        return err({ kind: 'forbidden', message: t('worker_site_no_permission', parsed.origin) });
      }
      const sites = await list();
      if (!sites.includes(parsed.origin)) await save([...sites, parsed.origin].sort());
      return ok(parsed.origin);
    },
    async remove(origin: string): Promise<boolean> {
      const sites = await list();
      if (!sites.includes(origin)) return false;
      await save(sites.filter((s) => s !== origin));
      return true;
    },
    /** The managed policy's sites: registered for the person, who cannot remove them. */
    enforced: async (): Promise<string[]> => (deps.policySites ? deps.policySites() : []),
    /**
     * After an update, a browser restart or a policy change: the policy's sites are merged into the
     * stored list (where the content script and the settings page read it), sites a previous policy
     * added and the current one no longer names are dropped, and registrations follow the list.
     */
    async resync(): Promise<void> {
      const enforced = deps.policySites ? await deps.policySites() : [];
      const before = await read(deps.local, LOCAL_ENTRIES.policySites);
      const previous = Array.isArray(before) ? before.filter((s): s is string => typeof s === 'string') : [];
      const stored = await list();
      const merged = [...new Set([...stored.filter((s) => enforced.includes(s) || !previous.includes(s)), ...enforced])].sort();
      if (JSON.stringify(previous) !== JSON.stringify(enforced)) await write(deps.local, LOCAL_ENTRIES.policySites, enforced);
      if (JSON.stringify(merged) !== JSON.stringify(stored)) await write(deps.local, LOCAL_ENTRIES.sites, merged);
      await syncContentScripts(deps.scripting, merged);
    },
  };
}

export type Sites = ReturnType<typeof createSites>;
