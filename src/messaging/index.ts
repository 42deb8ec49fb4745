export { createMessenger } from './client';
export {
  CONTENT_MESSAGES,
  PAGE_MESSAGES,
  type ContentType,
  type Message,
  type MessageError,
  type MessageErrorKind,
  type MessageType,
  type PageType,
  type Reply,
  type ReplyOf,
  type RequestOf,
} from './protocol';
export { createRouter, type ContentHandlers, type PageHandlers, type RouterDeps } from './router';
export { classifySender, type Sender, type SenderKind, type SenderPolicy, type SenderProblem } from './sender';
export { fillRequest, isFillRequest, type FillReason, type FillRequest } from './tab-message';
