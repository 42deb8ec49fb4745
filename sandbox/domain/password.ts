import { spendSuccessToken } from './challenge';
import { ApiError } from './errors';
import type { Client } from './model';
import type { SandboxState } from './state';
import { revokeClient } from './tokens';

/**
 * `POST password/change` and `POST password/restore` ([doc] in docs/b2core-api.md): a success token from
 * a completed challenge in the `successToken` header, `{password}` in the body, 204, and the client is
 * signed out everywhere.
 */
export function changePassword(state: SandboxState, caller: Client, successToken: string | undefined, password: string): void {
  const client = spendSuccessToken(state, successToken, 'changePassword');
  if (client.id !== caller.id) throw new ApiError(403, 'forbidden', 'This confirmation belongs to another client.');
  setPassword(state, client, password);
}

export function restorePassword(state: SandboxState, successToken: string | undefined, password: string): void {
  setPassword(state, spendSuccessToken(state, successToken, 'restorePassword'), password);
}

function setPassword(state: SandboxState, client: Client, password: string): void {
  client.password = password;
  revokeClient(state, client.id);
}
