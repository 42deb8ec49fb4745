import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { fingerprint } from '../fixtures/sandbox';
import { screenshot, shoot } from './support/browser';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { signInUi } from './support/sandbox-ui';
import { controlledClock, poll, serverClock } from './support/server-clock';

/**
 * Settings › Guided set-up and 2FA history in Chromium, with the built extension and the real
 * sandbox, driven as a person would (accessible names only). One story, in order, on one sandbox
 * (no reset between the steps, each builds on the last):
 *  (a) Alice (no 2FA) turns Google Authenticator on from the settings page; signing in on the site
 *      then gets the new key's code filled;
 *  (b) Bob (SMS on) signs in with the texted code, then turns Google on;
 *  (c) Bob turns Google off from the settings page (the server says off); the key is archived;
 *  (d) the history shows both changes and its filters give the right rows;
 *  (e) Bob turns SMS off and on again with texted codes; the history follows.
 */
let sandbox: RunningSandbox;
let ext: ExtensionHarness;
let options: Page;

const ALICE = { email: 'alice@example.com', password: 'Alice-Passw0rd' };
const BOB = { email: 'bob@example.com', password: 'Bob-Passw0rd1', phone: '+15550007777' };

async function control(path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return res.status === 204 ? null : res.json();
}
/** The sandbox's clock (moved to get fresh TOTP periods without waiting), the extension told at once. */
const { serverSeconds, codesOf, advance } = serverClock(
  controlledClock(() => sandbox.url),
  () => ext,
);
const lastCode = async (to: string): Promise<string> => (await control(`/__sandbox/outbox?to=${encodeURIComponent(to)}`)).data.at(-1).code;
const host = () => new URL(sandbox.url).host;

async function api(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${sandbox.url}/api/v2/my/${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return res.json();
}

/** The server's own view of Bob's 2FA: a sign-in of its own over the API (SMS code from the outbox). */
async function bobsStatusOnServer(): Promise<Record<string, boolean>> {
  const wizard = await api('GET', 'signin/wizard');
  const step = await api('POST', 'signin', { uuid: wizard.uuid, email: BOB.email, password: BOB.password, device_fingerprint: fingerprint() });
  expect(step.workflow).toBe('2fa_sms_auth');
  const done = await api('POST', '2fa/sms', { uuid: step.uuid, code: await lastCode(BOB.phone) });
  const status = await api('GET', '2fa', undefined, done.data.accessToken.token);
  return Object.fromEntries(status.data.map((m: { name: string; isEnabled: boolean }) => [m.name, m.isEnabled]));
}


const setup = () => options.getByRole('region', { name: 'Guided set-up' });
const history = () => options.getByRole('region', { name: '2FA history' });
const statusText = (region: Locator) => region.getByRole('status').textContent();

/** A region, light and dark (support/browser.ts: only when screenshots are asked for). */
const shootRegion = (region: Locator, name: string) => shoot(region, `setup-${name}`);

async function signInOnOptions(who: { email: string; password: string }) {
  await setup().getByRole('combobox', { name: 'Site' }).selectOption(sandbox.url);
  await setup().getByRole('textbox', { name: 'Email' }).fill(who.email);
  await setup().getByRole('textbox', { name: 'Password' }).fill(who.password);
  await setup().getByRole('button', { name: 'Sign in' }).click();
}


const dataRows = () => history().getByRole('table', { name: '2FA history' }).getByRole('row');
/** The table's rows below the header, as "Method Change" (the time varies). */
async function rowSummary(): Promise<string[]> {
  const rows = await dataRows().all();
  const out: string[] = [];
  for (const row of rows.slice(1)) {
    const cells = await row.getByRole('cell').allTextContents();
    out.push(cells.length === 1 ? cells[0]! : `${cells[1]} ${cells[2]}`);
  }
  return out;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  await control('/__sandbox/clients', ALICE);
  await control('/__sandbox/clients', { ...BOB, smsEnabled: true });
  ext = await launchExtension();
  expect(await ext.send('sites/add', { site: sandbox.url })).toEqual({ ok: true, value: { origin: sandbox.url } });
  options = await newTab(ext.context, `chrome-extension://${ext.id}/options.html`);
});
afterAll(async () => {
  await ext?.close();
  await sandbox?.close();
});

