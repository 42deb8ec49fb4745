import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { substitute } from '../../src/i18n';
import { readLanguage } from '../../scripts/locales';
import { axeTable, overflowing } from './support/a11y';
import { launchExtension, type ExtensionHarness } from './support/extension';

/**
 * The popup and the settings page in Arabic (right to left), Chinese and Spanish, in Chromium started
 * in that language (`--lang`, LANGUAGE): the words come from that language's messages (no English, no
 * raw key), the counted placeholder takes the language's plural form, `dir` follows the browser's
 * bidi direction and the layout mirrors with it, nothing overflows, and axe finds no serious
 * violation, light and dark (`npm run screenshots` keeps a picture of each for people to look at).
 */
declare const chrome: any;

const { scanBothSchemes, print } = axeTable();
afterAll(print);

const LANGUAGES = [
  // Headless Chromium reports an en-US UI whatever `--lang` says (the messages do follow it): the flag
  // gives the Arabic browser's bidi direction, which a browser in Arabic has of itself.
  { tag: 'ar', folder: 'ar', env: 'ar_EG', dir: 'rtl', args: ['--force-ui-direction=rtl'] },
  { tag: 'zh-CN', folder: 'zh_CN', env: 'zh_CN', dir: 'ltr', args: [] },
  { tag: 'es', folder: 'es', env: 'es_ES', dir: 'ltr', args: [] },
] as const;
const ACCOUNTS = ['ana@example.com', 'bashir@example.com', 'chen@example.com'];
const KEYS = ['JBSWY3DPEHPK3PXP', 'KRSXG5DSN5XW4ZLQ', 'MFRGGZDFMZTWQ2LK'];
/** Message keys that name things, as an unfilled key would show: `popup_search_few`, `options_sites_title`. */
const RAW_KEY = /\b(popup|options|accounts|security|backup|setup|history|sites|common|errors|worker|menu)_[a-z_]{3,}\b/;

/** The page's text as people get it: what is shown, and the names and placeholders read out. */
const pageText = (page: Page) =>
  page.evaluate(() =>
    [document.body.innerText, ...[...document.querySelectorAll('[aria-label], [placeholder], [title]')].flatMap((el) => ['aria-label', 'placeholder', 'title'].map((a) => el.getAttribute(a) ?? ''))].join('\n'),
  );

for (const language of LANGUAGES) {
  describe(`${language.tag}`, () => {
    const messages = readLanguage(language.folder).messages;
    const english = readLanguage('en').messages;
    let ext: ExtensionHarness;
    const site = 'http://127.0.0.1:9';

    beforeAll(async () => {
      ext = await launchExtension({ args: [`--lang=${language.tag}`, ...language.args], env: { LANGUAGE: language.folder, LANG: `${language.env}.UTF-8` } });
      expect(await ext.send('sites/add', { site })).toMatchObject({ ok: true });
      const text = ACCOUNTS.map((email, i) => `otpauth://totp/${encodeURIComponent(email)}?secret=${KEYS[i]}`).join('\n');
      expect(await ext.send('backup/import', { text, site })).toMatchObject({ ok: true, value: { added: 3 } });
    }, 60_000);
    afterAll(() => ext?.close());

    it('the popup: its words, the plural form for three accounts, the direction, the mirrored search box', async () => {
      const popup = await ext.context.newPage();
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.goto(`chrome-extension://${ext.id}/popup.html`);
      const category = new Intl.PluralRules(language.tag).select(3);
      const search = popup.getByRole('searchbox', { name: messages.popup_search! });
      await expect.poll(() => search.getAttribute('placeholder')).toBe(substitute(messages[`popup_search_${category}`]!, ['3']));
      expect(await popup.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, bidi: chrome.i18n.getMessage('@@bidi_dir') }))).toEqual({ lang: language.tag, dir: language.dir, bidi: language.dir });
      await expect.poll(() => popup.getByRole('list', { name: messages.popup_accounts! }).getByRole('listitem').count()).toBe(3);
      expect(await popup.getByRole('button', { name: messages.popup_settings! }).count()).toBe(1);
      // Mirrored: the magnifier sits at the start of the box, the right side in Arabic.
      const [icon, box] = await Promise.all([popup.locator('.search .icon').boundingBox(), search.boundingBox()]);
      const iconAtRight = icon!.x > box!.x + box!.width / 2;
      expect(iconAtRight).toBe(language.dir === 'rtl');
      const text = await pageText(popup);
      expect(text).not.toMatch(RAW_KEY);
      for (const key of ['popup_use_here', 'popup_settings', 'popup_current_tab']) if (messages[key] !== english[key]) expect(text).not.toContain(english[key]);
      expect(await overflowing(popup)).toEqual([]);
      await popup.getByRole('button', { name: new RegExp(`${ACCOUNTS[1]!.replace('.', '\\.')}`) }).click();
      await expect.poll(() => popup.locator('.toast').textContent()).toContain(ACCOUNTS[1]);
      await popup.waitForTimeout(250); // the toast's fade-in, for the picture
      await scanBothSchemes(popup, `popup-${language.folder}`);
      await popup.close();
    });

    it('the settings page: every section heading and its title in the language, nothing overflowing', async () => {
      const options = await ext.context.newPage();
      await options.setViewportSize({ width: 1000, height: 760 });
      await options.goto(`chrome-extension://${ext.id}/options.html`);
      for (const key of ['options_setup_title', 'options_history_title', 'options_accounts_title', 'options_security_title', 'options_backup_title', 'options_sites_title']) {
        await options.getByRole('heading', { level: 2, name: messages[key]!, exact: true }).first().waitFor();
      }
      expect(await options.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, title: document.title }))).toEqual({
        lang: language.tag,
        dir: language.dir,
        title: messages.options_page_title,
      });
      await expect.poll(() => options.getByText(ACCOUNTS[2]!).count()).toBeGreaterThan(0);
      const text = await pageText(options);
      expect(text).not.toMatch(RAW_KEY);
      expect(text).not.toContain(english.options_sites_title === messages.options_sites_title ? '\u0000' : english.accounts_intro ?? '\u0000');
      expect(await overflowing(options)).toEqual([]);
      await scanBothSchemes(options, `options-${language.folder}`);
      await options.close();
    });
  });
}
