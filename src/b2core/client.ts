import * as v from 'valibot';
import { changesQueryString, type ChangesQuery } from './changes-query';
import { createClockOffsetTracker, type ClockOffsetEstimate } from './clock-offset';
import { encodeDeviceFingerprint, type DeviceInfo } from './device-fingerprint';
import type { ApiResult } from './result';
import { sendEmpty, sendJson, type FetchLike, type Transport } from './request';
import {
  ChallengeSchema,
  ChangeListSchema,
  ChangeRecordSchema,
  ChooseAnswerSchema,
  GoogleDisableSchema,
  GoogleEnableSchema,
  LoginSchema,
  PhoneStepSchema,
  SignInAnswerSchema,
  SignInWizardSchema,
  SmsDisableSchema,
  SmsEnableSchema,
  SuccessTokenSchema,
  TwoFactorMethodSchema,
  TwoFactorStatusSchema,
  WizardFinishedSchema,
  type Challenge,
  type ChangeList,
  type ChangeRecord,
  type GoogleDisableWizard,
  type GoogleEnableWizard,
  type PhoneStep,
  type SignInWizard,
  type SmsDisableWizard,
  type SmsEnableWizard,
  type SuccessToken,
  type TokenPair,
  type TwoFactorMethod,
  type TwoFactorStatus,
  type TwoFactorType,
  type WizardFinished,
} from './schemas';
import { signInOutcome, type CodeWanted, type SignedIn, type SignInOutcome } from './sign-in-outcome';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface B2CoreClientOptions {
  /** The B2Core origin, e.g. `https://my.broker.com` or `http://127.0.0.1:8787`; paths go under `/api/v2/my/`. */
  origin: string;
  /** The context's `fetch`; it is called unbound. */
  fetch: FetchLike;
  /** Local time in ms (`Date.now` in production); used to measure the server's clock. */
  now: () => number;
  /** Per request, body included; the answer is a `timeout` error after it. Default 15 s. */
  timeoutMs?: number;
  /** A saved estimate to start from (the worker may have been restarted); answers refine it. */
  clockOffset?: ClockOffsetEstimate | null;
}

export interface SignInInput {
  /** The session `uuid` from {@link B2CoreClient.signInWizard}. */
  uuid: string;
  email: string;
  password: string;
  /** A user agent, encoded here, or an already encoded `device_fingerprint`. */
  deviceFingerprint: DeviceInfo | string;
}

export type EnableWizard<T extends TwoFactorType> = T extends 'google' ? GoogleEnableWizard : SmsEnableWizard;
export type DisableWizard<T extends TwoFactorType> = T extends 'google' ? GoogleDisableWizard : SmsDisableWizard;

/**
 * A typed client for every endpoint of docs/b2core-api.md. Every method answers an {@link ApiResult}:
 * it never throws, and no error it answers holds a password, key, token or code.
 */
