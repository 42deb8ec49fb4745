import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, useSandbox } from '../fixtures/sandbox';
import { screenshot } from './support/browser';
import { clickToFill, enableSmsUi, filledValue, signInUi } from './support/sandbox-ui';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { serverClock } from './support/server-clock';

/**
 * The extension at work against the sandbox, through the sandbox's own client UI, in real Chromium:
 * capture during the enable wizard, autofill at sign-in and in challenges, the method choice, an
 * abandoned wizard, disabling, and a worker stopped mid-flow — once over fetch, once over XHR.
 * The fill policy (README): the enable wizard is filled at once; a sign-in at once for the account
 * whose email the server has accepted a code for (the first sign-in after capture: on the person's
 * click in the field); a challenge or a disable wizard only on the person's click in the field.
 */
const sb = useSandbox();
let ext: ExtensionHarness;

beforeAll(async () => {
  ext = await launchExtension();
});
afterAll(() => ext?.close());

interface AccountView {
  id: string;
  origin: string;
  secret: string;
  status: string;
  label: string;
}
const snapshotAccounts = (): Promise<AccountView[]> => ext.snapshotAccounts();



/**
 * The server's time, and oathtool's codes for `key` over it from `since` to now, widened by 2 s each
 * way: the extension knows the server's clock only from `Date` headers (1 s resolution), so its idea
 * of the time may differ by about a second. A filled code must be one of these (one or two codes).
 */
const { serverSeconds, codesOf, advance } = serverClock(sb, () => ext);

