import { generateCode, type CodeOptions } from './generate-code';

/**
 * Whether `code` is the code of `secret` at `epochSeconds` or within `window` time steps either side
 * (RFC 6238 §5.2: one step of tolerance for clock drift and transmission delay). Used by capture to
 * check that the code a page submitted was made from the key it claims to confirm. Never throws:
 * an invalid secret or input simply does not verify.
 */
export async function verifyCode(secret: string, code: string, options: CodeOptions & { window?: number }): Promise<boolean> {
  const digits = options.digits ?? 6;
  if (typeof code !== 'string' || code.length !== digits || !/^\d+$/.test(code)) return false;
  const period = options.period ?? 30;
  const window = options.window ?? 1;
  let matched = false;
  for (let step = -window; step <= window; step++) {
    try {
      const candidate = await generateCode(secret, { ...options, epochSeconds: options.epochSeconds + step * period });
      // Compare every step and every digit, so timing does not tell which step matched.
      let same = candidate.length === code.length ? 0 : 1;
      for (let i = 0; i < code.length; i++) same |= candidate.charCodeAt(i) ^ code.charCodeAt(i);
      matched = matched || same === 0;
    } catch {
      return false;
    }
  }
  return matched;
}
