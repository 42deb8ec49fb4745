import { afterEach, describe, expect, it } from 'vitest';
import { historySection, setupSection, type OptionsAdapters } from '../../../../../src/ui/options';
import { LOCAL, SESSION } from '../../../../../src/storage/keys';
import { byRole, click, fakeMessenger, fakePermissions, manualClock, memoryArea, mount, ok, settle, unmount } from '../../support';

/**
 * The two sections as mounted by the settings page (happy-dom, fake adapters; the flows against the
 * real sandbox are in setup-store.test.ts and test/e2e/guided-setup.test.ts): what a person sees
 * with no site, signed out, and after a failed sign-in — the password box emptied, the reason shown.
 */
let roots: HTMLElement[] = [];
afterEach(async () => {
  for (const root of roots) await unmount(root);
  roots = [];
});

function adapters(sites: string[], fetch: typeof globalThis.fetch = () => Promise.reject(new TypeError('offline'))) {
  const session = memoryArea();
  const page: OptionsAdapters = {
    messenger: fakeMessenger({ 'clock/observe': () => ok({}) }).messenger,
    local: memoryArea({ [LOCAL.sites]: sites }),
    session: { get: session.get, watch: session.watch, set: async (k, v) => session.set(k, v), remove: async (k) => session.remove(k) },
    permissions: fakePermissions(),
    fetch,
    clock: manualClock(),
    download: () => undefined,
  };
  return { page, session };
}

async function show(page: OptionsAdapters) {
  const sections = [setupSection(page), historySection(page)];
  for (const s of sections) await s.start?.();
  const root = await mount(
    <div>
      {sections.map((s) => (
        <div key={s.id}>{s.content}</div>
      ))}
    </div>,
  );
  roots.push(root);
  await settle();
  return root;
}

const input = (root: HTMLElement, label: string) => {
  const forId = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)?.getAttribute('for');
  const found = forId ? (root.querySelector(`#${forId}`) as HTMLInputElement | null) : null;
  if (!found) throw new Error(`no field labelled ${label}`);
  return found;
};

describe('Guided set-up and 2FA history sections', () => {
  it('with no registered site: says so and links to Sites; the history asks to sign in first', async () => {
    const root = await show(adapters([]).page);
    expect(byRole(root, 'heading', 'Guided set-up').tagName).toBe('H2');
    expect(root.textContent).toContain('No site is registered yet, so there is nowhere to sign in.');
    expect(root.querySelector('a[href="#sites"]')?.textContent).toBe("Add your broker's site under Sites.");
    expect(root.querySelector('a[href="#setup"]')?.textContent).toBe('Sign in under Guided set-up.');
    expect(root.querySelector('table')).toBeNull();
  });

  it('signed out: Site, Email, Password and "Sign in"; a failed sign-in empties the password box and says what happened', async () => {
    const { page, session } = adapters(['https://my.broker.example', 'http://127.0.0.1:8787']);
    const root = await show(page);
    const site = input(root, 'Site') as unknown as HTMLSelectElement;
    expect([...site.options].map((o) => o.value)).toEqual(['https://my.broker.example', 'http://127.0.0.1:8787']);
    expect(input(root, 'Email').type).toBe('email');
    const password = input(root, 'Password');
    expect(password.type).toBe('password');
    input(root, 'Email').value = 'ann@example.com';
    password.value = 'Secret-Passw0rd';
    await click(byRole(root, 'button', 'Sign in'));
    await settle(6);
    expect(password.value).toBe('');
    expect(byRole(root, 'alert').textContent).toBe('Could not reach my.broker.example. Check the connection and that the site is up, then try again.');
    expect(await session.get(SESSION.apiSession)).toBeUndefined();
  });

  it('signed in (a session in storage.session): the history table is shown and its rows come from the API', async () => {
    const { page, session } = adapters(['http://127.0.0.1:8787'], async (url) => {
      const path = new URL(String(url)).pathname;
      const body = path.endsWith('/2fa/changes')
        ? { total: 1, data: [{ id: 7, provider: 'sms', isEnabled: true, time: '2024-05-01T10:00:00+00:00' }] }
        : { total: 2, data: [{ caption: 'Google', isEnabled: false, name: 'google' }, { caption: 'SMS', isEnabled: true, name: 'sms' }] };
      return new Response(JSON.stringify(body), { status: 200 });
    });
    session.set(SESSION.apiSession, { v: 1, origin: 'http://127.0.0.1:8787', email: 'ann@example.com', accessToken: 'a', refreshToken: 'r', accessExpiresAt: Date.now() * 2, refreshExpiresAt: Date.now() * 2 });
    const root = await show(page);
    await settle(6);
    expect(root.textContent).toContain('Signed in as ann@example.com on 127.0.0.1:8787.');
    expect(byRole(root, 'button', 'Disable SMS').textContent).toBe('Disable');
    expect(byRole(root, 'button', 'Enable Google Authenticator')).toBeTruthy();
    const table = root.querySelector('table[aria-label="2FA history"]')!;
    expect([...table.querySelectorAll('tbody td')].slice(1, 3).map((td) => td.textContent)).toEqual(['SMS', 'Enabled']);
  });
});
