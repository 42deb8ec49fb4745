import { t } from './translate';

/**
 * Counted text through CLDR plural rules (`Intl.PluralRules`): a counted message is a family of keys
 * `<base>_<category>`, one per category the language has — English `one`/`other`, Russian and Polish
 * `one`/`few`/`many`/`other`, Arabic all six, Chinese or Japanese `other` only. The locale test holds
 * every language to exactly its own categories, so the keys differ by language on purpose.
 */
export type PluralCategory = Intl.LDMLPluralRule;

const rules = new Map<string, Intl.PluralRules>();

export function pluralCategory(n: number, lang: string): PluralCategory {
  let rule = rules.get(lang);
  if (!rule) {
    try {
      rule = new Intl.PluralRules(lang);
    } catch {
      rule = new Intl.PluralRules('en'); // a malformed tag in a messages file must not break the page
    }
    rules.set(lang, rule);
  }
  return rule.select(n);
}

/** The categories `lang` needs keys for (`other` is always among them). */
export function pluralCategories(lang: string): PluralCategory[] {
  return [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
}

/**
 * `plural(n, 'popup_search', n)`: the text of `<base>_<category of n>` with `values` filled in.
 * The category follows the language the messages are in (`common_lang`, defined by each language's
 * own messages): the browser may fall back to English under another UI language, and the form must
 * follow the words shown.
 */
export function plural(n: number, base: string, ...values: Array<string | number>): string {
  const key = `${base}_${pluralCategory(n, t('common_lang'))}`;
  const text = t(key, ...values);
  return text === key ? t(`${base}_other`, ...values) : text;
}
