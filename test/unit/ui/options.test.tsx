import { afterEach, describe, expect, it } from 'vitest';
import { createSitesStore, OptionsPage, SitesSection } from '../../../src/ui';
import { LOCAL } from '../../../src/storage/keys';
import { allByRole, byRole, click, fail, fakeMessenger, fakePermissions, memoryArea, nameOf, ok, settle, submit, mount, unmount } from './support';

let roots: HTMLElement[] = [];
afterEach(async () => {
  for (const root of roots) await unmount(root);
  roots = [];
});

async function openOptions(initial: string[] = [], grant = true, policySites: string[] = []) {
  let current = [...initial];
  const local = memoryArea({ [LOCAL.sites]: current });
  const worker = fakeMessenger({
    'sites/list': () => ok({ sites: current }),
    'sites/add': ({ site }) => {
      current = [...current, site];
      local.set(LOCAL.sites, current);
      return ok({ origin: site });
    },
    'sites/remove': ({ origin }) => {
      if (policySites.includes(origin)) return fail('forbidden', `${origin} is registered by your organisation and cannot be removed.`);
      current = current.filter((s) => s !== origin);
      local.set(LOCAL.sites, current);
      return ok({ removed: true });
    },
    'security/state': () =>
      ok({ vault: 'plain', unlocked: true, kdf: null, settings: { autoLockMinutes: null, autofill: 'auto', autoSubmit: false }, policy: { sites: policySites, requirePassphrase: false, maxAutoLockMinutes: null } }),
  });
  const permissions = fakePermissions(grant);
  const store = createSitesStore({ local, messenger: worker.messenger, permissions });
  await store.start();
  const root = await mount(<OptionsPage sections={[{ id: 'sites', title: 'Sites', content: <SitesSection store={store} /> }]} />);
  roots.push(root);
  const field = byRole(root, 'textbox', 'Site address') as HTMLInputElement;
  const add = async (value: string) => {
    field.value = value;
    await submit(field.form!);
    await settle();
  };
  const listed = () => [...root.querySelectorAll('.sites li .origin')].map((el) => el.textContent);
  return { root, worker, permissions, field, add, listed, local };
}

describe('Settings › Sites', () => {
  it('has a "Site address" box, an "Add site" button and the heading levels of a settings page', async () => {
    const { root } = await openOptions();
    expect(byRole(root, 'heading', 'B2Core Authenticator settings').tagName).toBe('H1');
    expect(byRole(root, 'heading', 'Sites').tagName).toBe('H2');
    expect(byRole(root, 'button', 'Add site').getAttribute('type')).toBe('submit');
    expect(root.textContent).toContain('No sites yet.');
  });

  it('adds a valid https site: permission asked within the submit, then sites/add; the list shows it', async () => {
    const { root, worker, permissions, field, listed } = await openOptions(['http://127.0.0.1:8787']);
    field.value = 'https://my.broker.example/en/';
    field.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(permissions.requests).toEqual([['https://my.broker.example/*']]); // synchronously, in the event
    await settle();
    expect(worker.of('sites/add')).toEqual([{ type: 'sites/add', payload: { site: 'https://my.broker.example' } }]);
    expect(listed()).toEqual(['http://127.0.0.1:8787', 'https://my.broker.example']);
    expect(field.value).toBe('');
    expect(byRole(root, 'alert').textContent).toBe('');
  });

  it('adds localhost without a permission prompt', async () => {
    const { permissions, add, listed } = await openOptions();
    await add('http://localhost:5173/');
    expect(permissions.request).not.toHaveBeenCalled();
    expect(listed()).toEqual(['http://localhost:5173']);
  });

  it.each([
    ['http://broker.example', /Only https sites/],
    ['not a site', /not a site address/],
    ['', /not a site address/],
    ['javascript:alert(1)', /not a site address|Only web sites/],
  ])('refuses %j with an error in role=alert, asking nobody', async (input, message) => {
    const { root, worker, permissions, add, field } = await openOptions();
    await add(input);
    expect(byRole(root, 'alert').textContent).toMatch(message);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(permissions.request).not.toHaveBeenCalled();
    expect(worker.calls.filter((c) => c.type !== 'sites/list' && c.type !== 'security/state')).toEqual([]);
  });

  it('a refused permission is an error and adds nothing', async () => {
    const { root, worker, add, listed } = await openOptions([], false);
    await add('https://my.broker.example');
    expect(byRole(root, 'alert').textContent).toMatch(/^Permission refused/);
    expect(worker.of('sites/add')).toEqual([]);
    expect(listed()).toEqual([]);
  });

  it('shows the worker’s error', async () => {
    const { root, worker, add } = await openOptions();
    worker.handlers['sites/add'] = () => fail('internal', 'The extension did not answer; try again.');
    await add('http://127.0.0.1:9000');
    expect(byRole(root, 'alert').textContent).toBe('The extension did not answer; try again.');
  });

  it('each site has "Remove" (named after its origin), which sends sites/remove and updates the list', async () => {
    const { root, worker, permissions, listed } = await openOptions(['https://a.example', 'https://b.example:8443']);
    const removes = allByRole(root, 'button', /^Remove/);
    expect(removes.map((b) => [b.textContent, nameOf(b)])).toEqual([
      ['Remove', 'Remove https://a.example'],
      ['Remove', 'Remove https://b.example:8443'],
    ]);
    await click(byRole(root, 'button', 'Remove https://b.example:8443'));
    await settle();
    expect(worker.of('sites/remove')).toEqual([{ type: 'sites/remove', payload: { origin: 'https://b.example:8443' } }]);
    expect(listed()).toEqual(['https://a.example']);
    expect(permissions.removed).toEqual([['https://b.example:8443/*']]);
    expect(allByRole(root, 'status').some((el) => el.textContent === 'Removed b.example:8443.')).toBe(true);
  });

  it('a site the organisation registers says so and has no "Remove"; after a removal, focus skips it to the next removable site', async () => {
    const sites = ['https://a.example', 'https://b.example', 'https://policy.example', 'https://z.example'];
    const { root, listed } = await openOptions(sites, true, ['https://policy.example']);
    const items = [...root.querySelectorAll('.sites li')];
    expect(items.map((li) => li.textContent)).toEqual(['https://a.exampleRemove', 'https://b.exampleRemove', 'https://policy.exampleSet by your organisation', 'https://z.exampleRemove']);
    expect(allByRole(root, 'button', /^Remove/).map(nameOf)).toEqual(['Remove https://a.example', 'Remove https://b.example', 'Remove https://z.example']);

    await click(byRole(root, 'button', 'Remove https://b.example'));
    await settle();
    expect(listed()).toEqual(['https://a.example', 'https://policy.example', 'https://z.example']);
    expect(nameOf(document.activeElement!)).toBe('Remove https://z.example');
  });
});
