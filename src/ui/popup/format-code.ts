/**
 * A code as people read it: two groups with a space, "123 456" (6 digits), "123 4567" (7) and
 * "1234 5678" (8), as Google Authenticator groups them. The clipboard always gets the bare digits.
 */
export function formatCode(code: string): string {
  if (code.length < 6) return code;
  const split = Math.floor(code.length / 2);
  return `${code.slice(0, split)} ${code.slice(split)}`;
}

/** What stands in for a code not computed yet: the same width, so nothing moves when it arrives. */
export function codePlaceholder(digits: number): string {
  return formatCode('•'.repeat(digits));
}
