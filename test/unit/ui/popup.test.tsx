import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCode } from '../../../src/totp';
import { createPopupStore, Popup, type Generate, type PopupStore } from '../../../src/ui';
import type { AccountView } from '../../../src/storage/accounts-snapshot';
import { SESSION } from '../../../src/storage/keys';
import {
  account,
  allByRole,
  byRole,
  click,
  fail,
  fakeClipboard,
  fakeMessenger,
  fakePermissions,
  fakeTabs,
  manualClock,
  memoryArea,
  nameOf,
  ok,
  settle,
  snapshot,
  submit,
  T0,
  type,
  unmount,
  mount,
} from './support';

const expected = (a: AccountView, atMs: number, offsetMs = 0) =>
  generateCode(a.secret, { epochSeconds: (atMs + offsetMs) / 1000, algorithm: a.algorithm, digits: a.digits, period: a.period });
const grouped = (code: string) => `${code.slice(0, Math.floor(code.length / 2))} ${code.slice(Math.floor(code.length / 2))}`;

interface Options {
  accounts?: AccountView[] | null;
  offsets?: Record<string, number>;
  tabUrl?: string;
  handlers?: Parameters<typeof fakeMessenger>[0];
  grant?: boolean;
  firstScreen?: number;
  growBy?: number;
  /** Hold every "after paint" until the test releases it. */
  holdPaints?: boolean;
}

let open: { root: HTMLElement; store: PopupStore }[] = [];
afterEach(async () => {
  for (const { root, store } of open) {
    await unmount(root);
    store.dispose();
  }
  open = [];
});

async function openPopup(options: Options = {}) {
  const clock = manualClock();
  const accounts = options.accounts === undefined ? [account(0), account(1), account(2)] : options.accounts;
  const session = memoryArea(accounts ? { [SESSION.snapshot]: snapshot(accounts, options.offsets) } : {});
  const worker = fakeMessenger(options.handlers ?? {});
  const clipboard = fakeClipboard();
  const permissions = fakePermissions(options.grant ?? true);
  const tabs = fakeTabs({ id: 7, url: options.tabUrl ?? 'https://elsewhere.example/' });
  const generated: string[] = [];
  const generate: Generate = (secret, o) => {
    generated.push(secret);
    return generateCode(secret, o);
  };
  const paints: (() => void)[] = [];
  const store = createPopupStore({
    session,
    messenger: worker.messenger,
    clock,
    clipboard,
    tabs,
    permissions,
    generate,
    firstScreen: options.firstScreen,
    growBy: options.growBy,
    afterPaint: options.holdPaints ? () => new Promise<void>((resolve) => paints.push(resolve)) : async () => {},
  });
  const firstCode = vi.fn();
  const domAtFirstCode: string[] = [];
  void store.start();
  const root = await mount(
    <Popup
      store={store}
      onFirstCode={() => {
        firstCode();
        domAtFirstCode.push(...[...document.querySelectorAll('.accounts .code')].map((el) => el.textContent ?? ''));
      }}
      openOptions={() => {}}
    />,
  );
  open.push({ root, store });
  const releasePaints = async () => {
    while (paints.length > 0) {
      paints.splice(0).forEach((resolve) => resolve());
      await settle(1);
    }
  };
  return { root, store, clock, session, worker, clipboard, permissions, tabs, generated, firstCode, domAtFirstCode, releasePaints, paints };
}

const items = (root: HTMLElement) => allByRole(byRole(root, 'list', 'Accounts'), 'listitem');
const codesIn = (root: HTMLElement) => items(root).map((li) => li.querySelector('.code')?.textContent ?? '');
async function listed(root: HTMLElement, count: number) {
  await vi.waitFor(() => expect(items(root)).toHaveLength(count));
  await vi.waitFor(() => expect(codesIn(root).every((c) => /^\d+ \d+$/.test(c))).toBe(true));
}

