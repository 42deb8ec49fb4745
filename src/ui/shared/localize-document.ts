/**
 * A page's language and title, from its messages. Extension HTML pages cannot hold `__MSG_key__`
 * (Chrome and Firefox substitute those only in the manifest and in CSS), so the entry's first script
 * sets them: `lang` from the messages' own `common_lang` (the language the words are really in, which
 * screen readers need to pronounce them), `dir` from the browser's bidi direction (`@@bidi_dir`:
 * Arabic lays out right to left; the style sheets use logical properties), and the title from a
 * message the caller names.
 */
export function localizeDocument(doc: Document, lang: string, title: string, dir: string): void {
  doc.documentElement.lang = lang;
  doc.documentElement.dir = dir === 'rtl' ? 'rtl' : 'ltr';
  doc.title = title;
}
