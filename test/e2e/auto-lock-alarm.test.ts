import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../fixtures/sandbox';
import { launchExtension, newTab, type ExtensionHarness } from './support/extension';
import { signInUi } from './support/sandbox-ui';

/**
 * Auto-lock by the real `chrome.alarms` alarm, alone in its file: it must wait a real idle minute,
 * so it runs in a project of its own (vitest.config.ts, `e2e-alarm`) beside the unit tests, not in
 * the line of browser tests. The rest of Settings › Security is in security.test.ts.
 */
const sb = useSandbox();
const PASS = 'correct horse battery';

describe('auto-lock by the real alarm', () => {
  let ext: ExtensionHarness;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(() => ext?.close());

  it('passphrase set in the settings page → worker stopped → still unlocked → locked by the alarm after an idle minute', { timeout: 200_000 }, async () => {
    expect(await ext.send('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
    // An account to lose from view when the vault locks: the key of an enable wizard, staged.
    const page = await newTab(ext.context, `${sb.url}/#/signin`);
    await signInUi(page);
    await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
    const key = (await page.locator('code.key').textContent())!.replace(/\s/g, '');
    await expect.poll(async () => (await ext.snapshotAccounts()).map((a) => a.secret)).toContain(key);

    const options = await newTab(ext.context, `chrome-extension://${ext.id}/options.html#security`);
    await options.getByLabel('New passphrase', { exact: true }).fill(PASS);
    await options.getByLabel('Repeat the new passphrase').fill(PASS);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await expect.poll(() => options.locator('#security-passphrase-status').textContent(), { timeout: 20_000 }).toContain('Passphrase set.');
    const lastUse = Date.now();
    await options.getByLabel('Lock the vault after this long without use').selectOption('1');
    await expect.poll(() => options.locator('#security-settings-status').textContent()).toBe('Saved.');
    await options.close();

    await ext.stopWorker();
    // A new worker finds the vault as it was: the unlocked key lives in storage.session.
    expect(await ext.send('vault/state')).toEqual({ ok: true, value: { state: 'protected', unlocked: true } });
    expect((await ext.snapshotAccounts()).map((a) => a.secret)).toContain(key);

    // Asking for the state is not use: polling it does not keep the vault open.
    let lockedAt = 0;
    await expect
      .poll(
        async () => {
          const state = (await ext.send('vault/state')).value;
          if (!state.unlocked) lockedAt ||= Date.now();
          return state;
        },
        { timeout: 100_000, interval: 2_000 },
      )
      .toEqual({ state: 'protected', unlocked: false });
    // Never earlier than the minute after the last use (the alarm allows for the throttled writes).
    expect(lockedAt - lastUse).toBeGreaterThanOrEqual(60_000);
    expect(await ext.session('vaultKey')).toBeUndefined();
    expect(await ext.snapshotAccounts()).toEqual([]);

    const reopened = await newTab(ext.context, `chrome-extension://${ext.id}/options.html#security`);
    await reopened.getByText('Protected by a passphrase, and locked.').waitFor();
  });
});