describe('the popup list', () => {
  it('shows one listitem per active account: host, label and the code of generateCode at the injected time and offset', async () => {
    const accounts = [
      account(0, { origin: 'https://my.alpha.example', label: 'alice@example.com' }),
      account(1, { origin: 'https://cabinet.beta.example:8443', label: 'bob@example.com', digits: 8 }),
      account(2, { origin: 'https://my.alpha.example', label: 'carol@example.com', algorithm: 'SHA512' }),
      account(3, { status: 'pending', origin: 'https://gamma.example' }),
    ];
    const offsets = { 'https://cabinet.beta.example:8443': 31_000 };
    const { root } = await openPopup({ accounts, offsets });
    await listed(root, 3);
    const rows = items(root);
    expect(rows.map((li) => li.querySelector('.host')?.textContent)).toEqual(['my.alpha.example', 'cabinet.beta.example:8443', 'my.alpha.example']);
    expect(rows[0]!.textContent).toContain('alice@example.com');
    expect(codesIn(root)).toEqual([
      grouped(await expected(accounts[0]!, T0)),
      grouped(await expected(accounts[1]!, T0, 31_000)),
      grouped(await expected(accounts[2]!, T0)),
    ]);
    expect(codesIn(root)[1]).toMatch(/^\d{4} \d{4}$/);
    // The offset moved broker beta into the next step.
    expect(codesIn(root)[1]).not.toBe(grouped(await expected(accounts[1]!, T0)));
  });

  it('lists a pending account only as a banner (role=status), never with a code', async () => {
    const accounts = [account(0), account(1, { status: 'pending', origin: 'https://new.broker.example' })];
    const { root } = await openPopup({ accounts });
    await listed(root, 1);
    const banner = allByRole(root, 'status').find((el) => el.classList.contains('banner'))!;
    expect(banner.textContent).toBe('A key captured on new.broker.example is waiting: finish the set-up on the site');
    expect(root.textContent).not.toContain(accounts[1]!.label);
  });

  it('names each copy button by what it shows (site, account, code) after a hidden "Copy code:", with no aria-label', async () => {
    const { root } = await openPopup();
    await listed(root, 3);
    const button = byRole(root, 'button', /broker1\.example client1@example\.com/);
    // Voice control users say what they see: the visible text is the name (WCAG 2.5.3).
    expect(button.hasAttribute('aria-label')).toBe(false);
    expect(nameOf(button)).toMatch(/^Copy code: broker1\.example client1@example\.com \d{3} \d{3}$/);
    expect(button.querySelector('.visually-hidden')?.textContent).toBe('Copy code:');
    expect(byRole(root, 'searchbox', 'Search')).toBeTruthy();
  });

  it('paints the first screenful first (with codes), marks it once, then adds the rest', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => account(i));
    const { root, firstCode, domAtFirstCode, releasePaints } = await openPopup({ accounts, firstScreen: 8, growBy: 10, holdPaints: true });
    await vi.waitFor(() => expect(firstCode).toHaveBeenCalledOnce());
    expect(domAtFirstCode).toHaveLength(8);
    expect(domAtFirstCode.every((c) => /^\d{3} \d{3}$/.test(c))).toBe(true);
    expect(items(root)).toHaveLength(8);
    await releasePaints();
    await listed(root, 40);
    expect(firstCode).toHaveBeenCalledOnce();
    const want = await Promise.all(accounts.map((a) => expected(a, T0).then(grouped)));
    expect(codesIn(root)).toEqual(want);
  });

  it('refreshes the countdown every second and every code at the rollover', async () => {
    const { root, clock, generated } = await openPopup();
    await listed(root, 3);
    const ttl = () => items(root)[0]!.querySelector('.ttl')!;
    expect(ttl().textContent).toBe('25');
    expect(ttl().getAttribute('aria-hidden')).toBe('true');
    clock.advance(1000);
    await settle();
    expect(ttl().textContent).toBe('24');
    clock.advance(19_000);
    await settle();
    expect(ttl().textContent).toBe('5');
    expect(ttl().getAttribute('data-phase')).toBe('low');
    const before = codesIn(root);
    expect(generated).toHaveLength(3);
    clock.advance(5_000); // the next 30 s step
    await vi.waitFor(() => expect(generated).toHaveLength(6));
    await settle();
    expect(ttl().textContent).toBe('30');
    const accounts = [account(0), account(1), account(2)];
    expect(codesIn(root)).toEqual(await Promise.all(accounts.map((a) => expected(a, T0 + 25_000).then(grouped))));
    expect(codesIn(root)).not.toEqual(before);
  });

  it('says "No accounts yet" when the vault is new', async () => {
    const { root, worker } = await openPopup({ accounts: null, handlers: { 'vault/state': () => ok({ state: 'new', unlocked: false }) } });
    await vi.waitFor(() => expect(root.textContent).toContain('No accounts yet.'));
    expect(worker.of('vault/state')).toHaveLength(1);
    expect(allByRole(root, 'list', 'Accounts')).toHaveLength(0);
  });
});

