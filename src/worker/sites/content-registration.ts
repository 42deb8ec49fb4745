/**
 * Our content scripts run only on registered sites: they are registered at runtime with
 * `scripting.registerContentScripts` (persisted across browser restarts), one pair for all sites.
 * Match patterns cannot name a port, so a pattern covers every port of a host; the scripts then
 * check the exact origin themselves and stay inert elsewhere, and the worker refuses their messages.
 */
export interface ContentScriptSpec {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_start';
  allFrames: boolean;
  world?: 'MAIN' | 'ISOLATED';
  persistAcrossSessions: boolean;
}

export interface ScriptingAdapter {
  getRegisteredContentScripts(): Promise<{ id: string }[]>;
  registerContentScripts(scripts: ContentScriptSpec[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export const CAPTURE_SCRIPT_ID = 'b2ca-capture';
export const AUTOFILL_SCRIPT_ID = 'b2ca-autofill';

/** `scheme://host/*` for each origin, without duplicates (ports are not part of match patterns). */
export function matchPatterns(origins: readonly string[]): string[] {
  return [...new Set(origins.map((o) => {
    const url = new URL(o);
    return `${url.protocol}//${url.hostname}/*`;
  }))].sort();
}

export function scriptsFor(origins: readonly string[]): ContentScriptSpec[] {
  if (origins.length === 0) return [];
  const matches = matchPatterns(origins);
  return [
    { id: AUTOFILL_SCRIPT_ID, js: ['autofill.js'], matches, runAt: 'document_start', allFrames: true, persistAcrossSessions: true },
    { id: CAPTURE_SCRIPT_ID, js: ['content-scripts/capture.js'], matches, runAt: 'document_start', allFrames: true, world: 'MAIN', persistAcrossSessions: true },
  ];
}

/** Makes the registered scripts exactly those for `origins` (none when there are no sites). */
export async function syncContentScripts(scripting: ScriptingAdapter, origins: readonly string[]): Promise<void> {
  const ours = (await scripting.getRegisteredContentScripts()).map((s) => s.id).filter((id) => id === CAPTURE_SCRIPT_ID || id === AUTOFILL_SCRIPT_ID);
  if (ours.length > 0) await scripting.unregisterContentScripts({ ids: ours });
  const scripts = scriptsFor(origins);
  if (scripts.length > 0) await scripting.registerContentScripts(scripts);
}
