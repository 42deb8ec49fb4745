import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../fixtures/rfc6238';
import { DEMO, useSandbox } from '../fixtures/sandbox';
import { launch, screenshot, type Browser } from './support/browser';
import { enableSmsUi, signInUi } from './support/sandbox-ui';

/**
 * A person's whole story in the sandbox client UI, in real Chromium, once over fetch and once over
 * XMLHttpRequest: sign in, enable Google Authenticator from the shown key, enable SMS, sign out,
 * sign in with a method choice and a code, change the password through a challenge, sign in with
 * the new password by SMS, and read the 2FA history with a filter.
 */
const sb = useSandbox();
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe.each(['fetch', 'xhr'] as const)('the sandbox UI over %s', (transport) => {
  it('walks through every 2FA procedure', async () => {
    const page = await browser.context.newPage();
    const apiCalls: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('request', (r) => {
      if (r.url().includes('/api/v2/my/')) apiCalls.push(r.resourceType());
    });
    const shot = (name: string) => screenshot(page, `sandbox-${transport}-${name}`);
    const phone = '+15550001234';

    // One browser profile serves both runs: start signed out.
    await page.goto(`${sb.url}/#/outbox`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${sb.url}/${transport === 'xhr' ? '?transport=xhr' : ''}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await shot('01-sign-in');
    await signInUi(page, DEMO.password);

    // Security: both methods off; enable Google from the key shown as text (and QR).
    await expect.poll(() => page.getByText('Google Authenticator: disabled').count()).toBe(1);
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    const key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{16}$/);
    await expect.poll(() => page.getByRole('img', { name: `QR code for the key ${key}` }).count()).toBe(1);
    await shot('02-enable-google');
    await sb.advance(30);
    await page.getByLabel('Verification code').fill(totp(key, sb.now()));
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Google Authenticator is enabled.');
    await shot('03-google-enabled');

    // SMS: phone, then the code from the outbox.
    await enableSmsUi(page, sb, phone);
    await shot('04-both-enabled');

    // Sign out; sign in: choose Google, type the code.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInUi(page, DEMO.password);
    await page.getByRole('button', { name: 'Google Authenticator' }).click();
    await shot('05-sign-in-code');
    await sb.advance(30);
    await page.getByLabel('Code from Google Authenticator').fill(totp(key, sb.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');

    // Change the password: the challenge asks for the Google code.
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('button', { name: 'Send confirmation' }).click();
    await expect.poll(() => page.getByText('Enter the code from Google Authenticator.').count()).toBe(1);
    await sb.advance(30);
    await page.getByLabel('Confirmation code').fill(totp(key, sb.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByLabel('New password').fill('Changed-Passw0rd');
    await shot('06-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');

    // The old password is refused; the new one works, this time by SMS.
    await signInUi(page, DEMO.password);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is wrong.');
    await signInUi(page, 'Changed-Passw0rd');
    await page.getByRole('button', { name: 'Text message (SMS)' }).click();
    // The code field appears once the sandbox has answered, and so has "sent" the new text message.
    await page.getByLabel('Code from the text message').waitFor();
    await page.getByLabel('Code from the text message').fill(await sb.lastCode(phone));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');

    // History: both changes, then only SMS, then one record's details.
    await page.getByRole('link', { name: '2FA history' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await shot('07-history');
    await page.getByLabel('Method').selectOption('sms');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.locator('tbody tr button').click();
    await expect.poll(() => page.getByRole('heading', { name: /^Change #\d+$/ }).count()).toBe(1);
    await shot('08-history-filtered');

    // Every API call went over the transport asked for.
    expect(apiCalls.length).toBeGreaterThan(15);
    expect(new Set(apiCalls)).toEqual(new Set([transport]));
    // The only console errors allowed are the browser's own lines for the one expected 422 above.
    expect(pageErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('the sandbox UI, signed out', () => {
  it('restores a forgotten password with the email code', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sb.url}/#/outbox`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${sb.url}/#/signin`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(() => page.getByText('We sent a code to your email address.').count()).toBe(1);
    await page.getByLabel('Confirmation code').fill(await sb.lastCode(DEMO.email));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByLabel('New password').fill('weak');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The request body is invalid: password must be at least 8 characters; password must contain a digit.');
    await page.getByLabel('New password').fill('Restored-Passw0rd');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await signInUi(page, 'Restored-Passw0rd');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Security');
    await screenshot(page, 'sandbox-restored-signed-in');
    await page.close();
  });
});
