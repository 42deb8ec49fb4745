import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS_KB, bundleSizes } from '../../bench/bundle.bench';
import { launch, screenshot, type Browser } from './support/browser';

/** The built extension (`npm test` builds and zips it first) loads in real Chromium. */
const CHROME = resolve('.output/chrome-mv3');
const FIREFOX = resolve('.output/firefox-mv3');
const manifest = (dir: string) => JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));

describe('the build', () => {
  it('Chrome MV3: a service worker, popup and options page; loopback granted, other hosts optional; no static content scripts', () => {
    expect(manifest(CHROME)).toMatchObject({
      manifest_version: 3,
      name: '__MSG_ext_name__',
      default_locale: 'en',
      permissions: ['storage', 'scripting', 'activeTab', 'alarms', 'webRequest', 'contextMenus', 'offscreen', 'clipboardRead', 'clipboardWrite'],
      host_permissions: ['http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*'],
      optional_host_permissions: ['https://*/*'],
      background: { service_worker: 'background.js' },
      action: { default_popup: 'popup.html' },
      options_ui: { page: 'options.html', open_in_tab: true },
      commands: { 'fill-code': { suggested_key: { default: 'Alt+Shift+F' } } },
    });
    // The name and texts come from _locales, in sixteen languages; the description and the shortcut's and menu's words are translated.
    const locales = readdirSync(`${CHROME}/_locales`).sort();
    expect(locales).toEqual(['ar', 'de', 'en', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pl', 'pt_BR', 'ru', 'th', 'tr', 'vi', 'zh_CN']);
    const english = JSON.parse(readFileSync(`${CHROME}/_locales/en/messages.json`, 'utf8'));
    for (const lang of locales) {
      const messages = JSON.parse(readFileSync(`${CHROME}/_locales/${lang}/messages.json`, 'utf8'));
      expect(messages.ext_name.message).toBe('B2Core Authenticator');
      if (lang !== 'en') for (const key of ['ext_description', 'command_fill_code', 'menu_fill_code']) expect(messages[key].message, `${lang} ${key}`).not.toBe(english[key].message);
    }
    // The offscreen document (the clipboard clear) is Chrome's alone.
    expect(existsSync(`${CHROME}/offscreen.html`)).toBe(true);
    // Content scripts are registered at runtime, for registered sites only.
    expect(manifest(CHROME)).not.toHaveProperty('content_scripts');
    for (const script of ['content-scripts/capture.js', 'autofill.js']) expect(existsSync(`${CHROME}/${script}`)).toBe(true);
  });

  it('Firefox: the gecko id and the no-data-collection declaration; menus, and no offscreen document', () => {
    expect(manifest(FIREFOX).manifest_version).toBe(3);
    expect(manifest(FIREFOX).permissions).toEqual(['storage', 'scripting', 'activeTab', 'alarms', 'webRequest', 'menus', 'clipboardRead', 'clipboardWrite']);
    expect(existsSync(`${FIREFOX}/offscreen.html`)).toBe(false);
    expect(manifest(FIREFOX).browser_specific_settings.gecko).toEqual({
      id: 'authenticator@b2core-authenticator.example',
      strict_min_version: '128.0',
      data_collection_permissions: { required: ['none'] },
    });
  });

  it('popup.html, in both builds, loads one script itself (the first paint), its style sheet inline, and names the app\'s module for the first paint to load', () => {
    for (const dir of [CHROME, FIREFOX]) {
      const html = readFileSync(`${dir}/popup.html`, 'utf8');
      expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), dir).toEqual(['<script src="/first-paint.js">']);
      expect(html, dir).not.toMatch(/<link\b/);
      expect(html, dir).toMatch(/<style>/);
      const app = /<meta name="b2ca-app-module" content="\/([^"]+\.js)">/.exec(html)?.[1];
      expect(app && existsSync(`${dir}/${app}`), `${dir}: ${app}`).toBe(true);
    }
  });

  it('stays within the bundle budgets (gzip): popup ≤ 25 KB, content script ≤ 6 KB, capture script ≤ 2 KB', () => {
    const sizes = bundleSizes();
    for (const part of Object.keys(BUDGETS_KB) as (keyof typeof BUDGETS_KB)[]) {
      expect(sizes[part], `${part}: ${sizes[part]} bytes`).toBeLessThanOrEqual(BUDGETS_KB[part] * 1024);
    }
  });

  it('wxt zip made the store packages', () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    for (const name of ['chrome', 'firefox', 'sources']) {
      const zip = resolve(`.output/b2core-authenticator-${version}-${name}.zip`);
      expect(existsSync(zip), zip).toBe(true);
      expect(statSync(zip).size).toBeGreaterThan(1000);
    }
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ extensionDir: CHROME });
  });
  afterAll(() => browser?.close());

  it('starts the worker and renders the popup and the options page', async () => {
    const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    expect(id).toMatch(/^[a-p]{32}$/);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await expect.poll(() => popup.getByRole('heading', { level: 1 }).textContent()).toBe('B2Core Authenticator');
    await screenshot(popup, 'extension-popup');
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${id}/options.html`);
    await expect.poll(() => options.getByRole('heading', { level: 1 }).textContent()).toBe('B2Core Authenticator settings');
  });
});