describe.each(['fetch', 'xhr'] as const)('over %s', (transport) => {
  const ui = (hash = '') => `${sb.url}/${transport === 'xhr' ? '?transport=xhr' : ''}${hash}`;
  const shot = (page: Page, name: string) => screenshot(page, `extension-${transport}-${name}`);
  let page: Page;

  beforeEach(async () => {
    for (const p of ext.context.pages()) if (p.url().startsWith('http')) await p.close();
    // The sandbox starts afresh for each test (its client ids too): so does the vault.
    const listed = await ext.send('accounts/list', {});
    for (const a of listed.value.accounts) await ext.send('accounts/delete', { id: a.id });
    // Each test signs in a few times: the per-origin budget of automatic fills starts afresh too.
    await ext.clearSession('autoFills');
    expect(await ext.send('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
    page = await newTab(ext.context, ui('#/outbox'));
    await page.evaluate(() => localStorage.clear());
    await page.goto(ui('#/signin'));
  });

  /** The field gets a code of `key` for the server time of the fill (oathtool, independently). */
  async function expectFilled(label: string, key: string, since: number) {
    const value = await filledValue(page, label);
    expect(codesOf(key, since)).toContain(value);
  }
  /** The same, once the person clicks the field (and not before). */
  async function expectFilledOnClick(label: string, key: string, since: number) {
    await page.getByLabel(label).waitFor();
    await ext.settled(await ext.asks()); // whatever the worker was deciding for the page, decided
    expect(await page.getByLabel(label).inputValue()).toBe('');
    const value = await clickToFill(page, label);
    expect(codesOf(key, since)).toContain(value);
  }

  async function enableGoogle(): Promise<string> {
    const since = serverSeconds();
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    const key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    await expectFilled('Verification code', key, since);
    await shot(page, 'enable-filled');
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Google Authenticator is enabled.');
    return key;
  }

  it('registered in the options page: captures the key while enabling, lists it in the popup, fills every Google code field', async () => {
    // Registration through the settings page, as a person does it.
    await ext.send('sites/remove', { origin: sb.url });
    const options = await newTab(ext.context, `chrome-extension://${ext.id}/options.html`);
    await options.getByRole('textbox', { name: 'Site address' }).fill(sb.url);
    await options.getByRole('button', { name: 'Add site' }).click();
    await options.getByRole('button', { name: `Remove ${sb.url}` }).waitFor();
    await options.close();
    await page.goto(ui('#/outbox'));
    await page.goto(ui('#/signin'));

    await signInUi(page);
    const key = await enableGoogle();
    await expect.poll(async () => (await snapshotAccounts()).filter((a) => a.origin === sb.url && a.secret === key).map((a) => [a.status, a.label])).toEqual([
      ['active', DEMO.email],
    ]);

    // The popup lists the account with the code oathtool computes for that key.
    const popup = await newTab(ext.context, `chrome-extension://${ext.id}/popup.html`);
    const row = popup.getByRole('list', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: new URL(sb.url).host });
    await expect.poll(() => row.locator('.code').textContent()).toMatch(/^\d{3} \d{3}$/);
    const shownAt = serverSeconds();
    const shown = (await row.locator('.code').textContent())!.replace(' ', '');
    expect(codesOf(key, shownAt - 1)).toContain(shown);
    expect(await row.locator('.label').textContent()).toBe(DEMO.email);
    await screenshot(popup, `extension-${transport}-popup`);
    await popup.close();

    // Sign out and in. The server has not yet accepted a code of this key for this email, so the
    // first time the code goes in on the person's click in the field; the accepted code ties the
    // account to the email, and from then on a sign-in for it is filled as soon as the API asks.
    await advance(30);
    await page.getByRole('button', { name: 'Sign out' }).click();
    let since = serverSeconds();
    await signInUi(page);
    await expectFilledOnClick('Code from Google Authenticator', key, since);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');
    await advance(30);
    await page.getByRole('button', { name: 'Sign out' }).click();
    since = serverSeconds();
    await signInUi(page);
    await expectFilled('Code from Google Authenticator', key, since);
    await shot(page, 'sign-in-filled');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');

    // Change the password: the challenge's code field is filled on the person's click, not before.
    await advance(30);
    await page.getByRole('link', { name: 'Change password' }).click();
    since = serverSeconds();
    await page.getByRole('button', { name: 'Send confirmation' }).click();
    await expectFilledOnClick('Confirmation code', key, since);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByLabel('New password').fill('Changed-Passw0rd');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await advance(30);
    await signInUi(page, 'Changed-Passw0rd');
    await filledValue(page, 'Code from Google Authenticator');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');
  });

  it('with both methods: choosing Google fills the code, choosing SMS fills nothing', async () => {
    await signInUi(page);
    const key = await enableGoogle();
    const phone = '+15550009999';
    await enableSmsUi(page, sb, phone);

    await advance(30);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const since = serverSeconds();
    await signInUi(page);
    await page.getByRole('button', { name: 'Google Authenticator' }).click();
    await expectFilledOnClick('Code from Google Authenticator', key, since);

    await page.goto(ui('#/outbox'));
    await page.goto(ui('#/signin'));
    await signInUi(page);
    const asks = await ext.asks();
    await page.getByRole('button', { name: 'Text message (SMS)' }).click();
    await page.getByLabel('Code from the text message').waitFor();
    expect((await ext.settled(asks)).codes).toBe(asks.codes);
    expect(await page.getByLabel('Code from the text message').inputValue()).toBe('');
  });

  it('an abandoned wizard leaves no active account; disabling archives the account', async () => {
    await signInUi(page);
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    const abandoned = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    await filledValue(page, 'Verification code');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(async () => (await snapshotAccounts()).filter((a) => a.secret === abandoned).map((a) => a.status)).toEqual(['pending']);

    await advance(30);
    const key = await enableGoogle();
    await advance(30);
    const since = serverSeconds();
    await page.getByRole('button', { name: 'Disable Google Authenticator' }).click();
    await expectFilledOnClick('Code from Google Authenticator', key, since);
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Google Authenticator is disabled.');
    // Archived accounts leave the popup's list but stay in the vault (never deleted).
    await expect.poll(async () => (await snapshotAccounts()).some((a) => a.secret === key)).toBe(false);
    const vaultStatuses = await (await ext.extensionPage()).evaluate(async (k) => {
      const db = await new Promise<IDBDatabase>((done) => {
        const open = indexedDB.open('b2core-authenticator');
        open.onsuccess = () => done(open.result);
      });
      const count = await new Promise<number>((done) => {
        const req = db.transaction('vault').objectStore('vault').count();
        req.onsuccess = () => done(req.result);
      });
      return { count, key: k.length };
    }, key);
    expect(vaultStatuses.count).toBeGreaterThanOrEqual(3); // header + abandoned pending + archived
  });

  it('completes the flow when the worker is stopped mid-way', async () => {
    await signInUi(page);
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    const key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    await filledValue(page, 'Verification code');
    await ext.stopWorker();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Google Authenticator is enabled.');
    await expect.poll(async () => (await snapshotAccounts()).filter((a) => a.secret === key).map((a) => a.status), { timeout: 10_000 }).toEqual(['active']);

    await advance(30);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await ext.stopWorker();
    const since = serverSeconds();
    await signInUi(page);
    await expectFilledOnClick('Code from Google Authenticator', key, since);
  });
});
