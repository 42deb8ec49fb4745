import type { Messenger, PermissionsPort } from './adapters';
import { isManifestGranted, parseSiteOrigin, permissionPattern, type OriginProblem } from '../../origin';
import { siteHost } from './site-host';
import { t } from '../../i18n';

/**
 * Registering a site, shared by the popup's "Use on this site" and the options page's "Add site":
 * validate the origin (src/origin: exact origin, https, http only on loopback), ask the
 * browser for access to it unless the manifest already grants it (http on a
 * loopback host), then `sites/add` through the worker.
 *
 * `registerSite` calls `permissions.request` synchronously, before its first `await`: the browser
 * only shows the prompt while a click (a user gesture) is being handled, so callers must call it
 * straight from their event handler, with nothing awaited before.
 */
export type SiteOutcome = { ok: true; origin: string } | { ok: false; message: string };

// What went wrong, as a sentence in the page's language: functions, so the text is read when shown.
const TYPED: Record<OriginProblem, () => string> = {
  not_a_url: () => t('errors_typed_not_a_url'),
  not_http: () => t('errors_typed_not_http'),
  insecure: () => t('errors_typed_insecure'),
  has_credentials: () => t('errors_typed_credentials'),
};

const TAB: Record<OriginProblem, () => string> = {
  not_a_url: () => t('errors_tab_not_web'),
  not_http: () => t('errors_tab_not_web'),
  insecure: () => t('errors_tab_insecure'),
  has_credentials: () => t('errors_tab_credentials'),
};

/** The origin to register from what a person typed, or why not (a sentence to show). */
export function checkTypedSite(input: string): SiteOutcome {
  const parsed = parseSiteOrigin(input);
  return parsed.ok ? { ok: true, origin: parsed.origin } : { ok: false, message: TYPED[parsed.problem]() };
}

/** The origin to register from a tab's URL (undefined when the browser hides it), or why not. */
export function checkTabSite(url: string | undefined): SiteOutcome {
  if (url === undefined || url === '') return { ok: false, message: t('errors_tab_hidden') };
  // A tab's URL always has a scheme: no "https://" guess for it, unlike a typed address.
  if (!/^https?:\/\//i.test(url)) return { ok: false, message: TAB.not_http() };
  const parsed = parseSiteOrigin(url);
  return parsed.ok ? { ok: true, origin: parsed.origin } : { ok: false, message: TAB[parsed.problem]() };
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
      if (!granted) return { ok: false, message: t('errors_permission_refused', siteHost(origin)) };
      const reply = await deps.messenger('sites/add', { site: origin });
      return reply.ok ? { ok: true, origin: reply.value.origin } : { ok: false, message: reply.error.message };
    },
    // The browser's own reason, when it gives one, follows in its words (the browser's language).
    (error: unknown): SiteOutcome => ({
      ok: false,
      message:
        error instanceof Error && error.message ? t('errors_permission_failed_why', siteHost(origin), error.message) : t('errors_permission_failed', siteHost(origin)),
    }),
  );
}
