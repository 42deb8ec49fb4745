import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { plural, t } from '../../../i18n';
import type { ClockOffsetView, SecurityState, Settings } from '../../../messaging/protocol';
import { LOCAL, SESSION } from '../../../storage/keys';
import { MIN_PASSPHRASE_LENGTH } from '../../../vault/vault';
import type { Messenger, ReadableArea } from '../../shared/adapters';

/**
 * Settings › Security as signals: the worker's `security/state` (vault, KDF, settings in force,
 * policy) and `clock/list`, and one action per control. Each part of the section has its own line
 * of feedback (role=status on success, role=alert on failure) so a message appears next to what
 * the person just did. The state is read again when the vault locks or unlocks elsewhere (the
 * auto-lock alarm, the popup): `storage.session`'s change feed on the unlocked key says when; its
 * value is never kept here.
 */
export type Part = 'vault' | 'passphrase' | 'settings' | 'clocks';
export interface Feedback {
  kind: 'ok' | 'error';
  text: string;
  /** Which form of the part it answers (the passphrase part has three). */
  form?: string;
}

/** The vault's own minimum, checked here too so a short one is refused before a PBKDF2 run. */
export const MIN_PASSPHRASE = MIN_PASSPHRASE_LENGTH;

export interface SecurityStoreDeps {
  messenger: Messenger;
  /** `storage.session`: only its change feed for the unlocked key (lock and unlock elsewhere). */
  session: ReadableArea;
  /** `storage.local`: the registered sites' change feed (the clocks table follows it). */
  local: ReadableArea;
}

export interface SecurityStore {
  state: ReadonlySignal<SecurityState | undefined>;
  clocks: ReadonlySignal<ClockOffsetView[] | undefined>;
  /** Why the state could not be read (the worker did not answer). */
  loadError: ReadonlySignal<string | null>;
  /** What is being done: a part, `clock:<origin>` while one clock is checked, `use:<origin>` while one is accepted. */
  busy: ReadonlySignal<string | null>;
  feedback: ReadonlySignal<Partial<Record<Part, Feedback>>>;
  start(): Promise<void>;
  refresh(): Promise<void>;
  /** Resolve true on success (the form then clears its fields). */
  setPassphrase(next: string, repeat: string): Promise<boolean>;
  changePassphrase(current: string, next: string, repeat: string): Promise<boolean>;
  removePassphrase(current: string): Promise<boolean>;
  lockNow(): Promise<void>;
  unlock(passphrase: string): Promise<boolean>;
  saveSettings(change: Partial<Settings>): Promise<void>;
  checkClock(origin: string): Promise<void>;
  /** "Use this clock": codes for `origin` use its measured offset although it is beyond ±10 min. */
  useClock(origin: string): Promise<void>;
  dispose(): void;
}

