import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fragmentSource, KEY_PATTERN, mergeFragments, substitute, t, toBrowserMessages } from '../../../src/i18n';
import { DEFAULT_LOCALE, languages, localeAssets, readLanguage } from '../../../scripts/locales';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every `t('key'…)` in src/ and entrypoints/: keys must be literals so this check sees them all. */
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'entrypoints'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*(['"`])([^'"`]*)\1/g)) used.set(match[2]!, relative(ROOT, file));
  }
  return used;
}

describe('locales', () => {
  it('has English and Russian, and every language has exactly the English keys', () => {
    expect(languages()).toEqual(expect.arrayContaining(['en', 'ru']));
    const en = readLanguage(DEFAULT_LOCALE);
    expect(en.problems).toEqual([]);
    for (const lang of languages()) {
      const other = readLanguage(lang);
      expect(other.problems, lang).toEqual([]);
      expect(other.areas, `${lang} has the same area files`).toEqual(en.areas);
      const missing = Object.keys(en.messages).filter((k) => !(k in other.messages));
      const extra = Object.keys(other.messages).filter((k) => !(k in en.messages));
      expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
      for (const [key, text] of Object.entries(en.messages)) {
        const slots = (s: string) => [...s.matchAll(/\$([1-9])/g)].map((m) => m[1]).sort();
        expect(slots(other.messages[key]!), `${lang}:${key} uses the same $n values`).toEqual(slots(text));
      }
    }
  });

  it('defines every key the code uses (a missing key fails here, not on a person’s screen)', () => {
    const en = readLanguage(DEFAULT_LOCALE).messages;
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter(([key]) => !(key in en)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('builds valid browser messages files with named placeholders', () => {
    const built = toBrowserMessages({ a: 'Signed in as $1 on $2', b: 'Plain' });
    expect(built).toEqual({
      a: { message: 'Signed in as $P1$ on $P2$', placeholders: { p1: { content: '$1' }, p2: { content: '$2' } } },
      b: { message: 'Plain' },
    });
    const assets = localeAssets();
    expect(assets.map((a) => a.relativeDest).sort()).toEqual(languages().map((l) => `_locales/${l}/messages.json`));
    for (const asset of assets) for (const key of Object.keys(JSON.parse(asset.contents))) expect(key).toMatch(KEY_PATTERN);
  });

  it('refuses bad keys, empty texts and a key claimed by two areas', () => {
    const { problems } = mergeFragments([
      { name: 'a.json', messages: { ok_key: 'x', 'Bad-Key': 'y', empty: ' ' } },
      { name: 'b.json', messages: { ok_key: 'z' } },
    ]);
    expect(problems).toEqual(['a.json: "Bad-Key" is not a valid message key', 'a.json: "empty" has no text', 'b.json: "ok_key" is already defined in a.json']);
  });

  it('substitutes values and shows the key itself when a text is missing', () => {
    expect(substitute('$2 before $1', ['a', 'b'])).toBe('b before a');
    expect(fragmentSource({ hi: 'Hi $1' })('hi', ['Ann'])).toBe('Hi Ann');
    expect(t('options_sites_title')).toBe('Sites');
    expect(t('no_such_key_here')).toBe('no_such_key_here');
  });
});
