export { createMessenger } from './client';
export {
  AUTOFILL_MODES,
  CONTENT_MESSAGES,
  PAGE_MESSAGES,
  type AccountInfo,
  type ClockOffsetView,
  type ContentType,
  type Message,
  type MessageError,
  type MessageErrorKind,
  type MessageType,
  type PageType,
  type PolicyView,
  type Reply,
  type ReplyOf,
  type RequestOf,
  type SecurityState,
  type Settings,
} from './protocol';
export { createRouter, type ContentHandlers, type PageHandlers, type RouterDeps } from './router';
export { classifySender, type Sender, type SenderKind, type SenderPolicy, type SenderProblem } from './sender';
export { fillRequest, isFillRequest, type FillRequest, type FillTarget } from './tab-message';
export { FILL_REASONS, isFillReason, type CodeReason, type FillReason } from './fill-reason';
