/** The sandbox's records. All times are milliseconds on the sandbox clock. */
export type Provider = 'google' | 'sms';
export const PROVIDERS: readonly Provider[] = ['google', 'sms'];

export interface Client {
  id: number;
  email: string;
  password: string;
  phone: string | null;
  /** Google Authenticator when enabled: the key and the last accepted time step (replay guard). */
  google: { key: string; lastStep: number | null } | null;
  smsEnabled: boolean;
}

/** A 6-digit SMS or email code sent to the outbox. */
export interface OneTimeCode {
  code: string;
  to: string;
  sentAt: number;
  expiresAt: number;
}

export type SignInState = 'started' | '2fa_choose' | '2fa_google_auth' | '2fa_sms_auth' | 'done';

export interface SignInSession {
  uuid: string;
  createdAt: number;
  state: SignInState;
  clientId: number | null;
  smsCode: OneTimeCode | null;
}

export type WizardStep = 'phone' | 'code' | 'done';

export interface Wizard {
  uuid: string;
  clientId: number;
  kind: 'enable' | 'disable';
  type: Provider;
  step: WizardStep;
  createdAt: number;
  /** Google enable: the key this wizard issued. */
  key: string | null;
  /** SMS enable: the phone given at the phone step. */
  phone: string | null;
  smsCode: OneTimeCode | null;
  sent: number;
}

export type ChallengeProvider = 'google' | 'sms' | 'email';
export type BusinessProcess = 'changePassword' | 'restorePassword';

export interface Challenge {
  token: string;
  /** null for an unknown email: the challenge looks the same but can never succeed. */
  clientId: number | null;
  authorized: boolean;
  businessProcess: BusinessProcess;
  provider: ChallengeProvider;
  expiresAt: number;
  code: OneTimeCode | null;
  done: boolean;
}

export interface SuccessToken {
  token: string;
  clientId: number;
  businessProcess: BusinessProcess;
  expiresAt: number;
  used: boolean;
}

export interface ChangeRecord {
  id: number;
  clientId: number;
  provider: Provider;
  isEnabled: boolean;
  time: number;
}

export interface OutboxMessage {
  to: string;
  channel: 'sms' | 'email';
  code: string;
  text: string;
  sentAt: number;
}

export interface TokenRecord {
  jti: string;
  clientId: number;
  kind: 'access' | 'refresh';
  /** Both tokens of one sign-in share a session id, so that signout ends the pair. */
  sessionId: string;
  expiresAt: number;
  revoked: boolean;
}
