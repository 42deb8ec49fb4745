/**
 * Scrubs the secrets a request carried (password, code, key, tokens) out of a sentence the server
 * wrote, so that a server that echoes input cannot leak them into an error, a log line or the UI.
 * Secrets shorter than 4 characters are not searched for: they would blank out ordinary text.
 */
export const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 4;
const MAX_TEXT_LENGTH = 500;

/** Each secret as sent and as it reads inside a JSON string (a server may echo the request body). */
const forms = (secret: string): string[] => {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [secret, escaped];
};

export function redact(text: string, secrets: readonly string[]): string {
  const wanted = secrets
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .flatMap(forms)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of wanted) out = out.split(secret).join(REDACTED);
  return out.length > MAX_TEXT_LENGTH ? `${out.slice(0, MAX_TEXT_LENGTH)}…` : out;
}
