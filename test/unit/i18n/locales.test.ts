import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fragmentSource, KEY_PATTERN, mergeFragments, plural, pluralCategories, pluralCategory, substitute, t, toBrowserMessages } from '../../../src/i18n';
import { DEFAULT_LOCALE, languages, localeAssets, readLanguage } from '../../../scripts/locales';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The languages, by browser folder, and the BCP 47 tag each one's `common_lang` says. */
const LANGUAGES: Record<string, string> = {
  en: 'en', ru: 'ru', es: 'es', pt_BR: 'pt-BR', ar: 'ar', zh_CN: 'zh-CN', tr: 'tr', vi: 'vi',
  id: 'id', th: 'th', de: 'de', fr: 'fr', it: 'it', ja: 'ja', ko: 'ko', pl: 'pl',
};
/** Languages with a script of their own: every translated text has at least one letter of it. */
const SCRIPTS: Record<string, RegExp> = {
  ru: /\p{Script=Cyrillic}/u,
  ar: /\p{Script=Arabic}/u,
  zh_CN: /\p{Script=Han}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  ko: /\p{Script=Hangul}/u,
  th: /\p{Script=Thai}/u,
};

/** Keys a language writes exactly as English does (product names): `locales/<lang>/same-as-english.txt`. */
function sameAsEnglish(folder: string): string[] {
  const path = join(ROOT, 'locales', folder, 'same-as-english.txt');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

const PLURAL_SUFFIX = /^_(zero|one|two|few|many|other)$/;

/** Counted messages: English has `<base>_one` and `<base>_other` for each. */
function pluralBases(en: Record<string, string>): string[] {
  return Object.keys(en)
    .filter((k) => k.endsWith('_other') && `${k.slice(0, -6)}_one` in en)
    .map((k) => k.slice(0, -6));
}

/** A message's key with its plural suffix taken off (`popup_search_few` → `popup_search`). */
function familyOf(key: string, bases: readonly string[]): string {
  const base = bases.find((b) => key.startsWith(`${b}_`) && PLURAL_SUFFIX.test(key.slice(b.length)));
  return base ?? key;
}

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
    const text = readFileSync(file, 'utf8');
    // `@@…` keys are the browser's own (`@@bidi_dir`), not ours.
    for (const match of text.matchAll(/\bt\(\s*(['"`])([^'"`$@]*)\1/g)) used.set(match[2]!, relative(ROOT, file));
    // A counted message: `plural(n, 'base', …)` reads `base_<category>`; `_other` is in every language.
    for (const match of text.matchAll(/\bplural\([^,()]+(?:\([^()]*\))?[^,()]*,\s*(['"`])([a-z][a-z0-9_]*)\1/g)) used.set(`${match[2]!}_other`, relative(ROOT, file));
  }
  return used;
}

/**
 * Text people read, written in the code instead of going through `t()`: JSX text, text attributes
 * (aria-label, placeholder, title, alt…) whose value is a literal or holds one, and anywhere in
 * src/ui, a string literal that reads like words ("Not copied", "code for …") — except the message
 * of a `new Error(…)` (never shown: the stores show their own text) and the allow-list below.
 */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'title', 'alt', 'label']);
/** Attributes whose values are code, literal or computed. */
const CODE_ATTRIBUTES = new Set(['class', 'className', 'style', 'id', 'for', 'href', 'type', 'role', 'autocomplete', 'inputMode']);
/** Not language: an example address (a site address looks the same in every language), the product name sent as a device name. */
const NOT_LANGUAGE = new Set(['https://my.broker.example', 'B2Core Authenticator']);
const HAS_LETTER = /\p{L}/u;
const WORDS = /\p{L}{2,}[\s\u00a0]+\p{L}{2,}/u;
/** A template that starts with a capitalised word: `Added ${origin}.` */
const OPENING_WORD = /^\p{Lu}\p{Ll}+\s/u;
/** Markup is not language: tags (with their attributes, values included) are taken out; the text between them is still read. */
const withoutTags = (text: string) => text.replace(/<[^>]*>/g, ' ');

function hardCodedText(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (NOT_LANGUAGE.has(text.trim())) return;
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${fileName}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  /** Literal text inside an expression (string, template parts), skipping `t(…)` keys. */
  const literalsIn = (node: ts.Node, each: (node: ts.Node, text: string) => void) => {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 't') return n.arguments.slice(1).forEach(visit);
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'plural') return n.arguments.filter((_, i) => i !== 1).forEach(visit);
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) each(n, n.text);
      else if (ts.isTemplateExpression(n)) [n.head, ...n.templateSpans.map((span) => span.literal)].forEach((part) => each(n, part.text));
      ts.forEachChild(n, visit);
    };
    visit(node);
  };
  const isErrorMessage = (n: ts.Node) => ts.isNewExpression(n.parent) && ts.isIdentifier(n.parent.expression) && /Error$/.test(n.parent.expression.text);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && node.initializer) {
      if (TEXT_ATTRIBUTES.has(node.name.getText(file))) return literalsIn(node.initializer, (n, text) => HAS_LETTER.test(text) && report(n, text));
      // Any other attribute's literal (class="…", type="…") is code; its expressions are still read.
      if (ts.isStringLiteral(node.initializer) || CODE_ATTRIBUTES.has(node.name.getText(file))) return;
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && WORDS.test(withoutTags(node.text)) && !isErrorMessage(node)) report(node, node.text);
    if (ts.isTemplateExpression(node)) {
      // The literal parts joined with a mark for each value, so a tag that holds a value is still one tag.
      const parts = withoutTags([node.head, ...node.templateSpans.map((s) => s.literal)].map((part) => part.text).join('\u0000')).split('\u0000');
      if (OPENING_WORD.test(parts[0]!) || parts.some((part) => WORDS.test(part))) report(node, node.getText(file));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
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
      // Counted messages are compared by family: each language has its own plural forms (next test).
      const bases = pluralBases(en.messages);
      const families = (keys: string[]) => new Set(keys.map((k) => familyOf(k, bases)));
      const enFamilies = families(Object.keys(en.messages));
      const otherFamilies = families(Object.keys(other.messages));
      const missing = [...enFamilies].filter((k) => !otherFamilies.has(k));
      const extra = [...otherFamilies].filter((k) => !enFamilies.has(k));
      expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
      const slots = (s: string) => [...new Set([...s.matchAll(/\$([1-9])/g)].map((m) => m[1]))].sort();
      for (const [key, text] of Object.entries(other.messages)) {
        const model = en.messages[key] ?? en.messages[`${familyOf(key, bases)}_other`]!;
        // The zero, one and two forms may say the number in words ("حساب واحد") and leave out the count.
        const wordsForCount = /_(zero|one|two)$/.test(key) && key !== familyOf(key, bases);
        const missingSlots = slots(model).filter((n) => !slots(text).includes(n));
        expect(slots(text).filter((n) => !slots(model).includes(n)), `${lang}:${key} uses no $n English does not`).toEqual([]);
        expect(missingSlots.length, `${lang}:${key} uses the same $n values (${missingSlots.join(', ')} missing)`).toBeLessThanOrEqual(wordsForCount ? 1 : 0);
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

  it('finds no hard-coded text in the UI (src/ui): every word people read comes from t()', () => {
    const files = sourceFiles(join(ROOT, 'src', 'ui'));
    expect(files.filter((f) => f.endsWith('.tsx')).length).toBeGreaterThan(10);
    const found = files.flatMap((file) => hardCodedText(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the hard-coded text check catches JSX text, text attributes and sentences, and lets symbols and keys through', () => {
    const source = `
      const a = <button aria-label="Close" title={\`Remove \${x}\`} class="icon-button">Close</button>;
      const b = <p placeholder="••• •••" aria-label={t('popup_settings')}>{t('popup_fill')} · {'…'}</p>;
      const c = { text: 'Not copied', kind: 'error', sel: '.accounts .copy', done: \`Added \${origin}.\`, css: \`--hue:\${h}\` };
      const d = new Error('storage is read-only here');
      const e = <input placeholder="https://my.broker.example" />;
      const f = { row: \`<li class="account" data-id="\${id}"><span class="label">\${label}</span></li>\`, words: \`<b>Not copied</b> \${why}\` };`;
    expect(hardCodedText('x.tsx', source)).toEqual([
      'x.tsx:2: "Close"',
      'x.tsx:2: "Remove"',
      'x.tsx:2: "Close"',
      'x.tsx:4: "Not copied"',
      'x.tsx:4: "`Added ${origin}.`"',
      'x.tsx:7: "`<b>Not copied</b> ${why}`"',
    ]);
  });

  it('plural forms follow CLDR through Intl.PluralRules, in the messages\' own language', () => {
    const ru = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1.5].map((n) => pluralCategory(n, 'ru'));
    expect(ru).toEqual(['many', 'one', 'few', 'few', 'many', 'many', 'many', 'many', 'one', 'few', 'many', 'one', 'many', 'other']);
    expect([0, 1, 2, 5, 21].map((n) => pluralCategory(n, 'en'))).toEqual(['other', 'one', 'other', 'other', 'other']);
    expect([0, 1, 2, 3, 11, 100].map((n) => pluralCategory(n, 'ar'))).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    expect([1, 2, 5, 22].map((n) => pluralCategory(n, 'pl'))).toEqual(['one', 'few', 'many', 'few']);
    expect(pluralCategory(1, 'zh-CN')).toBe('other');
    expect(pluralCategory(3, 'not a language tag')).toBe('other');
    expect(pluralCategories('ja')).toEqual(['other']);
    // Unit tests read the English messages, whose common_lang is "en".
    expect(t('common_lang')).toBe('en');
    expect(plural(1, 'popup_search', 1)).toBe('Search 1 account');
    expect(plural(3, 'popup_search', 3)).toBe('Search 3 accounts');
    // The count chooses the form; the values fill it, in any order.
    expect(plural(2, 'backup_exported_plain', 'keys.txt', 2)).toBe('Saved keys.txt with 2 keys. Delete it once the keys are moved.');
  });

  it('every counted message has exactly its language\'s plural forms, and the forms differ where the language needs it', () => {
    const en = readLanguage('en').messages;
    const bases = pluralBases(en);
    expect(bases.length).toBeGreaterThan(5);
    for (const lang of languages()) {
      const { messages } = readLanguage(lang);
      const want = pluralCategories(messages.common_lang!);
      for (const base of bases) {
        const have = Object.keys(messages).filter((k) => k.startsWith(`${base}_`) && PLURAL_SUFFIX.test(k.slice(base.length))).map((k) => k.slice(base.length + 1)).sort();
        expect({ lang, base, have }).toEqual({ lang, base, have: want });
      }
    }
    const ru = readLanguage('ru').messages;
    expect(substitute(ru.popup_search_one!, ['21'])).toBe('Поиск среди 21 аккаунта');
    expect(substitute(ru.popup_search_many!, ['5'])).toBe('Поиск среди 5 аккаунтов');
  });

  it('has the sixteen languages, each with its own language tag and a store description', () => {
    expect(languages()).toEqual(Object.keys(LANGUAGES).sort());
    const englishStore = readFileSync(join(ROOT, 'store', 'en.md'), 'utf8');
    for (const [folder, tag] of Object.entries(LANGUAGES)) {
      const { messages } = readLanguage(folder);
      expect(messages.common_lang, folder).toBe(tag);
      // The browser's folder name is the tag with "_" (pt_BR, zh_CN).
      expect(folder).toBe(tag.replace('-', '_'));
      expect(new Intl.PluralRules(tag).resolvedOptions().locale.toLowerCase().startsWith(tag.slice(0, 2))).toBe(true);
      const store = readFileSync(join(ROOT, 'store', `${folder}.md`), 'utf8');
      expect(store.split('\n')[0], `${folder} store title`).toBe('# B2Core Authenticator');
      // Same outline as English: the same number of headings and list items.
      const outline = (md: string) => md.split('\n').map((l) => (l.startsWith('#') ? '#' : l.startsWith('- ') ? '-' : l.startsWith('**') ? '*' : '')).join('');
      expect(outline(store), `${folder} store outline`).toBe(outline(englishStore));
      if (folder !== 'en') expect(store).not.toBe(englishStore);
    }
  });

  it('every language is translated: no text left as in English but names listed in same-as-english.txt, and each script where it has its own', () => {
    const en = readLanguage('en').messages;
    const bases = pluralBases(en);
    /** The English text a message translates (a form English lacks, such as `_few`, translates `_other`). */
    const english = (key: string) => en[key] ?? en[`${familyOf(key, bases)}_other`] ?? '';
    for (const folder of languages().filter((l) => l !== 'en')) {
      const messages = readLanguage(folder).messages;
      const listed = sameAsEnglish(folder);
      const untranslated = Object.keys(messages).filter((key) => key !== 'ext_name' && messages[key] === english(key) && /\p{L}{3,}/u.test(english(key).replace(/\$\d/g, '')));
      expect({ folder, untranslated: untranslated.filter((key) => !listed.includes(key)) }).toEqual({ folder, untranslated: [] });
      // A listed key must really read the same as English (the list is not a place to hide a gap).
      expect({ folder, stale: listed.filter((key) => messages[key] !== english(key)) }).toEqual({ folder, stale: [] });
      expect(listed.length, `${folder}: same-as-english.txt stays short`).toBeLessThanOrEqual(12);
      const script = SCRIPTS[folder];
      if (script) {
        const foreign = Object.keys(messages).filter((key) => !listed.includes(key) && key !== 'ext_name' && key !== 'common_lang' && /\p{L}{3,}/u.test(messages[key]!.replace(/\$\d/g, '')) && !script.test(messages[key]!));
        expect({ folder, foreign }).toEqual({ folder, foreign: [] });
      }
    }
  });

  it('a button\'s spoken name holds its visible words in every language (WCAG 2.5.3: "Show key" is named "Show key of …")', () => {
    const en = readLanguage('en').messages;
    // `<x>_named` / `<x>_label` is the aria-label of the button whose visible text is `<x>`.
    const pairs = Object.keys(en).flatMap((key) => {
      const visible = /^(.*)_(named|label)$/.exec(key)?.[1];
      return visible && visible in en && en[key]!.toLowerCase().includes(en[visible]!.toLowerCase()) ? [[visible, key] as const] : [];
    });
    expect(pairs.length).toBeGreaterThan(8);
    for (const folder of languages()) {
      const messages = readLanguage(folder).messages;
      const mismatched = pairs.filter(([visible, named]) => !messages[named]!.toLowerCase().includes(messages[visible]!.toLowerCase())).map(([, named]) => named);
      expect({ folder, mismatched }).toEqual({ folder, mismatched: [] });
    }
  });

  it('substitutes values and shows the key itself when a text is missing', () => {
    expect(substitute('$2 before $1', ['a', 'b'])).toBe('b before a');
    expect(fragmentSource({ hi: 'Hi $1' })('hi', ['Ann'])).toBe('Hi Ann');
    expect(t('options_sites_title')).toBe('Sites');
    expect(t('no_such_key_here')).toBe('no_such_key_here');
  });
});
