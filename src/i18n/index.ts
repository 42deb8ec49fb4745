/** UI text: `t()` over the browser's i18n, plural forms, and the build of `_locales` from `locales/` fragments. */
export { t, setMessageSource, fragmentSource, type MessageSource } from './translate';
export { plural, pluralCategory, pluralCategories, type PluralCategory } from './plural';
export { toBrowserMessages, mergeFragments, substitute, KEY_PATTERN, type Fragment, type BrowserMessage } from './messages-file';