describe('search', () => {
  it('filters by host, label or issuer as you type, without computing any code again', async () => {
    const accounts = [
      account(0, { origin: 'https://my.alpha.example', label: 'alice@example.com', issuer: 'Alpha' }),
      account(1, { origin: 'https://beta.example', label: 'bob@example.com', issuer: 'Beta Markets' }),
      account(2, { origin: 'https://my.alpha.example', label: 'carol@example.com', issuer: 'Alpha' }),
    ];
    const { root, generated } = await openPopup({ accounts });
    await listed(root, 3);
    const box = byRole(root, 'searchbox', 'Search') as HTMLInputElement;
    await type(box, 'alp');
    expect(items(root).map((li) => li.querySelector('.host')?.textContent)).toEqual(['my.alpha.example', 'my.alpha.example']);
    await type(box, 'markets');
    expect(items(root)).toHaveLength(1);
    expect(items(root)[0]!.textContent).toContain('bob@example.com');
    await type(box, 'carol');
    expect(items(root)[0]!.textContent).toContain('carol@example.com');
    await type(box, 'nobody');
    expect(items(root)).toHaveLength(0);
    expect(root.textContent).toContain('No account matches “nobody”.');
    await type(box, '');
    expect(items(root)).toHaveLength(3);
    expect(generated).toHaveLength(3);
  });
});

describe('copy', () => {
  it('copies the code on click, confirms "Copied" (role=status) and hands the code to the worker for its clear 30 s later', async () => {
    const { root, clipboard, worker } = await openPopup();
    await listed(root, 3);
    const code = await expected(account(2), T0);
    await click(byRole(root, 'button', /client2@example\.com/));
    await settle();
    expect(clipboard.writes).toEqual([code]);
    const toast = allByRole(root, 'status').find((el) => el.classList.contains('toast'))!;
    expect(toast.textContent).toBe('Copied code for client2@example.com on broker2.example. The clipboard is cleared in 30 s.');
    expect(worker.of('clipboard/copied').map((c) => c.payload)).toEqual([{ code }]);
  });

  it('Enter in the search box copies the first match', async () => {
    const { root, clipboard } = await openPopup();
    await listed(root, 3);
    const box = byRole(root, 'searchbox', 'Search') as HTMLInputElement;
    await type(box, 'client1');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle();
    expect(clipboard.writes).toEqual([await expected(account(1), T0)]);
  });
});

