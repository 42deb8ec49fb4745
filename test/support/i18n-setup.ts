import { fragmentSource, setMessageSource } from '../../src/i18n';
import { readLanguage } from '../../scripts/locales';

// Unit tests run without a browser: UI text comes from the English fragments, as Chrome would give it.
setMessageSource(fragmentSource(readLanguage('en').messages));
