import { t } from './translate';

/**
 * Which form a count takes, for the three forms our languages need (CLDR plural rules, integers):
 * Russian (and Ukrainian, Belarusian) "1 аккаунт, 3 аккаунта, 5 аккаунтов" — one / few / many;
 * English and the rest "1 account, 3 accounts" — one / many (the `_few` text equals the `_many` one).
 * Keys come in threes, `<name>_one`, `<name>_few`, `<name>_many`, in every language, so the locale
 * test can compare languages key for key.
 */
export type PluralCategory = 'one' | 'few' | 'many';
export type PluralForms<T> = Record<PluralCategory, T>;

export function pluralCategory(n: number, lang: string): PluralCategory {
  const abs = Math.abs(n);
  if (!/^(ru|uk|be)\b/i.test(lang)) return abs === 1 ? 'one' : 'many';
  // Fractions ("1,5 аккаунта") take the genitive singular, as "few" does.
  if (!Number.isInteger(abs)) return 'few';
  const units = abs % 10;
  const tens = abs % 100;
  if (units === 1 && tens !== 11) return 'one';
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return 'few';
  return 'many';
}

/**
 * The form of `forms` for `n`, in the language the messages are in (`common_lang`, which each
 * language's own messages define: the browser may fall back to English messages under another UI
 * language, and the count must follow the words shown, not the browser's UI).
 */
export function plural<T>(n: number, forms: PluralForms<T>, lang: string = t('common_lang')): T {
  return forms[pluralCategory(n, lang)];
}
