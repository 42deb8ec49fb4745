import { randomUUID } from 'node:crypto';
import { formatOffsetTime } from './clock';
import { ApiError, invalidCode, notFound, unauthorized } from './errors';
import { LIMITS } from './limits';
import type { BusinessProcess, Challenge, ChallengeProvider, Client } from './model';
import { assertCodeMatches, sendCode } from './one-time-codes';
import { findClientByEmail, type SandboxState } from './state';
import { acceptGoogleCode } from './google-codes';

/**
 * 2FA challenges for an operation (seed: "Complete the initiated 2FA procedure"; docs/b2core-api.md:
 * `provider` is `google` when Google Authenticator is enabled, else `sms`, else `email`).
 */
function providerFor(client: Client): ChallengeProvider {
  if (client.google) return 'google';
  if (client.smsEnabled && client.phone) return 'sms';
  return 'email';
}

function view(challenge: Challenge) {
  return { token: challenge.token, provider: challenge.provider, expiresAt: formatOffsetTime(challenge.expiresAt) };
}

function create(state: SandboxState, client: Client | null, authorized: boolean, businessProcess: BusinessProcess, provider: ChallengeProvider): Challenge {
  const challenge: Challenge = {
    token: randomUUID(),
    clientId: client?.id ?? null,
    authorized,
    businessProcess,
    provider,
    expiresAt: state.clock.now() + LIMITS.challengeMs,
    code: null,
    done: false,
  };
  if (client && provider !== 'google') {
    const purpose = businessProcess === 'changePassword' ? 'change your password' : 'restore your password';
    challenge.code = sendCode(state, provider, provider === 'sms' ? (client.phone ?? '') : client.email, purpose);
  }
  state.challenges.set(challenge.token, challenge);
  return challenge;
}

/** `GET 2fa/challenge?businessProcess=changePassword` (signed in). */
export function startAuthorizedChallenge(state: SandboxState, client: Client, businessProcess: BusinessProcess) {
  return view(create(state, client, true, businessProcess, providerFor(client)));
}

/**
 * `GET 2fa/unauthorized/challenge?email=…&businessProcess=restorePassword`. An unknown email gets a
 * challenge of the same shape that can never succeed, so the answer does not reveal who is a client.
 */
export function startUnauthorizedChallenge(state: SandboxState, email: string, businessProcess: BusinessProcess) {
  const client = findClientByEmail(state, email) ?? null;
  return view(create(state, client, false, businessProcess, client ? providerFor(client) : 'email'));
}

/** `POST 2fa/challenge`: the right code turns the challenge into a single-use success token. */
export async function completeChallenge(
  state: SandboxState,
  input: { token: string; code: string },
  caller: Client | null,
): Promise<{ token: string; expiresAt: string }> {
  const challenge = state.challenges.get(input.token);
  if (!challenge || challenge.done || state.clock.now() >= challenge.expiresAt) throw notFound('The challenge', 'token');
  if (challenge.authorized) {
    if (!caller) throw unauthorized();
    if (caller.id !== challenge.clientId) throw new ApiError(403, 'forbidden', 'This challenge belongs to another client.');
  }
  const limitKey = challenge.clientId === null ? `code:unknown:${challenge.token}` : `code:${challenge.clientId}`;
  const client = await state.limiter.attempt(limitKey, async () => {
    const owner = challenge.clientId === null ? undefined : state.clients.get(challenge.clientId);
    if (!owner) throw invalidCode();
    if (challenge.provider !== 'google') {
      assertCodeMatches(state, challenge.code, input.code);
      return owner;
    }
    await acceptGoogleCode(state, owner, input.code);
    return owner;
  });
  challenge.done = true;
  const token = randomUUID();
  const expiresAt = state.clock.now() + LIMITS.successTokenMs;
  state.successTokens.set(token, { token, clientId: client.id, businessProcess: challenge.businessProcess, expiresAt, used: false });
  return { token, expiresAt: formatOffsetTime(expiresAt) };
}

/** Spends a success token on the operation it was issued for; 403 otherwise. */
export function spendSuccessToken(state: SandboxState, token: string | undefined, businessProcess: BusinessProcess): Client {
  const record = token ? state.successTokens.get(token) : undefined;
  const client = record ? state.clients.get(record.clientId) : undefined;
  if (!record || !client || record.used || record.businessProcess !== businessProcess || state.clock.now() >= record.expiresAt) {
    throw new ApiError(403, 'invalid_success_token', 'The confirmation is missing, used or expired. Confirm with a 2FA code again.', [
      { field: 'successToken', issue: 'invalid' },
    ]);
  }
  record.used = true;
  return client;
}
