export { applyEffects } from './apply-effects';
export type { CodeReason, DropReason, Effect } from './effects';
export { canonicalSecret, ExchangeSchema, PageReportSchema, type Exchange, type PageReport } from './exchange';
export { acceptedCode, activation, pendingFor, PLACEHOLDER_LABEL, stagedAccount, type StageInput } from './lifecycle';
export { CAPTURE_ROUTES, CAPTURE_SPEC, pickFields, REQUEST_FIELDS, RESPONSE_FIELDS, specOf, type RouteSpec } from './routes';
export { isCaptureRoute, reduceCapture, type CaptureContext, type CaptureOutcome } from './reducer';
export { accountForClient, accountForEmail, belongsTo, onlyAccount, sameClient, unboundAccount, type Identity, type Selection } from './select-account';
export { emptyCaptureState, type CaptureState, type OriginCapture, type SignInSeen } from './state';
