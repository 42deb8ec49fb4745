import { plural, t } from '../../i18n';
import type { MessageError } from '../../messaging';
import { MIN_PASSPHRASE_LENGTH, type VaultError } from '../../vault';
import { err } from '../../result';
import { refuse } from '../../messaging/refuse';

/**
 * Vault outcomes as the settings page's handlers answer them: a protocol error kind and a sentence
 * for the person (through `t()`, so in their language), never an id's content, a key or a passphrase.
 */
export function vaultFailure(error: VaultError, words: FailureWords = {}): { ok: false; error: MessageError } {
  return err(words[error.kind]?.() ?? describe(error));
}

/** Another wording for some outcomes, where the handler's context says more (a passphrase change, the guided set-up). */
export type FailureWords = Partial<Record<VaultError['kind'], () => MessageError>>;

function describe(error: VaultError): MessageError {
  switch (error.kind) {
    case 'locked':
      return { kind: 'locked', message: t('accounts_error_locked') };
    case 'wrong_passphrase':
      return { kind: 'invalid_input', message: t('accounts_error_wrong_passphrase') };
    case 'weak_passphrase':
      return { kind: 'invalid_input', message: plural(MIN_PASSPHRASE_LENGTH, 'accounts_error_weak_passphrase', MIN_PASSPHRASE_LENGTH) };
    case 'invalid_account':
      return { kind: 'invalid_input', message: t('accounts_error_invalid') };
    case 'not_found':
      return { kind: 'not_found', message: t('accounts_error_not_found') };
    case 'tampered':
    case 'corrupt':
      return { kind: 'storage', message: t('accounts_error_unreadable') };
    case 'conflict':
      return { kind: 'internal', message: t('accounts_error_conflict') };
    case 'storage':
      return { kind: 'storage', message: t('accounts_error_storage') };
  }
}

export const lockedFailure = (): { ok: false; error: MessageError } => vaultFailure({ kind: 'locked', message: '' });

export const invalidInput = (message: string): { ok: false; error: MessageError } => refuse('invalid_input', message);
