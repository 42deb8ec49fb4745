import type { Context } from 'hono';
import { unauthorized } from '../domain/errors';
import type { Client, TokenRecord } from '../domain/model';
import type { SandboxState } from '../domain/state';
import { verifyToken } from '../domain/tokens';

/** The `Authorization: Bearer <accessToken>` of a request, or null when there is none. */
function bearer(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthorized('The Authorization header must be "Bearer <accessToken>".');
  return match[1]!;
}

export interface Caller {
  client: Client;
  token: TokenRecord;
}

/** 401 unless the request carries a live access token. */
export function requireCaller(state: SandboxState, c: Context): Caller {
  const token = bearer(c);
  if (token === null) throw unauthorized();
  const record = verifyToken(state, token, 'access');
  return { client: state.clients.get(record.clientId)!, token: record };
}

/** For endpoints that take a bearer token or none (`POST 2fa/challenge`): a bad token is still a 401. */
export function optionalCaller(state: SandboxState, c: Context): Caller | null {
  return bearer(c) === null ? null : requireCaller(state, c);
}
