import * as v from 'valibot';
import { t } from '../../i18n';
import type { PolicyView, Settings } from '../../messaging';
import { err, ok, type Result } from '../../result';
import { readPolicy } from '../sites/policy';
import type { StorageArea } from '../../storage/area';
import { LOCAL_ENTRIES, read, write } from '../../storage';
import { StoredSettingsSchema } from '../../storage/schemas';

/**
 * The person's security settings, in `storage.local` (not secret), as the managed policy allows them.
 *
 * Defaults: auto-lock after 15 idle minutes, autofill when the API asks, no auto-submit. The
 * auto-lock delay is stored whether or not a passphrase is set (a vault without one unlocks itself,
 * so there is nothing to lock); it takes effect the moment a passphrase is set, so protecting the
 * vault never leaves it open indefinitely by default.
 */
export type AutofillMode = Settings['autofill'];

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 15, autofill: 'auto', autoSubmit: false };

/** What is stored (src/storage: a field that does not parse is dropped by the schema), defaults filled in. */
export function storedSettings(raw: unknown): Settings {
  const parsed = v.safeParse(StoredSettingsSchema, raw);
  return withDefaults(parsed.success ? parsed.output : undefined);
}

function withDefaults(stored: v.InferOutput<typeof StoredSettingsSchema> = {}): Settings {
  return {
    autoLockMinutes: stored.autoLockMinutes === undefined ? DEFAULT_SETTINGS.autoLockMinutes : stored.autoLockMinutes,
    autofill: stored.autofill ?? DEFAULT_SETTINGS.autofill,
    autoSubmit: stored.autoSubmit ?? DEFAULT_SETTINGS.autoSubmit,
  };
}

/** The settings in force: the policy's maximum auto-lock delay wins over a longer one, or over "never". */
export function clampSettings(settings: Settings, policy: PolicyView): Settings {
  const max = policy.maxAutoLockMinutes;
  if (max === null) return settings;
  return { ...settings, autoLockMinutes: settings.autoLockMinutes === null ? max : Math.min(settings.autoLockMinutes, max) };
}

/** A change the policy forbids is refused (never silently altered), with what is allowed. */
export function checkChange(change: Partial<Settings>, policy: PolicyView): Result<Partial<Settings>, string> {
  // Only the fields given: `{autoSubmit: undefined}` changes nothing.
  const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<Settings>;
  const max = policy.maxAutoLockMinutes;
  if (max !== null && given.autoLockMinutes !== undefined && (given.autoLockMinutes === null || given.autoLockMinutes > max)) {
    return err(t('security_error_policy_auto_lock', max));
  }
  return ok(given);
}

export function createSettings(deps: { local: StorageArea; managed(): Promise<Record<string, unknown>>; log?(line: string): void }) {
  // The policy is read at each use (it can change at any time); its complaints are logged once per change.
  let complaints = '';
  const policy = async () => {
    const lines: string[] = [];
    const read = await readPolicy(deps.managed, (line) => void lines.push(line));
    if (lines.join('\n') !== complaints) {
      complaints = lines.join('\n');
      for (const line of lines) deps.log?.(line);
    }
    return read;
  };
  const stored = async () => withDefaults(await read(deps.local, LOCAL_ENTRIES.settings));
  return {
    policy,
    /** The settings in force now (stored, defaults filled in, clamped by the policy). */
    async current(): Promise<Settings> {
      const [settings, rules] = await Promise.all([stored(), policy()]);
      return clampSettings(settings, rules);
    },
    /** Applies `change` over what is stored; refused when the policy forbids it. */
    async update(change: Partial<Settings>): Promise<Result<Settings, string>> {
      const rules = await policy();
      const checked = checkChange(change, rules);
      if (!checked.ok) return checked;
      const next = { ...(await stored()), ...checked.value };
      await write(deps.local, LOCAL_ENTRIES.settings, next);
      return ok(clampSettings(next, rules));
    },
  };
}

export type SettingsService = ReturnType<typeof createSettings>;
