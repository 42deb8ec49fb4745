import type { ChooseEnvelope, GoogleAuthEnvelope, LoginEnvelope, SmsAuthEnvelope, TokenPair, TwoFactorType } from './schemas';

/**
 * Where a sign-in stands after `POST signin`, `POST signin/2fa`, `POST 2fa/google` or `POST 2fa/sms`
 * (docs/b2core-api.md, "Neighbouring endpoints" [ours], and the seed's first three endpoints), as one
 * union to switch on. `uuid` is the sign-in session every next step names.
 */
export type SignInOutcome =
  | { kind: 'signed_in'; uuid: string; tokens: TokenPair }
  | { kind: 'google_code_wanted'; uuid: string }
  | { kind: 'sms_code_wanted'; uuid: string }
  | { kind: 'choose_method'; uuid: string; providers: TwoFactorType[] };

export type SignedIn = Extract<SignInOutcome, { kind: 'signed_in' }>;
export type CodeWanted = Extract<SignInOutcome, { kind: 'google_code_wanted' | 'sms_code_wanted' }>;

export function signInOutcome(envelope: LoginEnvelope): SignedIn;
export function signInOutcome(envelope: GoogleAuthEnvelope | SmsAuthEnvelope): CodeWanted;
export function signInOutcome(envelope: LoginEnvelope | GoogleAuthEnvelope | SmsAuthEnvelope | ChooseEnvelope): SignInOutcome;
export function signInOutcome(envelope: LoginEnvelope | GoogleAuthEnvelope | SmsAuthEnvelope | ChooseEnvelope): SignInOutcome {
  switch (envelope.workflow) {
    case 'login':
      return { kind: 'signed_in', uuid: envelope.uuid, tokens: envelope.data };
    case '2fa_google_auth':
      return { kind: 'google_code_wanted', uuid: envelope.uuid };
    case '2fa_sms_auth':
      return { kind: 'sms_code_wanted', uuid: envelope.uuid };
    case '2fa_choose':
      return { kind: 'choose_method', uuid: envelope.uuid, providers: envelope.data.providers };
  }
}