export function createSecurityStore(deps: SecurityStoreDeps): SecurityStore {
  const { messenger } = deps;
  const state = signal<SecurityState | undefined>(undefined);
  const clocks = signal<ClockOffsetView[] | undefined>(undefined);
  const loadError = signal<string | null>(null);
  const busy = signal<string | null>(null);
  const feedback = signal<Partial<Record<Part, Feedback>>>({});
  const unwatch: Array<() => void> = [];

  const say = (part: Part, kind: Feedback['kind'], text: string, form?: string) => {
    feedback.value = { ...feedback.peek(), [part]: { kind, text, ...(form ? { form } : {}) } };
  };
  const done = (part: Part, kind: Feedback['kind'], text: string, form?: string) =>
    batch(() => {
      say(part, kind, text, form);
      busy.value = null;
    });
  const begin = (what: string, part: Part) =>
    batch(() => {
      busy.value = what;
      const { [part]: _dropped, ...rest } = feedback.peek();
      feedback.value = rest;
    });

  async function refresh() {
    const reply = await messenger('security/state', {});
    batch(() => {
      if (reply.ok) {
        state.value = reply.value;
        loadError.value = null;
      } else loadError.value = reply.error.message;
    });
  }

  async function refreshClocks() {
    const reply = await messenger('clock/list', {});
    if (reply.ok) clocks.value = reply.value.offsets;
  }

  /** The worker's answer to a passphrase change, as the part's feedback. */
  async function passphrase(form: string, payload: { current?: string; next: string | null }, success: string): Promise<boolean> {
    begin('passphrase', 'passphrase');
    const reply = await messenger('security/passphrase', payload);
    await refresh();
    if (!reply.ok) {
      done('passphrase', 'error', reply.error.message, form);
      return false;
    }
    done('passphrase', 'ok', success, form);
    return true;
  }

  /** Checks the page can make before a PBKDF2 run: length, and the two new passphrases agree. */
  function checkNew(next: string, repeat: string): string | null {
    if (next.normalize('NFC').length < MIN_PASSPHRASE) return plural(MIN_PASSPHRASE, 'security_error_too_short', MIN_PASSPHRASE);
    if (next !== repeat) return t('security_error_mismatch');
    return null;
  }

  return {
    state,
    clocks,
    loadError,
    busy,
    feedback,
    refresh,
    async start() {
      if (unwatch.length === 0) {
        unwatch.push(deps.session.watch(SESSION.vaultKey, () => void refresh()));
        unwatch.push(deps.local.watch(LOCAL.sites, () => void refreshClocks()));
      }
      await Promise.all([refresh(), refreshClocks()]);
    },
    async setPassphrase(next, repeat) {
      const problem = checkNew(next, repeat);
      if (problem) {
        say('passphrase', 'error', problem, 'set');
        return false;
      }
      return passphrase('set', { next }, t('security_passphrase_set_done'));
    },
    async changePassphrase(current, next, repeat) {
      if (!current) {
        say('passphrase', 'error', t('security_error_current_needed'), 'change');
        return false;
      }
      const problem = checkNew(next, repeat);
      if (problem) {
        say('passphrase', 'error', problem, 'change');
        return false;
      }
      return passphrase('change', { current, next }, t('security_passphrase_changed_done'));
    },
    async removePassphrase(current) {
      if (!current) {
        say('passphrase', 'error', t('security_error_current_needed'), 'remove');
        return false;
      }
      return passphrase('remove', { current, next: null }, t('security_passphrase_removed_done'));
    },
    async lockNow() {
      begin('vault', 'vault');
      const reply = await messenger('vault/lock', {});
      await refresh();
      if (reply.ok) done('vault', 'ok', t('security_locked_done'));
      else done('vault', 'error', reply.error.message);
    },
    async unlock(passphrase) {
      if (!passphrase) {
        say('vault', 'error', t('security_error_current_needed'));
        return false;
      }
      begin('vault', 'vault');
      const reply = await messenger('vault/unlock', { passphrase });
      await refresh();
      if (reply.ok) done('vault', 'ok', t('security_unlocked_done'));
      else done('vault', 'error', reply.error.message);
      return reply.ok;
    },
    async saveSettings(change) {
      begin('settings', 'settings');
      // Shown at once (a radio or checkbox does not flick back while the worker answers).
      const before = state.peek();
      if (before) state.value = { ...before, settings: { ...before.settings, ...change } };
      const reply = await messenger('security/settings', change);
      if (reply.ok) {
        state.value = reply.value;
        done('settings', 'ok', t('security_saved'));
      } else {
        // Show what is in force again (the control the person moved snaps back).
        await refresh();
        done('settings', 'error', reply.error.message);
      }
    },
    async checkClock(origin) {
      begin(`clock:${origin}`, 'clocks');
      const reply = await messenger('clock/check', { origin });
      if (reply.ok) {
        clocks.value = (clocks.peek() ?? []).map((c) => (c.origin === origin ? reply.value : c));
        done('clocks', 'ok', t('security_clocks_checked_done', origin));
      } else done('clocks', 'error', reply.error.message);
    },
    async useClock(origin) {
      const shown = clocks.peek()?.find((c) => c.origin === origin);
      if (!shown) return;
      begin(`use:${origin}`, 'clocks');
      // The estimate the person saw: the worker refuses if it has moved since.
      const reply = await messenger('clock/accept', { origin, offsetMs: shown.offsetMs });
      if (reply.ok) {
        clocks.value = (clocks.peek() ?? []).map((c) => (c.origin === origin ? reply.value : c));
        done('clocks', 'ok', t('security_clocks_used_done', origin));
      } else {
        await refreshClocks();
        done('clocks', 'error', reply.error.message);
      }
    },
    dispose() {
      for (const stop of unwatch.splice(0)) stop();
    },
  };
}