describe('the current tab', () => {
  it('"Use on this site" on https: the permission prompt starts inside the click, then sites/add', async () => {
    const { root, permissions, worker } = await openPopup({
      tabUrl: 'https://my.broker.example/en/login',
      handlers: { 'sites/add': ({ site }) => ok({ origin: site }) },
    });
    await listed(root, 3);
    const button = byRole(root, 'button', 'Use on this site');
    button.click();
    expect(permissions.requests).toEqual([['https://my.broker.example/*']]); // synchronously, in the click
    await settle();
    expect(worker.of('sites/add')).toEqual([{ type: 'sites/add', payload: { site: 'https://my.broker.example' } }]);
    expect(allByRole(root, 'status').some((el) => el.textContent === 'my.broker.example is registered: codes can be filled there.')).toBe(true);
  });

  it('"Use on this site" on a loopback tab asks for no permission', async () => {
    const { root, permissions, worker } = await openPopup({
      tabUrl: 'http://127.0.0.1:8787/#/security',
      handlers: { 'sites/add': ({ site }) => ok({ origin: site }) },
    });
    await listed(root, 3);
    await click(byRole(root, 'button', 'Use on this site'));
    await settle();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(worker.of('sites/add')).toEqual([{ type: 'sites/add', payload: { site: 'http://127.0.0.1:8787' } }]);
  });

  it('a refused permission shows an error (role=alert) and registers nothing', async () => {
    const { root, worker } = await openPopup({ tabUrl: 'https://my.broker.example/', grant: false });
    await listed(root, 3);
    await click(byRole(root, 'button', 'Use on this site'));
    await settle();
    expect(worker.of('sites/add')).toEqual([]);
    expect(byRole(root, 'alert').textContent).toMatch(/^Permission refused/);
  });

  it('a chrome:// tab: "Use on this site" is disabled and says why; nothing is asked', async () => {
    const { root, permissions, worker } = await openPopup({ tabUrl: 'chrome://extensions/' });
    await listed(root, 3);
    expect(root.querySelector('.site-name')?.textContent).toBe('Not a web page');
    const button = byRole(root, 'button', 'Use on this site') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    const why = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(why?.textContent).toBe('This tab is not a web page. Open your broker’s site in this tab and try again.');
    await click(button);
    await settle();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(worker.calls).toEqual([]);
  });

  it('an http site that is not on this computer: disabled, with the reason (https only)', async () => {
    const { root } = await openPopup({ tabUrl: 'http://broker.example/login' });
    await listed(root, 3);
    const button = byRole(root, 'button', 'Use on this site') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toMatch(/https/);
  });

  it('a web page: enabled, with no reason beside it', async () => {
    const { root } = await openPopup({ tabUrl: 'https://my.broker.example/' });
    await listed(root, 3);
    const button = byRole(root, 'button', 'Use on this site') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    expect(button.hasAttribute('aria-describedby')).toBe(false);
  });

  it('lists the tab’s own accounts first with a "Fill" button that sends fill/tab; a worker error is shown', async () => {
    const accounts = [account(0), account(1), account(2), account(6)]; // 1 and 6 are on broker1
    const { root, worker } = await openPopup({ accounts, tabUrl: 'https://broker1.example/login' });
    await listed(root, 4);
    expect(items(root).map((li) => li.querySelector('.label')?.textContent)).toEqual([
      'client1@example.com',
      'client6@example.com',
      'client0@example.com',
      'client2@example.com',
    ]);
    const fills = allByRole(root, 'button', /^Fill/);
    expect(fills.map((b) => [b.textContent, nameOf(b)])).toEqual([
      ['Fill', 'Fill the code for client1@example.com on broker1.example'],
      ['Fill', 'Fill the code for client6@example.com on broker1.example'],
    ]);
    await click(fills[1]!);
    await settle();
    expect(worker.of('fill/tab')).toEqual([{ type: 'fill/tab', payload: { tabId: 7, accountId: 'acct-0006' } }]);
    expect(byRole(root, 'alert').textContent).toBe('No handler for fill/tab.');
    worker.handlers['fill/tab'] = () => ok({ filled: true });
    await click(fills[0]!);
    await settle();
    expect(allByRole(root, 'status').some((el) => el.textContent === 'Filled the code for client1@example.com on broker1.example.')).toBe(true);
  });
});

describe('what the worker could not do', () => {
  it('records that could not be read: a plain line with the count and where to look', async () => {
    const { root, session } = await openPopup();
    await listed(root, 3);
    expect(allByRole(root, 'status').some((el) => /could not be read/.test(el.textContent ?? ''))).toBe(false);
    await session.set(SESSION.snapshot, JSON.stringify({ ...snapshot([account(0)]), problems: 2 }));
    await settle();
    expect(allByRole(root, 'status').map((el) => el.textContent)).toContain(
      '2 account records could not be read, so their codes are not shown. Settings › Accounts says which ones and what to do.',
    );
  });

  it('full storage: an alert with what to do, gone once a write went through', async () => {
    const { root, session } = await openPopup();
    await listed(root, 3);
    await session.set(SESSION.snapshot, JSON.stringify({ ...snapshot([account(0), account(1)]), full: true }));
    await settle();
    expect(allByRole(root, 'alert').map((el) => el.textContent)).toContain(
      'The browser’s storage for this extension is full, so a new key could not be saved. Delete archived accounts in Settings › Accounts, then turn on two-factor authentication again on the site.',
    );
    await session.set(SESSION.snapshot, JSON.stringify(snapshot([account(0), account(1)])));
    await settle();
    expect(allByRole(root, 'alert').some((el) => /storage/.test(el.textContent ?? ''))).toBe(false);
  });
});

