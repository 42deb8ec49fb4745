import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fragmentSource, KEY_PATTERN, mergeFragments, plural, pluralCategory, substitute, t, toBrowserMessages } from '../../../src/i18n';
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
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && WORDS.test(node.text) && !isErrorMessage(node)) report(node, node.text);
    if (ts.isTemplateExpression(node) && (OPENING_WORD.test(node.head.text) || [node.head, ...node.templateSpans.map((s) => s.literal)].some((part) => WORDS.test(part.text)))) {
      report(node, node.getText(file));
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
      const e = <input placeholder="https://my.broker.example" />;`;
    expect(hardCodedText('x.tsx', source)).toEqual([
      'x.tsx:2: "Close"',
      'x.tsx:2: "Remove"',
      'x.tsx:2: "Close"',
      'x.tsx:4: "Not copied"',
      'x.tsx:4: "`Added ${origin}.`"',
    ]);
  });

  it('plural forms: Russian one / few / many, English one / many, in the messages\' own language', () => {
    const ru = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1.5].map((n) => pluralCategory(n, 'ru'));
    expect(ru).toEqual(['many', 'one', 'few', 'few', 'many', 'many', 'many', 'many', 'one', 'few', 'many', 'one', 'many', 'few']);
    expect([0, 1, 2, 5, 21].map((n) => pluralCategory(n, 'en'))).toEqual(['many', 'one', 'many', 'many', 'many']);
    expect(pluralCategory(3, 'uk-UA')).toBe('few');
    const forms = { one: 'аккаунт', few: 'аккаунта', many: 'аккаунтов' };
    expect([1, 3, 7].map((n) => `${n} ${plural(n, forms, 'ru')}`)).toEqual(['1 аккаунт', '3 аккаунта', '7 аккаунтов']);
    // Unit tests read the English messages, whose common_lang is "en".
    expect(t('common_lang')).toBe('en');
    expect(plural(1, { one: t('popup_search_one', 1), few: t('popup_search_few', 1), many: t('popup_search_many', 1) })).toBe('Search 1 account');
    expect(plural(3, { one: t('popup_search_one', 3), few: t('popup_search_few', 3), many: t('popup_search_many', 3) })).toBe('Search 3 accounts');
  });

  it('every plural key comes in threes (_one, _few, _many) and the Russian forms differ where Russian needs it', () => {
    const en = readLanguage('en').messages;
    const ru = readLanguage('ru').messages;
    const stems = new Set(Object.keys(en).filter((k) => /_(one|few|many)$/.test(k)).map((k) => k.replace(/_(one|few|many)$/, '')));
    expect(stems.size).toBeGreaterThan(0);
    for (const stem of stems) for (const form of ['one', 'few', 'many']) expect(en, `${stem}_${form}`).toHaveProperty(`${stem}_${form}`);
    expect(substitute(ru.popup_search_one!, ['21'])).toBe('Поиск среди 21 аккаунта');
    expect(substitute(ru.popup_search_many!, ['5'])).toBe('Поиск среди 5 аккаунтов');
  });

  it('the Russian messages are Russian: every text has Cyrillic unless it is a name, a symbol or the language code', () => {
    const en = readLanguage('en').messages;
    const ru = readLanguage('ru').messages;
    // Product names stay as they are in every language.
    const names = new Set(['B2Core Authenticator', 'Google Authenticator', 'SMS']);
    const untranslated = Object.keys(ru).filter((key) => !/[\u0400-\u04ff]/.test(ru[key]!) && ru[key] === en[key] && /\p{L}{3,}/u.test(en[key]!.replace(/\$\d/g, '')));
    expect(untranslated.filter((key) => !names.has(ru[key]!))).toEqual([]);
    expect(untranslated).toContain('ext_name');
    expect(ru.common_lang).toBe('ru');
  });

  it('substitutes values and shows the key itself when a text is missing', () => {
    expect(substitute('$2 before $1', ['a', 'b'])).toBe('b before a');
    expect(fragmentSource({ hi: 'Hi $1' })('hi', ['Ann'])).toBe('Hi Ann');
    expect(t('options_sites_title')).toBe('Sites');
    expect(t('no_such_key_here')).toBe('no_such_key_here');
  });
});
