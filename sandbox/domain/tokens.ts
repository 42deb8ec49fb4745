import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { formatOffsetTime } from './clock';
import { unauthorized } from './errors';
import { LIMITS } from './limits';
import type { Client, TokenRecord } from './model';
import type { SandboxState } from './state';

/**
 * Access and refresh tokens shaped like B2Core's (JWTs whose `sub` is the client id, seed
 * `2fa/google` example), signed HS256 with a per-start secret and tracked so that signout,
 * refresh rotation and a password change can revoke them.
 */
export interface TokenView {
  token: string;
  createdAt: string;
  expiresAt: string;
}

export interface TokenPair {
  accessToken: TokenView;
  refreshToken: TokenView;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function sign(state: SandboxState, input: string): string {
  return createHmac('sha256', state.tokenSecret).update(input).digest('base64url');
}

function issue(state: SandboxState, client: Client, kind: TokenRecord['kind'], sessionId: string, issuer: string): TokenView {
  const now = state.clock.now();
  const lifetime = kind === 'access' ? LIMITS.accessTokenMs : LIMITS.refreshTokenMs;
  const record: TokenRecord = { jti: randomUUID(), clientId: client.id, kind, sessionId, expiresAt: now + lifetime, revoked: false };
  state.tokens.set(record.jti, record);
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = b64url(
    JSON.stringify({
      sub: String(client.id),
      iat: Math.floor(now / 1000),
      exp: Math.floor(record.expiresAt / 1000),
      iss: issuer,
      jti: record.jti,
      typ: kind,
    }),
  );
  const signature = sign(state, `${header}.${payload}`);
  return { token: `${header}.${payload}.${signature}`, createdAt: formatOffsetTime(now), expiresAt: formatOffsetTime(record.expiresAt) };
}

export function issuePair(state: SandboxState, client: Client, issuer: string): TokenPair {
  const sessionId = randomUUID();
  return {
    accessToken: issue(state, client, 'access', sessionId, issuer),
    refreshToken: issue(state, client, 'refresh', sessionId, issuer),
  };
}

/** The live record behind a token of the wanted kind, or a 401. */
export function verifyToken(state: SandboxState, token: string, kind: TokenRecord['kind']): TokenRecord {
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized();
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(state, `${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw unauthorized();
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw unauthorized();
  }
  const jti = typeof claims === 'object' && claims !== null ? (claims as { jti?: unknown }).jti : undefined;
  const record = typeof jti === 'string' ? state.tokens.get(jti) : undefined;
  if (!record || record.kind !== kind || record.revoked || state.clock.now() >= record.expiresAt) throw unauthorized();
  if (!state.clients.has(record.clientId)) throw unauthorized();
  return record;
}

export function revokeSession(state: SandboxState, sessionId: string): void {
  for (const record of state.tokens.values()) if (record.sessionId === sessionId) record.revoked = true;
}

export function revokeClient(state: SandboxState, clientId: number): void {
  for (const record of state.tokens.values()) if (record.clientId === clientId) record.revoked = true;
}
