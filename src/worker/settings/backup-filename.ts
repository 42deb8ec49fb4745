/**
 * `b2core-authenticator-2026-11-28.json` (encrypted) or `.txt` (plain list): the date is the
 * person's local calendar day, the day they will look for in their downloads.
 */
export function backupFilename(format: 'encrypted' | 'otpauth', at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `b2core-authenticator-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.${format === 'encrypted' ? 'json' : 'txt'}`;
}
