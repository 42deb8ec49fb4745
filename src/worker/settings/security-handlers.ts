import { plural, t } from '../../i18n';
import type { SecurityState } from '../../messaging';
import { MIN_PASSPHRASE_LENGTH, SALT_BYTES, type UnlockedKey } from '../../vault';
import type { HandlerGroup, WorkerContext } from '../context';
import { ok } from '../../result';
import { refuse } from '../../messaging/refuse';
import { vaultFailure, type FailureWords } from '../vault/vault-failure';

/**
 * Settings › Security, worker side: the vault's protection (PBKDF2 parameters shown, passphrase set,
 * changed or removed), auto-lock, the autofill mode, and the managed policy that bounds them.
 *
 * A passphrase change (set, change or removal) is checked first: a wrong current passphrase changes
 * nothing. Then vault.setPassphrase re-keys: a new vault key under the new credentials, every entry
 * re-sealed, so an old header and old passphrase open nothing written since. The session follows to
 * the new key as soon as the new header is in place (vault-session's `onKeyChange`), so an unlocked
 * vault stays unlocked, a locked one stays locked; a worker stopped mid-way finishes it on next use.
 */
const fail = refuse;

async function securityState(ctx: WorkerContext): Promise<SecurityState> {
  const [vault, session, settings, policy] = await Promise.all([ctx.vault.state(), ctx.vaultSession.state(), ctx.settings.current(), ctx.settings.policy()]);
  return {
    vault: vault.kind,
    unlocked: session.unlocked,
    kdf: vault.kind === 'protected' ? { name: 'PBKDF2', hash: 'SHA-256', iterations: vault.iterations, saltBytes: SALT_BYTES } : null,
    settings,
    policy,
  };
}

/** A passphrase change's own words; whatever else fails is a storage problem here. */
const unreadable = () => ({ kind: 'storage' as const, message: t('security_error_storage') });
const PASSPHRASE_WORDS: FailureWords = {
  wrong_passphrase: () => ({ kind: 'invalid_input', message: t('security_error_wrong_current') }),
  weak_passphrase: () => ({ kind: 'invalid_input', message: plural(MIN_PASSPHRASE_LENGTH, 'security_error_too_short', MIN_PASSPHRASE_LENGTH) }),
  locked: () => ({ kind: 'locked', message: t('security_error_locked') }),
  conflict: () => ({ kind: 'storage', message: t('security_error_conflict') }),
  invalid_account: unreadable,
  not_found: unreadable,
  tampered: unreadable,
  corrupt: unreadable,
  storage: unreadable,
};

export const securityHandlers: HandlerGroup<'security/state' | 'security/passphrase' | 'security/settings'> = (ctx) => ({
  'security/state': async () => ok(await securityState(ctx)),

  'security/passphrase': async ({ current, next }) => {
    const state = await ctx.vault.state();
    if (state.kind === 'corrupt') return fail('storage', t('security_error_corrupt'));
    if (next === null) {
      if ((await ctx.settings.policy()).requirePassphrase) return fail('forbidden', t('security_error_policy_requires'));
      if (state.kind !== 'protected') return fail('invalid_input', t('security_error_no_passphrase'));
    } else if (next.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
      return fail('invalid_input', plural(MIN_PASSPHRASE_LENGTH, 'security_error_too_short', MIN_PASSPHRASE_LENGTH));
    }

    let key: UnlockedKey | null;
    if (state.kind === 'protected') {
      // Changing or removing needs the current passphrase, even while unlocked.
      if (!current) return fail('invalid_input', t('security_error_current_needed'));
      const opened = await ctx.vault.unlock(current);
      if (!opened.ok) return vaultFailure(opened.error, PASSPHRASE_WORDS);
      key = opened.value;
    } else {
      // No passphrase yet: the vault opens by itself (a new one is created here).
      key = await ctx.vaultSession.key();
      if (!key) return fail('storage', t('security_error_storage'));
    }
    // Answers the new key; the session already holds it if it held the old one.
    const changed = await ctx.vault.setPassphrase(key, next);
    if (!changed.ok) return vaultFailure(changed.error, PASSPHRASE_WORDS);
    // Newly protected: the auto-lock alarm counts from now on.
    await ctx.autoLock.schedule();
    return ok({ protected: next !== null });
  },

  'security/settings': async (change) => {
    // Settings weaken or strengthen the lock: while a protected vault is locked they stay as they are.
    const session = await ctx.vaultSession.state();
    if (session.state === 'protected' && !session.unlocked) return fail('locked', t('security_error_locked'));
    const updated = await ctx.settings.update(change);
    if (!updated.ok) return fail('forbidden', updated.error);
    await ctx.autoLock.schedule();
    return ok(await securityState(ctx));
  },
});