export interface B2CoreClient {
  /** `GET signin/wizard` ([doc]): starts a sign-in; `uuid` names the session. */
  signInWizard(): Promise<ApiResult<SignInWizard>>;
  /** `POST signin` ([doc]/[ours]): signed in, a code wanted, or a choice of method. */
  signIn(input: SignInInput): Promise<ApiResult<SignInOutcome>>;
  /** `POST signin/2fa` (seed: "Choose a 2FA method"), after `choose_method`. For SMS, a code is sent. */
  chooseMethod(input: { uuid: string; type: TwoFactorType }): Promise<ApiResult<CodeWanted>>;
  /** `POST 2fa/google` (seed: "Use Google Authenticator to secure access to the B2Core UI"). */
  completeGoogle(input: { uuid: string; code: string }): Promise<ApiResult<SignedIn>>;
  /** `POST 2fa/sms` (seed: "Use an SMS code to secure access to the B2Core UI"). */
  completeSms(input: { uuid: string; code: string }): Promise<ApiResult<SignedIn>>;
  /** `POST refresh` ([doc]/[ours]): a new pair; the old refresh token stops working. */
  refresh(refreshToken: string): Promise<ApiResult<TokenPair>>;
  /** `POST signout` ([doc]/[ours]): 204, and the pair stops working. */
  signOut(accessToken: string): Promise<ApiResult<void>>;
  /** `GET 2fa` (seed: "Check 2FA status"). */
  twoFactorStatus(accessToken: string): Promise<ApiResult<TwoFactorStatus>>;
  /** `GET 2fa/{type}` (seed: "Get 2FA method details"). */
  twoFactorMethod(accessToken: string, type: TwoFactorType): Promise<ApiResult<TwoFactorMethod>>;
  /** `GET 2fa/{type}/enable/wizard` (seed: "Initialize a wizard for enabling 2FA"): Google answers `data.key`. */
  startEnable<T extends TwoFactorType>(accessToken: string, type: T): Promise<ApiResult<EnableWizard<T>>>;
  /** `GET 2fa/{type}/disable/wizard` (seed: "Initialize a wizard for disabling 2FA"). For SMS, a code is sent. */
  startDisable<T extends TwoFactorType>(accessToken: string, type: T): Promise<ApiResult<DisableWizard<T>>>;
  /** `POST 2fa/wizard` `{uuid, phone}` (seed: "Enable 2FA with SMS", step 1): a code is sent to the phone. */
  submitPhone(accessToken: string, input: { uuid: string; phone: string }): Promise<ApiResult<PhoneStep>>;
  /**
   * `POST 2fa/wizard` `{uuid, action: "code", code, key?}` (seed: "Enable 2FA with Google
   * Authenticator", "Enable 2FA with SMS" step 2, "Disable 2FA"); `key` only when enabling Google.
   */
  submitCode(accessToken: string, input: { uuid: string; code: string; key?: string }): Promise<ApiResult<WizardFinished>>;
  /** `GET 2fa/challenge?businessProcess=changePassword` ([doc]/[ours]). */
  startChallenge(accessToken: string, businessProcess: 'changePassword'): Promise<ApiResult<Challenge>>;
  /** `GET 2fa/unauthorized/challenge?email=…&businessProcess=restorePassword` ([ours]). */
  startUnauthorizedChallenge(email: string, businessProcess: 'restorePassword'): Promise<ApiResult<Challenge>>;
  /** `POST 2fa/challenge` (seed: "Complete the initiated 2FA procedure"); the bearer for signed-in challenges. */
  completeChallenge(input: { token: string; code: string }, accessToken?: string): Promise<ApiResult<SuccessToken>>;
  /** `POST password/change` ([doc]): the success token as the `successToken` header; the client is signed out. */
  changePassword(accessToken: string, successToken: string, password: string): Promise<ApiResult<void>>;
  /** `POST password/restore` ([ours]). */
  restorePassword(successToken: string, password: string): Promise<ApiResult<void>>;
  /** `GET 2fa/changes` (seed: "Get 2FA change history"); `total` counts every match before paging. */
  listChanges(accessToken: string, query?: ChangesQuery): Promise<ApiResult<ChangeList>>;
  /** `GET 2fa/changes/{changeId}` (seed: "Get 2FA change details"). */
  getChange(accessToken: string, id: number): Promise<ApiResult<ChangeRecord>>;
  /** Server time minus local time in ms, from the `Date` of every answer so far; 0 before any. */
  clockOffsetMs(): number;
  /** The estimate behind {@link clockOffsetMs} with its bounds, to save or inspect; null before any answer. */
  clockOffset(): ClockOffsetEstimate | null;
}

const SignInSchema = v.pipe(SignInAnswerSchema, v.transform((envelope) => signInOutcome(envelope)));
const ChooseSchema = v.pipe(ChooseAnswerSchema, v.transform((envelope) => signInOutcome(envelope)));
const SignedInSchema = v.pipe(LoginSchema, v.transform((envelope) => signInOutcome(envelope)));
const RefreshSchema = v.pipe(LoginSchema, v.transform((envelope) => envelope.data));

const segment = (value: string | number) => encodeURIComponent(String(value));

