import type { Messenger, PermissionsPort } from './adapters';
import { parseSiteOrigin, type OriginProblem } from '../../autofill/origin-policy';
import { siteHost } from './site-host';

/**
 * Registering a site, shared by the popup's "Use on this site" and the options page's "Add site":
 * validate the origin (src/autofill's policy: exact origin, https, http only on loopback), ask the
 * browser for access to it unless the manifest already grants it (http://localhost and
 * http://127.0.0.1), then `sites/add` through the worker.
 *
 * `registerSite` calls `permissions.request` synchronously, before its first `await`: the browser
 * only shows the prompt while a click (a user gesture) is being handled, so callers must call it
 * straight from their event handler, with nothing awaited before.
 */
export type SiteOutcome = { ok: true; origin: string } | { ok: false; message: string };

/** Granted by the manifest (`host_permissions`), so no prompt: http on the two loopback names. */
export function isManifestGranted(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/** The host permission asked for an origin: the origin and any path (`permissions.request({origins})`). */
export const permissionPattern = (origin: string) => `${origin}/*`;

const TYPED: Record<OriginProblem, string> = {
  not_a_url: 'That is not a site address. Enter one like https://broker.example.',
  not_http: 'Only web sites (https://…) can be registered.',
  insecure: 'Only https sites can be registered (plain http only for localhost and 127.0.0.1).',
  has_credentials: 'Remove the user name and password from the address.',
};

const TAB: Record<OriginProblem, string> = {
  not_a_url: 'This tab is not a web page. Open your broker’s site in this tab and try again.',
  not_http: 'This tab is not a web page. Open your broker’s site in this tab and try again.',
  insecure: 'This site uses insecure http. Only https sites can be used (plain http only for localhost and 127.0.0.1).',
  has_credentials: 'This tab’s address holds a user name or password; open the site without them.',
};

/** The origin to register from what a person typed, or why not (a sentence to show). */
export function checkTypedSite(input: string): SiteOutcome {
  const parsed = parseSiteOrigin(input);
  return parsed.ok ? { ok: true, origin: parsed.origin } : { ok: false, message: TYPED[parsed.problem] };
}

/** The origin to register from a tab's URL (undefined when the browser hides it), or why not. */
export function checkTabSite(url: string | undefined): SiteOutcome {
  if (url === undefined || url === '') return { ok: false, message: 'The extension cannot see this tab’s address. Reload the page and open the popup again.' };
  // A tab's URL always has a scheme: no "https://" guess for it, unlike a typed address.
  if (!/^https?:\/\//i.test(url)) return { ok: false, message: TAB.not_http };
  const parsed = parseSiteOrigin(url);
  return parsed.ok ? { ok: true, origin: parsed.origin } : { ok: false, message: TAB[parsed.problem] };
}

/** Asks for access if needed (synchronously: see above), then registers the site with the worker. */
export function registerSite(origin: string, deps: { permissions: PermissionsPort; messenger: Messenger }): Promise<SiteOutcome> {
  let access: Promise<boolean>;
  if (isManifestGranted(origin)) access = Promise.resolve(true);
  else {
    try {
      access = deps.permissions.request([permissionPattern(origin)]);
    } catch (error) {
      access = Promise.reject(error);
    }
  }
  return access.then(
    async (granted): Promise<SiteOutcome> => {
      if (!granted) return { ok: false, message: `Permission refused: without access to ${siteHost(origin)} the extension cannot fill codes there. Nothing was added.` };
      const reply = await deps.messenger('sites/add', { site: origin });
      return reply.ok ? { ok: true, origin: reply.value.origin } : { ok: false, message: reply.error.message };
    },
    (error: unknown): SiteOutcome => ({
      ok: false,
      message: `The browser did not ask for access to ${siteHost(origin)}${error instanceof Error && error.message ? `: ${error.message}` : '.'}`,
    }),
  );
}
