/**
 * Everything that can go wrong in the vault, as data. Messages are for people and never contain a
 * secret, a passphrase or key material.
 */
export type VaultError =
  | { kind: 'locked'; message: string }
  | { kind: 'wrong_passphrase'; message: string }
  | { kind: 'weak_passphrase'; message: string }
  | { kind: 'tampered'; id: string; message: string }
  | { kind: 'corrupt'; id: string; message: string }
  | { kind: 'not_found'; id: string; message: string }
  | { kind: 'invalid_account'; message: string }
  | { kind: 'conflict'; id: string; message: string }
  | { kind: 'storage'; message: string };

export const vaultError = {
  locked: (): VaultError => ({ kind: 'locked', message: 'The vault is locked. Unlock it with your passphrase.' }),
  wrongPassphrase: (): VaultError => ({ kind: 'wrong_passphrase', message: 'That passphrase does not unlock the vault.' }),
  tampered: (id: string): VaultError => ({
    kind: 'tampered',
    id,
    message: 'An account record failed its integrity check and was not used; the other accounts are unaffected.',
  }),
  corrupt: (id: string, what: string): VaultError => ({ kind: 'corrupt', id, message: `An account record is unreadable (${what}); the other accounts are unaffected.` }),
  notFound: (id: string): VaultError => ({ kind: 'not_found', id, message: 'That account is not in the vault.' }),
  storage: (cause: unknown): VaultError => ({
    kind: 'storage',
    message: `The browser refused to store the vault (${cause instanceof Error ? cause.name : 'unknown error'}). Nothing was changed.`,
  }),
};
