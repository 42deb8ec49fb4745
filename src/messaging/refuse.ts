import { err } from '../result';
import type { MessageErrorKind } from './protocol';

/** A refused request as the protocol answers it: its kind, and a sentence for the person. */
export const refuse = (kind: MessageErrorKind, message: string) => err({ kind, message });
