export { applyEffects } from './apply-effects';
export type { CodeReason, DropReason, Effect } from './effects';
export { canonicalSecret, ExchangeSchema, type Exchange } from './exchange';
export { isCaptureRoute, reduceCapture, type CaptureContext, type CaptureOutcome } from './reducer';
export { belongsTo, selectAccount, type Identity, type Selection } from './select-account';
export { emptyCaptureState, type CaptureState, type OriginCapture } from './state';
