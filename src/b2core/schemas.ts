import * as v from 'valibot';

/**
 * Response shapes of docs/b2core-api.md and the seed reference, one schema per answer, each checked
 * against the type it produces. Objects are checked field by field and extra fields are dropped
 * (a newer server may add some); every documented field is required with its documented type.
 */

/** The two 2FA methods (seed: "Get 2FA method details", path parameter `type`). */
export type TwoFactorType = 'google' | 'sms';

/** The final workflow of every enable/disable procedure (seed: "Enable or disable 2FA"). */
export const TERMINATE_WORKFLOW = 'B2B\\TCA\\Wizards\\Workflow\\TerminateWorkflow';
export type TerminateWorkflow = typeof TERMINATE_WORKFLOW;

/** The wizard envelope (seed): `code` 200 = another step follows, 202 = the procedure finished. */
export interface WizardEnvelope<C extends 200 | 202, W extends string, D> {
  code: C;
  data: D;
  done: boolean;
  uuid: string;
  workflow: W;
}

/** One token of a pair (seed: `POST 2fa/google` response). */
export interface Token {
  token: string;
  createdAt: string;
  expiresAt: string;
}

export interface TokenPair {
  accessToken: Token;
  refreshToken: Token;
}

/** `GET signin/wizard` data ([doc] in docs/b2core-api.md). */
export interface SignInWizardData {
  recaptcha: { enabled: boolean };
  is_qr_available: boolean;
  is_password_recovery_available: boolean;
}

/** One entry of `GET 2fa` and the answer of `GET 2fa/{type}` (seed: "Check 2FA status"). */
export interface TwoFactorMethod {
  caption: string;
  isEnabled: boolean;
  name: TwoFactorType;
}

export interface TwoFactorStatus {
  total: number;
  data: TwoFactorMethod[];
}

/** The SMS enable wizard's phone step data (seed: "Enable 2FA with SMS", step 1). */
export interface PhoneStepData {
  status: number;
  sent: number;
  expiredAt: string;
  sentAt: string;
  recipient: {
    class: string;
    phone: string;
    template: string;
    data: unknown;
    type: number;
    method: string;
  };
}

/** `GET 2fa/challenge` and `GET 2fa/unauthorized/challenge` ([doc]/[ours] in docs/b2core-api.md). */
export interface Challenge {
  token: string;
  provider: 'google' | 'sms' | 'email';
  expiresAt: string;
}

/** `POST 2fa/challenge` (seed: "Complete the initiated 2FA procedure"). */
export interface SuccessToken {
  token: string;
  expiresAt: string;
}

/** One record of the change log (seed: "Get 2FA change details"). */
export interface ChangeRecord {
  id: number;
  provider: TwoFactorType;
  isEnabled: boolean;
  time: string | null;
}

export interface ChangeList {
  total: number;
  data: ChangeRecord[];
}

export type SignInWizard = WizardEnvelope<202, 'login', SignInWizardData>;
export type LoginEnvelope = WizardEnvelope<202, 'login', TokenPair>;
export type GoogleAuthEnvelope = WizardEnvelope<200, '2fa_google_auth', null>;
export type SmsAuthEnvelope = WizardEnvelope<200, '2fa_sms_auth', null>;
export type ChooseEnvelope = WizardEnvelope<200, '2fa_choose', { providers: TwoFactorType[] }>;
export type GoogleEnableWizard = WizardEnvelope<200, '2fa_google', { key: string }>;
export type SmsEnableWizard = WizardEnvelope<200, '2fa_sms_phone_create', null>;
export type GoogleDisableWizard = WizardEnvelope<200, '2fa_google', null>;
export type SmsDisableWizard = WizardEnvelope<200, '2fa_sms', null>;
export type PhoneStep = WizardEnvelope<200, 'phone', PhoneStepData>;
export type WizardFinished = WizardEnvelope<202, TerminateWorkflow, []>;

const text = v.string();
const nonEmpty = v.pipe(v.string(), v.nonEmpty());
const uuid = nonEmpty;
/** Seed times: `2022-01-01T00:00:00+00:00`, and `2022-12-28T13:00:58.000000Z` in the SMS step. */
const timestamp = v.pipe(v.string(), v.isoTimestamp());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const provider = v.picklist(['google', 'sms']);
/** The seed's status text spells the SMS method `SMS`, its examples `sms`: both are read as `sms`. */
const methodName = v.pipe(v.string(), v.toLowerCase(), provider);
/** A Google Authenticator key: base32, at least 16 characters (80 bits, as in the seed). */
const base32Key = v.pipe(v.string(), v.maxLength(256), v.regex(/^[A-Za-z2-7]{16,}=*$/));

const DONE = v.literal(true);
const NOT_DONE = v.literal(false);
/** The seed's disable example shows `done: true` while its text says `false` (the sandbox's answer). */
const EITHER = v.boolean();

/**
 * One step's envelope: its `code`, `workflow` and `done` as documented, `data` of that step's shape.
 * `workflow` is checked first, so that an answer for another step is reported as such.
 */
