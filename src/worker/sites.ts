import { parseSiteOrigin, type OriginProblem } from '../autofill';
import { err, ok, type Result } from '../result';
import { syncContentScripts, type ScriptingAdapter } from './content-registration';
import type { StorageArea } from './storage-area';
import { LOCAL } from './storage-keys';

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
}

export type SiteError = { kind: 'invalid_input'; message: string; problem: OriginProblem } | { kind: 'forbidden'; message: string };

const PROBLEMS: Record<OriginProblem, string> = {
  not_a_url: 'That is not a web address.',
  not_http: 'Only http and https sites can be added.',
  insecure: 'Only https sites can be added (http is allowed for localhost and 127.0.0.1).',
  has_credentials: 'The address must not contain a user name or password.',
};

export function createSites(deps: SitesDeps) {
  const list = async (): Promise<string[]> => {
    const stored = await deps.local.get<unknown>(LOCAL.sites);
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  };
  const save = async (sites: string[]) => {
    await deps.local.set(LOCAL.sites, sites);
    await syncContentScripts(deps.scripting, sites);
  };
  return {
    list,
    async isRegistered(origin: string) {
      return (await list()).includes(origin);
    },
    async add(input: string): Promise<Result<string, SiteError>> {
      const parsed = parseSiteOrigin(input);
      if (!parsed.ok) return err({ kind: 'invalid_input', problem: parsed.problem, message: PROBLEMS[parsed.problem] });
      if (!(await deps.hasPermission(parsed.origin))) {
        return err({ kind: 'forbidden', message: `The extension has no permission for ${parsed.origin}; allow it when the browser asks.` });
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
    /** After an update or a browser restart: registrations follow the stored list. */
    resync: async () => syncContentScripts(deps.scripting, await list()),
  };
}

export type Sites = ReturnType<typeof createSites>;
