/**
 * Locale fragments → the browser's `_locales/<lang>/messages.json`.
 *
 * Our fragments (`locales/<lang>/<area>.json`) map a key to its text, with `$1`…`$9` where a value
 * goes. The browser's format (chrome.i18n / WebExtensions `i18n`) wants named placeholders, so each
 * `$n` becomes `$Pn$` with a placeholder whose content is `$n`: valid in Chrome and Firefox alike.
 * Keys: ASCII letters, digits and `_` only, as both browsers require.
 */
export type Fragment = Record<string, string>;

export interface BrowserMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

export function toBrowserMessages(messages: Fragment): Record<string, BrowserMessage> {
  const out: Record<string, BrowserMessage> = {};
  for (const [key, text] of Object.entries(messages)) {
    const used = [...new Set([...text.matchAll(/\$([1-9])/g)].map((m) => m[1]!))];
    out[key] = used.length
      ? {
          message: text.replace(/\$([1-9])/g, (_, n: string) => `$P${n}$`),
          placeholders: Object.fromEntries(used.map((n) => [`p${n}`, { content: `$${n}` }])),
        }
      : { message: text };
  }
  return out;
}

/** Joins one language's fragments; a key defined twice is an error (two areas claiming it). */
export function mergeFragments(fragments: ReadonlyArray<{ name: string; messages: Fragment }>): { messages: Fragment; problems: string[] } {
  const messages: Fragment = {};
  const owner: Record<string, string> = {};
  const problems: string[] = [];
  for (const { name, messages: part } of fragments) {
    for (const [key, text] of Object.entries(part)) {
      if (!KEY_PATTERN.test(key)) problems.push(`${name}: "${key}" is not a valid message key`);
      if (typeof text !== 'string' || text.trim() === '') problems.push(`${name}: "${key}" has no text`);
      if (key in owner) problems.push(`${name}: "${key}" is already defined in ${owner[key]}`);
      owner[key] = name;
      messages[key] = text;
    }
  }
  return { messages, problems };
}

/** Fills `$1`…`$9` the way the browser does (for tests and the build's own checks). */
export function substitute(text: string, subs: readonly string[]): string {
  return text.replace(/\$([1-9])/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}
