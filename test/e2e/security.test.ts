import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, useSandbox } from '../fixtures/sandbox';
import { shoot } from './support/browser';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { launchManaged, type ManagedExtension } from './support/managed-policy';
import { serverClock } from './support/server-clock';
import { filledValue, signInUi } from './support/sandbox-ui';

/**
 * Settings › Security with the built extension in Chromium, against the sandbox: the autofill modes
 * and auto-submit at a real sign-in, a passphrase set in the settings page that survives a stopped
 * worker and is locked by Lock now (the real `chrome.alarms` alarm: auto-lock-alarm.test.ts), a wrong passphrase
 * that changes nothing, and a managed policy delivered the way Linux Chromium reads one
 * (/etc/chromium/policies/managed/*.json, "3rdparty" → our extension id).
 */
declare const chrome: any;

const sb = useSandbox();
const PASS = 'correct horse battery';
/** The Security section, light and dark (support/browser.ts: only when screenshots are asked for). */
const shootSecurity = (page: Page, name: string) => shoot(page.locator('#security'), `security-${name}`);



describe('security settings at work', () => {
  let ext: ExtensionHarness;
  const { serverSeconds, codesOf, advance } = serverClock(sb, () => ext);
  let key = '';
  let page: Page;
  let options: Page;

  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(() => ext?.close());

  const tabId = async (url: string): Promise<number> => (await ext.extensionPage()).evaluate(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url?.startsWith(u)).id, url);
  const openOptions = async () => {
    if (options && !options.isClosed()) await options.close();
    options = await newTab(ext.context, `chrome-extension://${ext.id}/options.html#security`);
    await options.locator('#security h2').waitFor();
    await options.getByText(/Not protected by a passphrase|Protected by a passphrase/).first().waitFor();
    return options;
  };
  const saved = async () => {
    await expect.poll(() => options.locator('#security-settings-status').textContent()).toBe('Saved.');
  };
  const signOutAndIn = async () => {
    await advance(30);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInUi(page);
  };

  // The sandbox is reset before each test: each test that needs its 2FA set-up makes it itself.
  it('autofill modes at a real sign-in: "only on shortcut or click" fills on Fill only, "off" refuses Fill, auto-submit sends the form', async () => {
    expect(await ext.send('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
    page = await newTab(ext.context, `${sb.url}/#/signin`);
    await signInUi(page);
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    expect(await filledValue(page, 'Verification code')).toMatch(/^\d{6}$/);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Google Authenticator is enabled.');

    // Only on shortcut or click: the API asking fills nothing; the popup's Fill does.
    await openOptions();
    await shootSecurity(options, 'plain');
    await options.getByRole('radio', { name: /Only on shortcut or click/ }).check();
    await saved();
    expect((await ext.send('security/state')).value.settings.autofill).toBe('manual');
    let asks = await ext.asks();
    await signOutAndIn();
    await page.getByLabel('Code from Google Authenticator').waitFor();
    expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes);
    expect(await page.getByLabel('Code from Google Authenticator').inputValue()).toBe('');
    let since = serverSeconds();
    expect(await ext.send('fill/tab', { tabId: await tabId(sb.url) })).toEqual({ ok: true, value: { filled: true } });
    {
      const filled = await filledValue(page, 'Code from Google Authenticator'); // first: the window must end after the fill
      expect(codesOf(key, since)).toContain(filled);
    }
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');

    // Off: not even the person's Fill.
    await options.getByRole('radio', { name: /^Off/ }).check();
    await saved();
    asks = await ext.asks();
    await signOutAndIn();
    expect(await ext.send('fill/tab', { tabId: await tabId(sb.url) })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Filling codes is turned off (Settings › Security). You can still copy the code from the popup.' },
    });
    await page.getByLabel('Code from Google Authenticator').waitFor();
    expect((await ext.settled(asks, { asked: 1 })).codes).toBe(asks.codes);
    expect(await page.getByLabel('Code from Google Authenticator').inputValue()).toBe('');

    // Automatic with auto-submit: filled and sent without a click on "Confirm".
    await options.getByRole('radio', { name: /^Automatically/ }).check();
    await saved();
    await options.getByRole('checkbox', { name: /Submit the form after filling the code/ }).check();
    await saved();
    await page.goto(`${sb.url}/#/outbox`);
    await page.goto(`${sb.url}/#/signin`);
    await advance(30);
    since = serverSeconds();
    // What went into the code field, seen from the page (the request's body is not visible to the
    // driver: the capture script sends the page's fetch as a Request it builds itself).
    await page.evaluate(() => {
      document.addEventListener('input', (event) => ((window as unknown as { filledCode?: string }).filledCode = (event.target as HTMLInputElement).value), true);
    });
    await signInUi(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toBe('Security');
    const sent = await page.evaluate(() => (window as unknown as { filledCode?: string }).filledCode ?? '');
    expect(codesOf(key, since)).toContain(sent);
    await options.getByRole('checkbox', { name: /Submit the form after filling the code/ }).uncheck();
    await saved();
  });

  it('passphrase set in the settings page → worker stopped → still unlocked → Lock now locks (the real alarm: auto-lock-alarm.test.ts)', async () => {
    await openOptions();
    await options.getByLabel('New passphrase', { exact: true }).fill(PASS);
    await options.getByLabel('Repeat the new passphrase').fill(PASS);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await expect.poll(() => options.locator('#security-passphrase-status').textContent(), { timeout: 20_000 }).toContain('Passphrase set.');
    await expect.poll(() => options.getByText('Protected by a passphrase, and unlocked.').count()).toBe(1);
    await options.getByLabel('Lock the vault after this long without use').selectOption('1');
    await saved();
    await shootSecurity(options, 'protected');
    await options.close();

    await ext.stopWorker();
    // A new worker finds the vault as it was: the unlocked key lives in storage.session.
    expect(await ext.send('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: true } });
    expect((await ext.snapshotAccounts()).map((a) => a.secret)).toContain(key);

    await openOptions();
    await options.getByRole('button', { name: 'Lock now' }).click();
    await options.getByText('Protected by a passphrase, and locked.').waitFor();
    expect(await ext.session('vaultKey')).toBeUndefined();
    expect(await ext.snapshotAccounts()).toEqual([]);
    await shootSecurity(options, 'locked');
  });

  it('a wrong passphrase is refused without damage; the right one brings back the same codes', async () => {
    expect(await ext.send('vault/unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    // The settings page's unlock form says so too.
    await options.getByLabel('Passphrase to unlock').fill('still not it');
    await options.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => options.locator('#security-vault-error').textContent(), { timeout: 20_000 }).toBe('That passphrase does not unlock the vault.');

    await options.getByLabel('Passphrase to unlock').fill(PASS);
    await options.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => options.locator('#security-vault-status').textContent(), { timeout: 20_000 }).toBe('The vault is unlocked.');

    // A change with a wrong current passphrase changes nothing either.
    const change = options.locator('form', { has: options.getByRole('button', { name: 'Change passphrase' }) });
    await change.getByLabel('Current passphrase').fill('wrong current one');
    await change.getByLabel('New passphrase', { exact: true }).fill('a different passphrase');
    await change.getByLabel('Repeat the new passphrase').fill('a different passphrase');
    await change.getByRole('button', { name: 'Change passphrase' }).click();
    await expect.poll(() => options.locator('#security-passphrase-error').textContent(), { timeout: 20_000 }).toBe('That is not the current passphrase. Nothing was changed.');
    await ext.send('vault/lock');
    expect(await ext.send('vault/unlock', { passphrase: 'a different passphrase' })).toMatchObject({ ok: false });
    expect(await ext.send('vault/unlock', { passphrase: PASS })).toEqual({ ok: true, value: { unlocked: true } });

    // "Check clock": the sandbox was reset (its clock too), the extension measures it again.
    const check = options.getByRole('button', { name: `Check clock of ${sb.url}` });
    await check.click();
    await expect.poll(() => options.locator('#security-clocks-status').textContent(), { timeout: 15_000 }).toBe(`Checked the clock of ${sb.url}.`);
    expect(await options.locator('table.clocks tbody tr', { hasText: sb.url }).locator('td').first().textContent()).toMatch(/^[+-]?\d+\.\d s ± \d+\.\d s$/);
    await shootSecurity(options, 'unlocked-clocks');

    // The same account, and codes oathtool agrees with, in the popup.
    await expect.poll(async () => (await ext.snapshotAccounts()).filter((a) => a.secret === key).map((a) => [a.status, a.label])).toEqual([['active', DEMO.email]]);
    const popup = await newTab(ext.context, `chrome-extension://${ext.id}/popup.html`);
    const row = popup.getByRole('list', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: new URL(sb.url).host });
    await expect.poll(() => row.locator('.code').textContent()).toMatch(/^\d{3} \d{3}$/);
    const shownAt = serverSeconds();
    expect(codesOf(key, shownAt - 1)).toContain((await row.locator('.code').textContent())!.replace(' ', ''));
    await popup.close();
  });
});

/** A broker's managed policy (support/managed-policy.ts: the way Linux Chromium reads one). */
describe('managed policy in Chromium', () => {
  const POLICY_HTTPS = 'https://policy.broker.example';
  let managed: ManagedExtension;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    managed = await launchManaged({ sites: [sb.url, POLICY_HTTPS], requirePassphrase: true, maxAutoLockMinutes: 10 });
    ext = managed.ext;
  });
  afterAll(() => managed?.close());

  it('pre-registers the sites, requires a passphrase, bounds auto-lock; the settings page shows it and refuses what it forbids', async () => {
    expect(ext.id).toBe(managed.expectedId);
    await expect.poll(async () => (await ext.send('security/state')).value?.policy, { timeout: 10_000 }).toEqual({
      sites: [sb.url, POLICY_HTTPS].sort(),
      requirePassphrase: true,
      maxAutoLockMinutes: 10,
    });
    // Registered without the person adding them; the content scripts follow (an https host waits for its permission).
    await expect.poll(async () => (await ext.send('sites/list')).value.sites).toEqual([sb.url, POLICY_HTTPS].sort());
    const registered = await (await ext.extensionPage()).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s: { id: string; matches: string[] }) => [s.id, s.matches]));
    expect(registered).toContainEqual(['b2ca-autofill', ['http://127.0.0.1/*', 'https://policy.broker.example/*']]);
    expect(await ext.send('sites/remove', { origin: sb.url })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: `${sb.url} is registered by your organisation and cannot be removed.` },
    });
    expect(await ext.send('security/settings', { autoLockMinutes: null })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect((await ext.send('security/state')).value.settings.autoLockMinutes).toBe(10);

    const options = await newTab(ext.context, `chrome-extension://${ext.id}/options.html#security`);
    await options.getByText('Your organisation requires a passphrase').waitFor();
    expect(await options.getByRole('option', { name: 'Never' }).isDisabled()).toBe(true);
    expect(await options.getByRole('option', { name: '30 minutes' }).isDisabled()).toBe(true);
    await options.getByText('Set by your organisation: at most 10 min').waitFor();
    await shootSecurity(options, 'policy');

    await options.getByLabel('New passphrase', { exact: true }).fill(PASS);
    await options.getByLabel('Repeat the new passphrase').fill(PASS);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await expect.poll(() => options.locator('#security-passphrase-status').textContent(), { timeout: 20_000 }).toContain('Passphrase set.');
    expect(await options.getByText('Your organisation requires a passphrase').count()).toBe(0);
    expect(await options.getByRole('button', { name: 'Remove passphrase' }).isDisabled()).toBe(true);
    expect(await ext.send('security/passphrase', { current: PASS, next: null })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Your organisation requires a passphrase, so it cannot be removed.' },
    });
    await shootSecurity(options, 'policy-protected');
  });
});
