import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeFragments, toBrowserMessages, type Fragment } from '../src/i18n/messages-file';

/**
 * Reads `locales/<lang>/*.json` (one fragment per UI area, so areas never edit the same file) and
 * gives each language's merged messages. Used by wxt.config.ts to write `_locales/<lang>/messages.json`
 * and by the i18n test to compare languages.
 */
export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'locales');
export const DEFAULT_LOCALE = 'en';

export function languages(dir = LOCALES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function readLanguage(lang: string, dir = LOCALES_DIR): { messages: Fragment; problems: string[]; areas: string[] } {
  const files = readdirSync(join(dir, lang))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const fragments = files.map((file) => ({ name: `${lang}/${file}`, messages: JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Fragment }));
  return { ...mergeFragments(fragments), areas: files.map((f) => f.replace(/\.json$/, '')) };
}

/** `_locales/<lang>/messages.json` for every language, as files for WXT's public assets. */
export function localeAssets(dir = LOCALES_DIR): Array<{ relativeDest: string; contents: string }> {
  return languages(dir).map((lang) => {
    const { messages, problems } = readLanguage(lang, dir);
    if (problems.length) throw new Error(`locales/${lang}: ${problems.join('; ')}`);
    return { relativeDest: `_locales/${lang}/messages.json`, contents: JSON.stringify(toBrowserMessages(messages), null, 1) };
  });
}