export function createB2CoreClient(options: B2CoreClientOptions): B2CoreClient {
  const clock = createClockOffsetTracker(options.clockOffset ?? null);
  const t: Transport = {
    origin: options.origin,
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    clock,
  };

  return {
    signInWizard: () => sendJson(t, { method: 'GET', path: 'signin/wizard' }, SignInWizardSchema),

    signIn: ({ uuid, email, password, deviceFingerprint }) => {
      const device_fingerprint = typeof deviceFingerprint === 'string' ? deviceFingerprint : encodeDeviceFingerprint(deviceFingerprint);
      const body = { uuid, email, password, device_fingerprint };
      return sendJson(t, { method: 'POST', path: 'signin', body, secrets: [password, uuid] }, SignInSchema);
    },

    // The sign-in `uuid` alone authenticates the steps after the password: it is kept out of errors too.
    chooseMethod: ({ uuid, type }) => sendJson(t, { method: 'POST', path: 'signin/2fa', body: { uuid, type }, secrets: [uuid] }, ChooseSchema),

    completeGoogle: ({ uuid, code }) =>
      sendJson(t, { method: 'POST', path: '2fa/google', body: { uuid, code }, secrets: [code, uuid] }, SignedInSchema),

    completeSms: ({ uuid, code }) =>
      sendJson(t, { method: 'POST', path: '2fa/sms', body: { uuid, code }, secrets: [code, uuid] }, SignedInSchema),

    refresh: (refreshToken) =>
      sendJson(t, { method: 'POST', path: 'refresh', body: { refreshToken }, secrets: [refreshToken] }, RefreshSchema),

    signOut: (accessToken) => sendEmpty(t, { method: 'POST', path: 'signout', bearer: accessToken }),

    twoFactorStatus: (accessToken) => sendJson(t, { method: 'GET', path: '2fa', bearer: accessToken }, TwoFactorStatusSchema),

    twoFactorMethod: (accessToken, type) =>
      sendJson(t, { method: 'GET', path: `2fa/${segment(type)}`, bearer: accessToken }, TwoFactorMethodSchema),

    startEnable: <T extends TwoFactorType>(accessToken: string, type: T) => {
      // The schema follows `type`; a server that answers the other method's workflow fails it.
      const schema = (type === 'google' ? GoogleEnableSchema : SmsEnableSchema) as v.GenericSchema<unknown, EnableWizard<T>>;
      return sendJson(t, { method: 'GET', path: `2fa/${segment(type)}/enable/wizard`, bearer: accessToken }, schema);
    },

    startDisable: <T extends TwoFactorType>(accessToken: string, type: T) => {
      const schema = (type === 'google' ? GoogleDisableSchema : SmsDisableSchema) as v.GenericSchema<unknown, DisableWizard<T>>;
      return sendJson(t, { method: 'GET', path: `2fa/${segment(type)}/disable/wizard`, bearer: accessToken }, schema);
    },

    submitPhone: (accessToken, { uuid, phone }) =>
      sendJson(t, { method: 'POST', path: '2fa/wizard', bearer: accessToken, body: { uuid, phone } }, PhoneStepSchema),

    submitCode: (accessToken, { uuid, code, key }) => {
      const body = key === undefined ? { uuid, action: 'code', code } : { uuid, action: 'code', code, key };
      return sendJson(t, { method: 'POST', path: '2fa/wizard', bearer: accessToken, body, secrets: [code, key] }, WizardFinishedSchema);
    },

    startChallenge: (accessToken, businessProcess) =>
      sendJson(t, { method: 'GET', path: `2fa/challenge?businessProcess=${segment(businessProcess)}`, bearer: accessToken }, ChallengeSchema),

    startUnauthorizedChallenge: (email, businessProcess) =>
      sendJson(
        t,
        { method: 'GET', path: `2fa/unauthorized/challenge?email=${segment(email)}&businessProcess=${segment(businessProcess)}` },
        ChallengeSchema,
      ),

    completeChallenge: ({ token, code }, accessToken) =>
      sendJson(
        t,
        { method: 'POST', path: '2fa/challenge', bearer: accessToken, body: { token, code }, secrets: [token, code] },
        SuccessTokenSchema,
      ),

    changePassword: (accessToken, successToken, password) =>
      sendEmpty(t, { method: 'POST', path: 'password/change', bearer: accessToken, successToken, body: { password }, secrets: [password] }),

    restorePassword: (successToken, password) =>
      sendEmpty(t, { method: 'POST', path: 'password/restore', successToken, body: { password }, secrets: [password] }),

    listChanges: (accessToken, query) =>
      sendJson(t, { method: 'GET', path: `2fa/changes${changesQueryString(query)}`, bearer: accessToken }, ChangeListSchema),

    getChange: (accessToken, id) => sendJson(t, { method: 'GET', path: `2fa/changes/${segment(id)}`, bearer: accessToken }, ChangeRecordSchema),

    clockOffsetMs: () => clock.estimate()?.offsetMs ?? 0,
    clockOffset: () => clock.estimate(),
  };
}
