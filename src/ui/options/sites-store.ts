import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { Messenger, PermissionsPort, ReadableArea } from '../shared/adapters';
import { isManifestGranted, permissionPattern } from '../../origin';
import { checkTypedSite, registerSite } from '../shared/site-access';
import { siteHost } from '../shared/site-host';
import { t } from '../../i18n';
import { read, watch } from '../../storage/typed';
import { LOCAL_ENTRIES } from '../../storage/schemas';

/**
 * The options page's registered sites: read from `storage.local` (the worker's list, LOCAL.sites)
 * and followed through its change feed; added through `registerSite` (validation, permission prompt,
 * `sites/add`) and removed with `sites/remove`, each followed by `sites/list` so the page shows what
 * the worker holds even before the change feed reports it. Sites the organisation's managed policy
 * registers (`security/state` → `policy.sites`, src/worker/sites/policy.ts) are listed as such: the worker
 * refuses to remove them, so the page does not offer it.
 */
export interface SitesStoreDeps {
  local: ReadableArea;
  messenger: Messenger;
  permissions: PermissionsPort;
}

export interface SitesStore {
  /** undefined until first read. */
  sites: ReadonlySignal<string[] | undefined>;
  /** The sites the managed policy registers (they cannot be removed); empty without a policy. */
  managed: ReadonlySignal<readonly string[]>;
  /** The last failure, shown in role=alert. */
  error: ReadonlySignal<string | null>;
  /** The last success, shown in role=status. */
  notice: ReadonlySignal<string | null>;
  busy: ReadonlySignal<boolean>;
  start(): Promise<void>;
  /** Call straight from the submit handler: `permissions.request` needs the user gesture. Resolves true when added. */
  add(input: string): Promise<boolean>;
  remove(origin: string): Promise<void>;
  dispose(): void;
}


export function createSitesStore({ local, messenger, permissions }: SitesStoreDeps): SitesStore {
  const sites = signal<string[] | undefined>(undefined);
  const managed = signal<readonly string[]>([]);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const busy = signal(false);
  let unwatch: (() => void) | undefined;

  async function refresh() {
    const reply = await messenger('sites/list', {});
    if (reply.ok) sites.value = reply.value.sites;
  }

  /** The policy's sites, read again whenever the list changes (a policy change re-registers them). */
  async function readPolicy() {
    const reply = await messenger('security/state', {});
    // Not known (an older worker, no answer): nothing is claimed, and the worker still refuses.
    const next = reply.ok ? reply.value.policy.sites : [];
    const now = managed.peek();
    if (next.length !== now.length || next.some((site, i) => site !== now[i])) managed.value = next;
  }

  function fail(message: string) {
    batch(() => {
      error.value = message;
      notice.value = null;
      busy.value = false;
    });
  }

  function succeed(message: string) {
    batch(() => {
      error.value = null;
      notice.value = message;
      busy.value = false;
    });
  }

  return {
    sites,
    managed,
    error,
    notice,
    busy,
    async start() {
      unwatch ??= watch(local, LOCAL_ENTRIES.sites, (value) => {
        sites.value = value ?? [];
        void readPolicy();
      });
      const policy = readPolicy();
      try {
        sites.value = (await read(local, LOCAL_ENTRIES.sites)) ?? [];
      } catch {
        await refresh();
        sites.value ??= [];
      }
      await policy;
    },
    add(input) {
      const checked = checkTypedSite(input);
      if (!checked.ok) {
        fail(checked.message);
        return Promise.resolve(false);
      }
      if (sites.peek()?.includes(checked.origin)) {
        succeed(t('sites_already', checked.origin));
        return Promise.resolve(true);
      }
      // Synchronous up to `permissions.request` (inside `registerSite`).
      const pending = registerSite(checked.origin, { permissions, messenger });
      batch(() => {
        busy.value = true;
        error.value = null;
        notice.value = null;
      });
      return pending.then(async (outcome) => {
        if (!outcome.ok) {
          fail(outcome.message);
          return false;
        }
        await refresh();
        succeed(t('sites_added', outcome.origin));
        return true;
      });
    },
    async remove(origin) {
      batch(() => {
        busy.value = true;
        error.value = null;
        notice.value = null;
      });
      const reply = await messenger('sites/remove', { origin });
      if (!reply.ok) return fail(reply.error.message);
      await refresh();
      // Give the host permission back when no other registered site uses the same pattern.
      const pattern = permissionPattern(origin);
      if (!isManifestGranted(origin) && !(sites.peek() ?? []).some((site) => permissionPattern(site) === pattern)) {
        await permissions.remove([pattern]).catch(() => false);
      }
      succeed(t('sites_removed', siteHost(origin)));
    },
    dispose() {
      unwatch?.();
      unwatch = undefined;
    },
  };
}