let bobsKeyId = '';

describe('guided set-up', () => {
  it('(a) turns Google Authenticator on for a client without 2FA; signing in on the site then fills the new key\'s code', async () => {
    await setup().getByRole('textbox', { name: 'Email' }).waitFor();
    await shootRegion(setup(), 'signed-out');
    await signInOnOptions(ALICE);
    await poll(() => statusText(setup())).toBe(`Signed in as ${ALICE.email} on ${host()}.`);
    // Never kept: the password box is emptied, and the stored session holds no password.
    expect(JSON.stringify(await ext.session('apiSession'))).not.toContain(ALICE.password);
    await setup().getByRole('button', { name: 'Enable Google Authenticator' }).click();
    await poll(() => statusText(setup()))
      .toBe(`Google Authenticator is on for ${ALICE.email}. The key is in the vault, and codes are filled when the site asks for one.`);
    await setup().getByRole('button', { name: 'Disable Google Authenticator' }).waitFor();
    await shootRegion(setup(), 'enabled');

    const [account] = (await ext.snapshotAccounts()).filter((a) => a.origin === sandbox.url && a.label === ALICE.email);
    expect(account).toMatchObject({ status: 'active' });

    // On the site itself: sign in as Alice; the extension fills the code of the key it just stored.
    const site = await newTab(ext.context, `${sandbox.url}/#/signin`);
    await advance(30); // the enable used this period's code; B2Core takes each code once
    const since = serverSeconds();
    await signInUi(site, ALICE.password, ALICE.email);
    const field = site.getByRole('textbox', { name: 'Code from Google Authenticator' });
    await poll(() => field.inputValue()).toMatch(/^\d{6}$/);
    {
      const filled = await field.inputValue(); // first: the window must end after the fill
      expect(codesOf(account!.secret, since)).toContain(filled);
    }
    await site.getByRole('button', { name: 'Confirm' }).click();
    await poll(() => site.getByRole('heading', { level: 1 }).textContent()).toBe('Security');
    await site.close();
  });

  it('(b) signs in with a texted SMS code, then turns Google Authenticator on', async () => {
    await setup().getByRole('button', { name: 'Sign out' }).click();
    await poll(() => statusText(setup())).toBe(`Signed out of ${host()}.`);
    await signInOnOptions(BOB);
    await poll(() => statusText(setup())).toBe('The site sent a code by text message. Type it below.');
    await shootRegion(setup(), 'sms-code');
    await setup().getByRole('textbox', { name: 'Code' }).fill(await lastCode(BOB.phone));
    await setup().getByRole('button', { name: 'Confirm' }).click();
    await poll(() => statusText(setup())).toBe(`Signed in as ${BOB.email} on ${host()}.`);
    const methods = setup().getByRole('list', { name: 'Two-factor authentication' });
    await poll(() => methods.getByRole('listitem').allTextContents()).toEqual(['Google AuthenticatorOffEnable Google Authenticator', 'Text message (SMS)OnDisable']);

    await setup().getByRole('button', { name: 'Enable Google Authenticator' }).click();
    await poll(() => statusText(setup())).toBe(`Google Authenticator is on for ${BOB.email}. The key is in the vault, and codes are filled when the site asks for one.`);
    const [account] = (await ext.snapshotAccounts()).filter((a) => a.origin === sandbox.url && a.label === BOB.email);
    expect(account).toMatchObject({ status: 'active' });
    bobsKeyId = account!.id;
  });

  it('(c) turns Google Authenticator off from the settings page: the server says off', async () => {
    await advance(30);
    await setup().getByRole('button', { name: 'Disable Google Authenticator' }).click();
    await poll(() => statusText(setup()))
      .toBe('Google Authenticator is off. Its key is archived in the vault (kept, but no longer offering codes).');
    await setup().getByRole('button', { name: 'Enable Google Authenticator' }).waitFor();
    expect(await bobsStatusOnServer()).toEqual({ google: false, sms: true });
  });

  it('(c) …and the key is archived in the vault: kept, but no longer listed or giving codes', async () => {
    expect(bobsKeyId).not.toBe('');
    expect((await ext.snapshotAccounts()).some((a) => a.id === bobsKeyId)).toBe(false);
    const code = await ext.send('accounts/code', { id: bobsKeyId });
    expect(code).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('archived') } });
    // Asking to archive it again answers the record as it is (archived, with its time): it still exists.
    const again = await ext.send('accounts/set-status', { id: bobsKeyId, status: 'archived' });
    expect(again).toMatchObject({ ok: true, value: { account: { id: bobsKeyId, status: 'archived', label: BOB.email, archivedAt: expect.any(Number) } } });
  });

  it('(d) the history shows both changes; the method and change filters give the right rows; a row opens its record', async () => {
    await options.goto(`chrome-extension://${ext.id}/options.html#history`);
    await poll(rowSummary).toEqual(['Google Authenticator Disabled', 'Google Authenticator Enabled']);
    await shootRegion(history(), 'history');

    const change = history().getByRole('combobox', { name: 'Change' });
    const method = history().getByRole('combobox', { name: 'Method' });
    await change.selectOption('enabled');
    await poll(rowSummary).toEqual(['Google Authenticator Enabled']);
    await change.selectOption('disabled');
    await poll(rowSummary).toEqual(['Google Authenticator Disabled']);
    await change.selectOption('');
    await method.selectOption('sms');
    await poll(rowSummary).toEqual(['No changes match these filters.']);
    await method.selectOption('google');
    await poll(rowSummary).toEqual(['Google Authenticator Disabled', 'Google Authenticator Enabled']);
    await history().getByRole('combobox', { name: 'Order' }).selectOption('asc');
    await poll(rowSummary).toEqual(['Google Authenticator Enabled', 'Google Authenticator Disabled']);

    // A row's record, by keyboard: the panel takes the focus, Escape closes it and gives it back.
    const details = history().getByRole('button', { name: /^Details: Google Authenticator Enabled/ });
    await details.focus();
    await options.keyboard.press('Enter');
    const dialog = history().getByRole('dialog', { name: /^Change \d+$/ });
    await dialog.waitFor();
    await poll(() => dialog.textContent()).toContain('Enabled');
    await poll(() => options.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    await shootRegion(history(), 'history-details');
    await options.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await poll(() => options.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/^Details: Google Authenticator Enabled/);
  });

  it('(e) turns SMS off and on again with texted codes; the history follows', async () => {
    await setup().getByRole('button', { name: 'Disable SMS' }).click();
    await poll(() => statusText(setup())).toBe('The site sent a code to your phone. Type it to turn SMS off.');
    await setup().getByRole('textbox', { name: 'Code' }).fill(await lastCode(BOB.phone));
    await setup().getByRole('button', { name: 'Confirm' }).click();
    await poll(() => statusText(setup())).toBe('SMS confirmation is off.');

    await setup().getByRole('button', { name: 'Enable SMS' }).click();
    await setup().getByRole('textbox', { name: 'Phone number' }).fill(BOB.phone);
    await setup().getByRole('button', { name: 'Send code' }).click();
    await poll(() => statusText(setup())).toBe(`A code was sent to ${BOB.phone}. Type it below.`);
    await setup().getByRole('textbox', { name: 'Code' }).fill(await lastCode(BOB.phone));
    await setup().getByRole('button', { name: 'Confirm' }).click();
    await poll(() => statusText(setup())).toBe('SMS confirmation is on.');

    await history().getByRole('combobox', { name: 'Method' }).selectOption('sms');
    await poll(rowSummary).toEqual(['SMS Disabled', 'SMS Enabled']);
    await history().getByRole('combobox', { name: 'Method' }).selectOption('');
    await history().getByRole('combobox', { name: 'Order' }).selectOption('desc');
    await poll(rowSummary).toEqual(['SMS Enabled', 'SMS Disabled', 'Google Authenticator Disabled', 'Google Authenticator Enabled']);
    await screenshot(options, 'setup-options-page');
  });
});
