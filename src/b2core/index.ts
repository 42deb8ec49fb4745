/**
 * The B2Core front-office API client (docs/b2core-api.md and the seed reference):
 * `createB2CoreClient({ origin, fetch, now })`, one method per endpoint, every answer checked with a
 * valibot schema, every failure a {@link B2CoreError} value, the server's clock offset measured.
 */
export { createB2CoreClient, DEFAULT_TIMEOUT_MS } from './client';
export type { B2CoreClient, B2CoreClientOptions, DisableWizard, EnableWizard, SignInInput } from './client';
export type { ApiResult } from './result';
export type {
  B2CoreError,
  B2CoreErrorKind,
  BadResponseError,
  CodeExpiredError,
  ConflictError,
  ErrorDetail,
  ForbiddenError,
  InvalidCodeError,
  InvalidCredentialsError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from './errors';
export type { CodeWanted, SignedIn, SignInOutcome } from './sign-in-outcome';
export { TERMINATE_WORKFLOW } from './schemas';
export type {
  Challenge,
  ChangeList,
  ChangeRecord,
  GoogleDisableWizard,
  GoogleEnableWizard,
  PhoneStep,
  PhoneStepData,
  SignInWizard,
  SignInWizardData,
  SmsDisableWizard,
  SmsEnableWizard,
  SuccessToken,
  Token,
  TokenPair,
  TwoFactorMethod,
  TwoFactorStatus,
  TwoFactorType,
  WizardEnvelope,
  WizardFinished,
} from './schemas';
export type { ChangesQuery, TimeBound } from './changes-query';
export { boundsFromDate, parseHttpDate, refineOffset, type ClockOffsetEstimate } from './clock-offset';
export { encodeDeviceFingerprint, type DeviceInfo } from './device-fingerprint';
export type { FetchLike } from './request';