function envelope<const C extends 200 | 202, const W extends string, D extends v.GenericSchema, F extends v.GenericSchema<boolean>>(
  code: C,
  workflow: W,
  data: D,
  done: F,
) {
  return v.object({ workflow: v.literal(workflow), code: v.literal(code), done, uuid, data });
}

const TokenSchema: v.GenericSchema<unknown, Token> = v.object({ token: nonEmpty, createdAt: timestamp, expiresAt: timestamp });
export const TokenPairSchema: v.GenericSchema<unknown, TokenPair> = v.object({ accessToken: TokenSchema, refreshToken: TokenSchema });

export const SignInWizardSchema: v.GenericSchema<unknown, SignInWizard> = envelope(
  202,
  'login',
  v.object({ recaptcha: v.object({ enabled: v.boolean() }), is_qr_available: v.boolean(), is_password_recovery_available: v.boolean() }),
  DONE,
);
const LoginEnvelopeSchema = envelope(202, 'login', TokenPairSchema, DONE);
export const LoginSchema: v.GenericSchema<unknown, LoginEnvelope> = LoginEnvelopeSchema;
const GoogleAuthSchema = envelope(200, '2fa_google_auth', v.null(), NOT_DONE);
const SmsAuthSchema = envelope(200, '2fa_sms_auth', v.null(), NOT_DONE);
const ChooseSchema = envelope(200, '2fa_choose', v.object({ providers: v.array(provider) }), NOT_DONE);

/** `POST signin`: tokens, one method's code, or a choice ([ours] in docs/b2core-api.md). */
export const SignInAnswerSchema: v.GenericSchema<unknown, LoginEnvelope | GoogleAuthEnvelope | SmsAuthEnvelope | ChooseEnvelope> = v.variant(
  'workflow',
  [LoginEnvelopeSchema, GoogleAuthSchema, SmsAuthSchema, ChooseSchema],
);
/** `POST signin/2fa` (seed: "Choose a 2FA method"). */
export const ChooseAnswerSchema: v.GenericSchema<unknown, GoogleAuthEnvelope | SmsAuthEnvelope> = v.variant(
  'workflow',
  [GoogleAuthSchema, SmsAuthSchema],
);

export const TwoFactorMethodSchema: v.GenericSchema<unknown, TwoFactorMethod> = v.object({ caption: text, isEnabled: v.boolean(), name: methodName });
export const TwoFactorStatusSchema: v.GenericSchema<unknown, TwoFactorStatus> = v.object({ total: count, data: v.array(TwoFactorMethodSchema) });

export const GoogleEnableSchema: v.GenericSchema<unknown, GoogleEnableWizard> = envelope(200, '2fa_google', v.object({ key: base32Key }), NOT_DONE);
export const SmsEnableSchema: v.GenericSchema<unknown, SmsEnableWizard> = envelope(200, '2fa_sms_phone_create', v.null(), NOT_DONE);
export const GoogleDisableSchema: v.GenericSchema<unknown, GoogleDisableWizard> = envelope(200, '2fa_google', v.null(), EITHER);
export const SmsDisableSchema: v.GenericSchema<unknown, SmsDisableWizard> = envelope(200, '2fa_sms', v.null(), EITHER);

const PhoneStepDataSchema: v.GenericSchema<unknown, PhoneStepData> = v.object({
  status: v.number(),
  sent: count,
  expiredAt: timestamp,
  sentAt: timestamp,
  recipient: v.object({ class: text, phone: text, template: text, data: v.unknown(), type: v.number(), method: text }),
});
export const PhoneStepSchema: v.GenericSchema<unknown, PhoneStep> = envelope(200, 'phone', PhoneStepDataSchema, NOT_DONE);
export const WizardFinishedSchema: v.GenericSchema<unknown, WizardFinished> = envelope(202, TERMINATE_WORKFLOW, v.strictTuple([]), DONE);

export const ChallengeSchema: v.GenericSchema<unknown, Challenge> = v.object({
  token: nonEmpty,
  provider: v.picklist(['google', 'sms', 'email']),
  expiresAt: timestamp,
});

/** The seed's example names the field `token`, its text `successToken`: both are read, as `token`. */
export const SuccessTokenSchema: v.GenericSchema<unknown, SuccessToken> = v.union([
  v.object({ token: nonEmpty, expiresAt: timestamp }),
  v.pipe(
    v.object({ successToken: nonEmpty, expiresAt: timestamp }),
    v.transform(({ successToken, expiresAt }) => ({ token: successToken, expiresAt })),
  ),
]);

export const ChangeRecordSchema: v.GenericSchema<unknown, ChangeRecord> = v.object({
  id: v.pipe(v.number(), v.integer()),
  provider,
  isEnabled: v.boolean(),
  time: v.nullable(timestamp),
});
export const ChangeListSchema: v.GenericSchema<unknown, ChangeList> = v.object({ total: count, data: v.array(ChangeRecordSchema) });
