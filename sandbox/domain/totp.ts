import { createGuardrails, generate, generateSecret, verify } from 'otplib';

/**
 * Google Authenticator codes as B2Core checks them (docs/b2core-api.md "Codes" [ours]):
 * RFC 6238 TOTP, SHA-1, 6 digits, 30 s steps, ±1 step accepted, and no time step accepted twice
 * for a key (RFC 6238 §5.2) — the caller keeps the last accepted step.
 */
const PERIOD = 30;

// B2Core keys are 10 bytes (16 base32 characters); otplib's default floor is 16 bytes.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

/** A new key shaped like the seed's `TPYXG33M4LOHFJHB`: 10 random bytes, 16 base32 characters. */
export function newGoogleKey(): string {
  return generateSecret({ length: 10 });
}

export type TotpCheck = { valid: true; timeStep: number } | { valid: false };

export async function checkTotp(
  key: string,
  code: string,
  nowMs: number,
  lastAcceptedStep: number | null,
): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(code)) return { valid: false };
  const result = await verify({
    secret: key,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: PERIOD,
    period: PERIOD,
    guardrails,
    ...(lastAcceptedStep === null ? {} : { afterTimeStep: lastAcceptedStep }),
  });
  // otplib's result type covers HOTP too; a TOTP match carries the matched `timeStep`.
  return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
}

/** The code a phone would show at `nowMs`; used by the sandbox's own tests and demo helpers. */
export function totpAt(key: string, nowMs: number): Promise<string> {
  return generate({ secret: key, epoch: Math.floor(nowMs / 1000), period: PERIOD, guardrails });
}
