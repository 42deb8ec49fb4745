import type { CodeReason } from '../messaging/fill-reason';
import type { Account } from '../vault';

/** What the reducer asks the worker to do; the worker applies vault effects with `applyEffects`. */
export type { CodeReason };

export type Effect =
  /** A key seen in the enable wizard, kept as a pending account until the wizard succeeds. */
  | { kind: 'stage'; account: Account }
  | { kind: 'activate'; accountId: string; at: number }
  | { kind: 'archive'; accountId: string; at: number; reason: 'disabled' | 'replaced' }
  /** The server accepted a code of this account for this client: its email and/or `sub` is now known. */
  | { kind: 'identify'; accountId: string; client: { email?: string; clientId?: string } }
  /**
   * The API says the next code field wants an authenticator code; `accountId` is the account bound
   * to the request's client, when one is. `process`: a challenge's business process, for the person;
   * `email`: a sign-in's (from the body the browser saw).
   */
  | { kind: 'code_wanted'; reason: CodeReason; accountId?: string; process?: string; email?: string }
  | { kind: 'signed_in'; client: { email?: string; clientId?: string } };

export type DropReason =
  | 'invalid_event'
  | 'irrelevant'
  | 'not_success'
  | 'duplicate'
  | 'no_wizard'
  | 'key_mismatch'
  | 'code_mismatch'
  | 'other_client'
  | 'ambiguous';
