import { invalidCode } from './errors';
import type { Client } from './model';
import type { SandboxState } from './state';
import { checkTotp } from './totp';

/**
 * Accepts a code from the client's enabled authenticator and remembers its time step, so that the
 * same code is never accepted again (RFC 6238 §5.2). Throws 422 `invalid_code` otherwise.
 */
export async function acceptGoogleCode(state: SandboxState, client: Client, code: string): Promise<void> {
  const google = client.google;
  if (!google) throw invalidCode();
  const check = await checkTotp(google.key, code, state.clock.now(), google.lastStep);
  if (!check.valid) throw invalidCode();
  google.lastStep = check.timeStep;
}
