import { substitute, type Fragment } from './messages-file';

/**
 * `t(key, ...values)`: every piece of UI text goes through here, and so through the browser's
 * `i18n.getMessage` (the `_locales` built from `locales/`). The source is swappable so unit tests
 * (no browser) read the English fragments directly.
 */
export type MessageSource = (key: string, substitutions: string[]) => string;

const nativeSource: MessageSource = (key, substitutions) => {
  const scope = globalThis as { browser?: { i18n?: { getMessage?: MessageSource } }; chrome?: { i18n?: { getMessage?: MessageSource } } };
  // Called as a method of its namespace: a detached API function may need its `this`.
  const i18n = scope.chrome?.i18n?.getMessage ? scope.chrome.i18n : scope.browser?.i18n;
  return i18n?.getMessage ? i18n.getMessage(key, substitutions) : '';
};

let source: MessageSource = nativeSource;

/** The text for `key`; the key itself when it is missing, so a gap shows instead of a blank (and a test fails on it). */
export function t(key: string, ...values: Array<string | number>): string {
  const subs = values.map(String);
  return source(key, subs) || key;
}

export function setMessageSource(next: MessageSource): void {
  source = next;
}

/** A source over plain fragments (tests, the sandbox of a story). */
export function fragmentSource(messages: Fragment): MessageSource {
  return (key, subs) => (Object.hasOwn(messages, key) ? substitute(messages[key]!, subs) : '');
}
