import { randomInt } from 'node:crypto';
import { expiredCode, invalidCode } from './errors';
import { LIMITS } from './limits';
import type { OneTimeCode } from './model';
import type { SandboxState } from './state';

/**
 * SMS and email codes (docs/b2core-api.md "Codes" [ours]: 6 digits, valid 5 minutes). Sending means
 * appending to the sandbox outbox, where people and tests read it (`GET /__sandbox/outbox`).
 */
export function sendCode(state: SandboxState, channel: 'sms' | 'email', to: string, purpose: string): OneTimeCode {
  const now = state.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  state.outbox.push({
    to,
    channel,
    code,
    text: `B2Core: ${code} is your code to ${purpose}. It expires in 5 minutes. Do not share it.`,
    sentAt: now,
  });
  return { code, to, sentAt: now, expiresAt: now + LIMITS.oneTimeCodeMs };
}

/** Throws 422 `code_expired` or `invalid_code`; a code is single-use, so callers drop it on success. */
export function assertCodeMatches(state: SandboxState, sent: OneTimeCode | null, code: string): void {
  if (!sent) throw invalidCode();
  if (state.clock.now() >= sent.expiresAt) throw expiredCode();
  if (sent.code !== code) throw invalidCode();
}
