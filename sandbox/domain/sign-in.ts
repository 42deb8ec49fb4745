import { randomUUID } from 'node:crypto';
import { envelope, type Envelope } from './envelope';
import { ApiError, notFound, outOfOrder } from './errors';
import { LIMITS } from './limits';
import type { Client, Provider, SignInSession } from './model';
import { assertCodeMatches, sendCode } from './one-time-codes';
import { findClientByEmail, type SandboxState } from './state';
import { issuePair, revokeSession, verifyToken, type TokenPair } from './tokens';
import { acceptGoogleCode } from './google-codes';

/**
 * The sign-in procedure: `GET signin/wizard` → `POST signin` → (`POST signin/2fa` when both
 * methods are enabled) → `POST 2fa/google` or `POST 2fa/sms` → tokens (docs/b2core-api.md, "Neighbouring
 * endpoints" and the seed's first three endpoints).
 */
export function startSignIn(state: SandboxState): Envelope {
  const session: SignInSession = { uuid: randomUUID(), createdAt: state.clock.now(), state: 'started', clientId: null, smsCode: null };
  state.signIns.set(session.uuid, session);
  return envelope(
    202,
    { recaptcha: { enabled: false }, is_qr_available: false, is_password_recovery_available: true },
    true,
    session.uuid,
    'login',
  );
}

function liveSession(state: SandboxState, uuid: string): SignInSession {
  const session = state.signIns.get(uuid);
  if (!session || state.clock.now() - session.createdAt > LIMITS.signInSessionMs) throw notFound('The sign-in session', 'uuid');
  return session;
}

function sessionClient(state: SandboxState, session: SignInSession): Client {
  const client = session.clientId === null ? undefined : state.clients.get(session.clientId);
  if (!client) throw notFound('The sign-in session', 'uuid');
  return client;
}

function finish(state: SandboxState, session: SignInSession, client: Client, issuer: string): Envelope<TokenPair> {
  session.state = 'done';
  return envelope(202, issuePair(state, client, issuer), true, session.uuid, 'login');
}

function askForSms(state: SandboxState, session: SignInSession, client: Client): void {
  session.state = '2fa_sms_auth';
  session.smsCode = sendCode(state, 'sms', client.phone ?? '', 'sign in');
}

export async function signIn(
  state: SandboxState,
  input: { uuid: string; email: string; password: string },
  issuer: string,
): Promise<Envelope> {
  const session = liveSession(state, input.uuid);
  if (session.state !== 'started') throw outOfOrder('This sign-in session has already passed the password step.');
  const client = await state.limiter.attempt(`signin:${input.email.trim().toLowerCase()}`, () => {
    const found = findClientByEmail(state, input.email);
    if (!found || found.password !== input.password) {
      throw new ApiError(422, 'invalid_credentials', 'The email or password is wrong.', [{ field: 'password', issue: 'does not match' }]);
    }
    return found;
  });
  session.clientId = client.id;
  const google = client.google !== null;
  if (google && client.smsEnabled) {
    session.state = '2fa_choose';
    return envelope(200, { providers: ['google', 'sms'] }, false, session.uuid, '2fa_choose');
  }
  if (google) {
    session.state = '2fa_google_auth';
    return envelope(200, null, false, session.uuid, '2fa_google_auth');
  }
  if (client.smsEnabled) {
    askForSms(state, session, client);
    return envelope(200, null, false, session.uuid, '2fa_sms_auth');
  }
  return finish(state, session, client, issuer);
}

/** `POST signin/2fa`: only after `2fa_choose`. */
export function chooseMethod(state: SandboxState, input: { uuid: string; type: Provider }): Envelope<null> {
  const session = liveSession(state, input.uuid);
  if (session.state !== '2fa_choose') throw outOfOrder('A 2FA method can be chosen only when the sign-in asks for a choice.');
  const client = sessionClient(state, session);
  if (input.type === 'google') {
    session.state = '2fa_google_auth';
    return envelope(200, null, false, session.uuid, '2fa_google_auth');
  }
  askForSms(state, session, client);
  return envelope(200, null, false, session.uuid, '2fa_sms_auth');
}

/** `POST 2fa/google` during sign-in. */
export async function completeGoogle(
  state: SandboxState,
  input: { uuid: string; code: string },
  issuer: string,
): Promise<Envelope<TokenPair>> {
  const session = liveSession(state, input.uuid);
  if (session.state !== '2fa_google_auth') throw outOfOrder('This sign-in session is not waiting for an authenticator code.');
  const client = sessionClient(state, session);
  await state.limiter.attempt(`code:${client.id}`, () => acceptGoogleCode(state, client, input.code));
  return finish(state, session, client, issuer);
}

/** `POST 2fa/sms` during sign-in. */
export async function completeSms(state: SandboxState, input: { uuid: string; code: string }, issuer: string): Promise<Envelope<TokenPair>> {
  const session = liveSession(state, input.uuid);
  if (session.state !== '2fa_sms_auth') throw outOfOrder('This sign-in session is not waiting for an SMS code.');
  const client = sessionClient(state, session);
  await state.limiter.attempt(`code:${client.id}`, () => assertCodeMatches(state, session.smsCode, input.code));
  session.smsCode = null;
  return finish(state, session, client, issuer);
}

/** `POST refresh` [ours]: a new pair; the old refresh token stops working (rotation). */
export function refresh(state: SandboxState, refreshToken: string, issuer: string): Envelope<TokenPair> {
  const record = verifyToken(state, refreshToken, 'refresh');
  const client = state.clients.get(record.clientId)!;
  revokeSession(state, record.sessionId);
  return envelope(202, issuePair(state, client, issuer), true, randomUUID(), 'login');
}