describe('a locked vault', () => {
  it('asks for the passphrase, shows a wrong one as an alert, and lists the accounts once unlocked', async () => {
    let session: ReturnType<typeof memoryArea> | undefined;
    const { root, worker, session: s } = await openPopup({
      accounts: null,
      handlers: {
        'vault/state': () => ok({ state: 'protected', unlocked: false }),
        'vault/unlock': ({ passphrase }) => {
          if (passphrase !== 'correct horse') return fail('forbidden', 'Wrong passphrase.');
          session!.set(SESSION.snapshot, snapshot([account(0), account(1)]));
          return ok({ unlocked: true as const });
        },
      },
    });
    session = s;
    await vi.waitFor(() => expect(byRole(root, 'textbox', 'Passphrase')).toBeTruthy());
    const field = byRole(root, 'textbox', 'Passphrase') as HTMLInputElement;
    expect(field.type).toBe('password');
    const form = field.form!;
    expect(byRole(form, 'button', 'Unlock')).toBeTruthy();
    field.value = 'wrong';
    await submit(form);
    await settle();
    expect(byRole(form, 'alert').textContent).toBe('Wrong passphrase.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    field.value = 'correct horse';
    await submit(form);
    await listed(root, 2);
    expect(worker.of('vault/unlock').map((c) => c.payload)).toEqual([{ passphrase: 'wrong' }, { passphrase: 'correct horse' }]);
    expect(allByRole(root, 'textbox', 'Passphrase')).toHaveLength(0);
  });
});

describe('keyboard', () => {
  it('ArrowDown from the search box and between rows moves focus along the copy buttons', async () => {
    const { root } = await openPopup();
    await listed(root, 3);
    const box = byRole(root, 'searchbox', 'Search');
    box.focus();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(nameOf(document.activeElement!)).toMatch(/client0/);
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(nameOf(document.activeElement!)).toMatch(/client1/);
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(nameOf(document.activeElement!)).toMatch(/client2/);
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(document.activeElement).toBe(box);
  });
});

describe('the first-code mark', () => {
  it('waits for a code when the first rows arrive without one (a rollover dropped the first results)', async () => {
    const { AccountList, createCodesStore } = await import('../../../src/ui');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const codes = createCodesStore({ clock: manualClock(), generate: (s, o) => gate.then(() => generateCode(s, o)), yieldToPaint: async () => {} });
    await codes.show([account(0), account(1)], {}, { first: 0 });
    await codes.allRows();
    const onFirstCode = vi.fn(() => document.querySelector('.code')?.textContent);
    const root = await mount(<AccountList rows={codes.rows.value} fillOrigin={null} onCopy={() => {}} onFill={() => {}} onFirstCode={onFirstCode} />);
    expect(root.querySelector('.code')?.textContent).toBe('••• •••');
    await settle();
    expect(onFirstCode).not.toHaveBeenCalled();
    release();
    await codes.settled();
    await settle();
    expect(onFirstCode).toHaveBeenCalledOnce();
    expect(onFirstCode.mock.results[0]!.value).toMatch(/^\d{3} \d{3}$/); // the code was in the DOM by then
    await unmount(root);
    codes.dispose();
  });
});

describe('what the page is asking, and what the locked queue dropped (issue 10)', () => {
  it('names the site, the business process and the account a challenge asks a code for; nothing for a page that asks nothing', async () => {
    const asking = { origin: 'https://my.broker.example', reason: 'challenge' as const, process: 'withdraw', accountId: 'a-1', label: 'ann@example.com' };
    const { root } = await openPopup({ tabUrl: 'https://my.broker.example/en/withdraw', handlers: { 'fill/asking': () => ok({ asking }) } });
    await listed(root, 3);
    await vi.waitFor(() => expect(root.querySelector('.banner')?.textContent).toBe('my.broker.example asks for a confirmation code (withdraw) for ann@example.com. Press Fill, or click the code field on the page.'));

    const quiet = await openPopup({ tabUrl: 'https://my.broker.example/', handlers: { 'fill/asking': () => ok({ asking: null }) } });
    await listed(quiet.root, 3);
    expect(quiet.root.querySelector('.banner:not([hidden])')).toBeNull();
    // Not a web page: not even asked.
    const chrome = await openPopup({ tabUrl: 'chrome://extensions/' });
    await listed(chrome.root, 3);
    expect(chrome.worker.of('fill/asking')).toEqual([]);
  });

  it('a request bound to no account says the person chooses below', async () => {
    const asking = { origin: 'https://my.broker.example', reason: 'signin' as const };
    const { root } = await openPopup({ tabUrl: 'https://my.broker.example/', handlers: { 'fill/asking': () => ok({ asking }) } });
    await vi.waitFor(() => expect(root.querySelector('.banner')?.textContent).toBe('my.broker.example asks for a sign-in code for an account you choose below. Press Fill, or click the code field on the page.'));
  });

  it('while locked, says how many site answers could not be kept', async () => {
    const { root } = await openPopup({ accounts: null, handlers: { 'vault/state': () => ok({ state: 'protected', unlocked: false, dropped: 4 }) } });
    await vi.waitFor(() => expect(allByRole(root, 'alert').map((a) => a.textContent)).toContain('4 site answers could not be kept while the extension was locked. Unlock it; if you were turning on two-factor authentication, start that again on the site.'));
  });
});
