import { afterEach, describe, expect, it } from 'vitest';
import type { ClockOffsetView, SecurityState } from '../../../src/messaging';
import { autoLockChoices, createSecurityStore, formatClockFlag, formatOffset, SecuritySection } from '../../../src/ui/options/security';
import { LOCAL, SESSION } from '../../../src/storage/keys';
import { allByRole, byRole, click, fail, fakeMessenger, memoryArea, mount, ok, settle, submit, unmount } from './support';

let roots: HTMLElement[] = [];
afterEach(async () => {
  for (const root of roots) await unmount(root);
  roots = [];
});

const NO_POLICY = { sites: [], requirePassphrase: false, maxAutoLockMinutes: null };
const base = (over: Partial<SecurityState> = {}): SecurityState => ({
  vault: 'plain',
  unlocked: true,
  kdf: null,
  settings: { autoLockMinutes: 15, autofill: 'auto', autoSubmit: false },
  policy: NO_POLICY,
  ...over,
});
const PROTECTED: Partial<SecurityState> = { vault: 'protected', kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, saltBytes: 16 } };
/** A clock as the worker shows it; within ±10 min the measured offset is the one used. */
const clock = (over: Partial<ClockOffsetView> & { origin: string }): ClockOffsetView => ({
  offsetMs: 0,
  uncertaintyMs: null,
  checkedAt: null,
  usedMs: over.offsetMs ?? 0,
  beyondBound: false,
  accepted: false,
  ...over,
});
const DAY = 86_400_000;

/** The section over a fake worker that keeps its state, so each action shows its effect. */
async function openSecurity(initial: SecurityState, clocks: ClockOffsetView[] = []) {
  let state = initial;
  let passphrase: string | null = initial.vault === 'protected' ? 'correct horse battery' : null;
  const worker = fakeMessenger({
    'security/state': () => ok(state),
    // A copy, as a message would be: the test may change what the worker measures later.
    'clock/list': () => ok({ offsets: [...clocks] }),
    'clock/check': ({ origin }) => ok(clock({ origin, offsetMs: 1250, uncertaintyMs: 500, checkedAt: 1_764_000_000_000 })),
    'clock/accept': ({ origin, offsetMs }) => {
      const shown = clocks.find((c) => c.origin === origin);
      if (!shown || shown.offsetMs !== offsetMs) return fail('invalid_input', `The clock of ${origin} changed after it was shown. Check it again, then decide.`);
      return ok({ ...shown, usedMs: shown.offsetMs, accepted: true });
    },
    'security/passphrase': ({ current, next }) => {
      if (passphrase !== null && current !== passphrase) return fail('invalid_input', 'That is not the current passphrase. Nothing was changed.');
      if (next === null && state.policy.requirePassphrase) return fail('forbidden', 'Your organisation requires a passphrase, so it cannot be removed.');
      passphrase = next;
      state = { ...state, vault: next === null ? 'plain' : 'protected', kdf: next === null ? null : PROTECTED.kdf! };
      return ok({ protected: next !== null });
    },
    'security/settings': (change) => {
      const max = state.policy.maxAutoLockMinutes;
      if (max !== null && (change.autoLockMinutes === null || (change.autoLockMinutes ?? 0) > max)) return fail('forbidden', 'Your organisation requires the vault to lock after at most 10 min without use.');
      state = { ...state, settings: { ...state.settings, ...change } };
      return ok(state);
    },
    'vault/lock': () => {
      state = { ...state, unlocked: false };
      return ok({ locked: true as const });
    },
    'vault/unlock': ({ passphrase: given }) => {
      if (given !== passphrase) return fail('invalid_input', 'That passphrase does not unlock the vault.');
      state = { ...state, unlocked: true };
      return ok({ unlocked: true as const });
    },
  });
  const session = memoryArea();
  const local = memoryArea();
  const store = createSecurityStore({ messenger: worker.messenger, session, local });
  await store.start();
  const root = await mount(<SecuritySection store={store} />);
  roots.push(root);
  const field = (label: string, within: ParentNode = root) => byRole(within, 'textbox', label) as HTMLInputElement;
  /** Types into the fields of the form that holds `button`, and submits it. */
  const fillIn = async (values: Record<string, string>, button: string) => {
    const form = byRole(root, 'button', button).closest('form')!;
    for (const [label, value] of Object.entries(values)) field(label, form).value = value;
    await submit(form);
    await settle();
  };
  return { root, worker, store, session, local, field, fillIn, current: () => state };
}

const text = (root: HTMLElement, role: 'alert' | 'status') =>
  allByRole(root, role)
    .map((el) => el.textContent)
    .filter(Boolean)
    .join(' | ');

describe('Settings › Security', () => {
  it('without a passphrase: says so, and sets one (checked in the page first: length, repeat)', async () => {
    const s = await openSecurity(base());
    expect(byRole(s.root, 'heading', 'Security').tagName).toBe('H2');
    expect(s.root.textContent).toContain('Not protected by a passphrase');
    expect(allByRole(s.root, 'button', 'Lock now')).toEqual([]);

    await s.fillIn({ 'New passphrase': 'short', 'Repeat the new passphrase': 'short' }, 'Set passphrase');
    expect(text(s.root, 'alert')).toBe('A passphrase needs at least 8 characters.');
    await s.fillIn({ 'New passphrase': 'correct horse battery', 'Repeat the new passphrase': 'correct horse batery' }, 'Set passphrase');
    expect(text(s.root, 'alert')).toBe('The two new passphrases differ. Type the same one twice.');
    expect(s.worker.of('security/passphrase')).toEqual([]);

    await s.fillIn({ 'New passphrase': 'correct horse battery', 'Repeat the new passphrase': 'correct horse battery' }, 'Set passphrase');
    expect(s.worker.of('security/passphrase')).toEqual([{ type: 'security/passphrase', payload: { next: 'correct horse battery' } }]);
    expect(text(s.root, 'status')).toContain('Passphrase set.');
    expect(text(s.root, 'alert')).toBe('');
    // Now protected: KDF parameters, Lock now, change and remove forms.
    expect(s.root.textContent).toContain('The key is derived with PBKDF2-SHA256, 600,000 iterations and a random 16-byte salt.');
    byRole(s.root, 'button', 'Lock now');
    byRole(s.root, 'button', 'Change passphrase');
    byRole(s.root, 'button', 'Remove passphrase');
  });

  it('a wrong current passphrase is reported and the fields stay; a right one clears them', async () => {
    const s = await openSecurity(base(PROTECTED));
    await s.fillIn({ 'Current passphrase': 'wrong passphrase', 'New passphrase': 'a new passphrase', 'Repeat the new passphrase': 'a new passphrase' }, 'Change passphrase');
    expect(text(s.root, 'alert')).toBe('That is not the current passphrase. Nothing was changed.');
    expect(s.field('New passphrase').value).toBe('a new passphrase');
    expect(s.field('New passphrase').getAttribute('aria-invalid')).toBe('true');
    // Only the form that was sent is marked.
    const remove = byRole(s.root, 'button', 'Remove passphrase').closest('form')!;
    expect(s.field('Current passphrase', remove).getAttribute('aria-invalid')).toBeNull();

    const change = byRole(s.root, 'button', 'Change passphrase').closest('form')!;
    s.field('Current passphrase', change).value = 'correct horse battery';
    await submit(change);
    await settle();
    expect(text(s.root, 'status')).toBe('Passphrase changed.');
    expect(s.field('New passphrase').value).toBe('');
  });

  it('Lock now, then the unlock form; a wrong passphrase is an alert', async () => {
    const s = await openSecurity(base(PROTECTED));
    await click(byRole(s.root, 'button', 'Lock now'));
    await settle();
    expect(s.root.textContent).toContain('Protected by a passphrase, and locked.');
    expect(s.root.textContent).toContain('Unlock the vault above to change or remove its passphrase.');
    expect((s.root.querySelector('#security-auto-lock') as HTMLSelectElement).disabled).toBe(true);

    await s.fillIn({ 'Passphrase to unlock': 'wrong one' }, 'Unlock');
    expect(text(s.root, 'alert')).toBe('That passphrase does not unlock the vault.');
    await s.fillIn({ 'Passphrase to unlock': 'correct horse battery' }, 'Unlock');
    expect(text(s.root, 'status')).toBe('The vault is unlocked.');
    byRole(s.root, 'button', 'Lock now');
  });

  it('follows a lock that happens elsewhere (auto-lock): the session feed triggers a fresh read', async () => {
    const s = await openSecurity(base(PROTECTED));
    const reads = s.worker.of('security/state').length;
    await s.worker.handlers['vault/lock']!({}); // the worker locks, as the alarm would
    s.session.remove(SESSION.vaultKey);
    await settle();
    expect(s.worker.of('security/state').length).toBe(reads + 1);
    expect(s.root.textContent).toContain('Protected by a passphrase, and locked.');
  });

  it('saves the auto-lock delay, the autofill mode and auto-submit at once', async () => {
    const s = await openSecurity(base(PROTECTED));
    const select = s.root.querySelector('#security-auto-lock') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Never', '1 minute', '5 minutes', '15 minutes', '30 minutes', '60 minutes']);
    expect(select.value).toBe('15');
    select.value = '5';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(s.worker.of('security/settings').at(-1)?.payload).toEqual({ autoLockMinutes: 5 });
    expect(text(s.root, 'status')).toBe('Saved.');

    const manual = s.root.querySelector('input[type=radio][value=manual]') as HTMLInputElement;
    await click(manual);
    await settle();
    expect(s.worker.of('security/settings').at(-1)?.payload).toEqual({ autofill: 'manual' });
    expect(manual.checked).toBe(true);

    const autoSubmit = s.root.querySelector('input[type=checkbox]') as HTMLInputElement;
    await click(autoSubmit);
    await settle();
    expect(s.worker.of('security/settings').at(-1)?.payload).toEqual({ autoSubmit: true });

    await click(s.root.querySelector('input[type=radio][value=off]') as HTMLInputElement);
    await settle();
    expect(autoSubmit.disabled).toBe(true);
  });

  it('under a policy: a prominent notice, "Set by your organisation", Never and longer delays disabled, removal disabled', async () => {
    const policy = { sites: ['https://my.broker.example'], requirePassphrase: true, maxAutoLockMinutes: 10 };
    const s = await openSecurity(base({ policy, settings: { autoLockMinutes: 10, autofill: 'auto', autoSubmit: false } }));
    const notice = s.root.querySelector('.policy-alert')!;
    expect(notice.textContent).toContain('Your organisation requires a passphrase');
    const select = s.root.querySelector('#security-auto-lock') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.textContent, o.disabled])).toEqual([
      ['Never', true],
      ['1 minute', false],
      ['5 minutes', false],
      ['10 minutes', false],
      ['15 minutes', true],
      ['30 minutes', true],
      ['60 minutes', true],
    ]);
    expect(s.root.textContent).toContain('Set by your organisation: at most 10 min');
    // Refused by the worker: the control shows what is in force again, and why.
    await s.store.saveSettings({ autoLockMinutes: null });
    await settle();
    expect(select.value).toBe('10');
    expect(text(s.root, 'alert')).toBe('Your organisation requires the vault to lock after at most 10 min without use.');
    expect(s.root.textContent).toContain('Sites registered for you: https://my.broker.example');

    await s.fillIn({ 'New passphrase': 'correct horse battery', 'Repeat the new passphrase': 'correct horse battery' }, 'Set passphrase');
    expect(s.root.querySelector('.policy-alert')).toBeNull();
    expect(s.root.textContent).toContain('Set by your organisation: a passphrase is required');
    expect((byRole(s.root, 'button', 'Remove passphrase') as HTMLButtonElement).disabled).toBe(true);
  });

  it('server clocks: a table of registered sites with offset ± uncertainty, and "Check clock"', async () => {
    const s = await openSecurity(base(), [
      clock({ origin: 'http://127.0.0.1:8787', offsetMs: -2300, uncertaintyMs: 700, checkedAt: 1_764_000_000_000 }),
      clock({ origin: 'https://my.broker.example' }),
    ]);
    const table = s.root.querySelector('table')!;
    expect(table.querySelector('caption')?.textContent).toBe('Server clocks of the registered sites');
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].slice(0, 2).map((c) => c.textContent));
    expect(rows).toEqual([
      ['http://127.0.0.1:8787', '-2.3 s ± 0.7 s'],
      ['https://my.broker.example', 'Not measured yet'],
    ]);
    await click(byRole(s.root, 'button', 'Check clock of https://my.broker.example'));
    await settle();
    expect(s.worker.of('clock/check')).toEqual([{ type: 'clock/check', payload: { origin: 'https://my.broker.example' } }]);
    expect(table.querySelectorAll('tbody tr')[1]!.children[1]!.textContent).toBe('+1.3 s ± 0.5 s');
    expect(text(s.root, 'status')).toBe('Checked the clock of https://my.broker.example.');

    // A new site registered elsewhere: the table reads the list again.
    s.local.set(LOCAL.sites, ['http://127.0.0.1:8787', 'https://my.broker.example', 'https://new.example']);
    await settle();
    expect(s.worker.of('clock/list')).toHaveLength(2);
    // Within ±10 min: no flag, no "Use this clock".
    expect(table.querySelectorAll('.clock-flag')).toHaveLength(0);
    expect(allByRole(s.root, 'button', 'Use this clock for http://127.0.0.1:8787')).toEqual([]);
  });

  it('server clocks: a clock more than 10 min off says so plainly and offers "Use this clock"', async () => {
    const far = clock({ origin: 'https://my.broker.example', offsetMs: DAY + 500, uncertaintyMs: 500, checkedAt: 1_764_000_000_000, usedMs: 2_000, beyondBound: true });
    const s = await openSecurity(base(), [clock({ origin: 'http://127.0.0.1:8787', offsetMs: -2300, uncertaintyMs: 700 }), far]);
    const row = s.root.querySelectorAll('table tbody tr')[1]!;
    expect(row.querySelector('.offset')!.textContent).toBe(
      '+86,400.5 s ± 0.5 s' + "More than 10 min off, so codes do not use it (they use +2.0 s). If this site's clock, or this computer's, really is that far off, choose “Use this clock”.",
    );
    const use = byRole(s.root, 'button', 'Use this clock for https://my.broker.example');
    expect(use.textContent).toBe('Use this clock');
    expect(allByRole(s.root, 'button', 'Use this clock for http://127.0.0.1:8787')).toEqual([]);

    await click(use);
    await settle();
    // The worker is asked to accept exactly the estimate the person saw.
    expect(s.worker.of('clock/accept')).toEqual([{ type: 'clock/accept', payload: { origin: 'https://my.broker.example', offsetMs: DAY + 500 } }]);
    expect(text(s.root, 'status')).toBe('Codes for https://my.broker.example now use its clock.');
    expect(row.querySelector('.offset')!.textContent).toContain('More than 10 min off; codes use it because you chose “Use this clock”.');
    expect(allByRole(s.root, 'button', 'Use this clock for https://my.broker.example')).toEqual([]);
  });

  it('server clocks: "Use this clock" refused because the clock moved: the reason, and the table read again', async () => {
    const far = clock({ origin: 'https://my.broker.example', offsetMs: DAY, uncertaintyMs: 500, usedMs: 0, beyondBound: true });
    const measured = [far];
    const s = await openSecurity(base(), measured);
    const lists = s.worker.of('clock/list').length;
    measured[0] = { ...far, offsetMs: 2 * DAY }; // what the worker measures now; the page still shows +1 day
    await click(byRole(s.root, 'button', 'Use this clock for https://my.broker.example'));
    await settle();
    expect(text(s.root, 'alert')).toBe('The clock of https://my.broker.example changed after it was shown. Check it again, then decide.');
    expect(s.worker.of('clock/list')).toHaveLength(lists + 1);
    expect(s.root.querySelector('table tbody tr .offset')!.textContent).toMatch(/^\+172,800\.0 s ± 0\.5 s/);
  });

  it('pure helpers: auto-lock choices under a maximum, offsets', () => {
    expect(autoLockChoices(45, null).map((c) => c.minutes)).toEqual([null, 1, 5, 15, 30, 45, 60]);
    expect(autoLockChoices(5, 5).filter((c) => c.allowed).map((c) => c.minutes)).toEqual([1, 5]);
    expect(formatOffset(clock({ origin: 'x', offsetMs: 0, uncertaintyMs: 400, checkedAt: 1 }), 'en')).toBe('0.0 s ± 0.4 s');
    expect(formatOffset(clock({ origin: 'x', offsetMs: 90_000, uncertaintyMs: 1000, checkedAt: 1 }), 'en')).toBe('+90.0 s ± 1.0 s');
    expect(formatClockFlag(clock({ origin: 'x', offsetMs: 90_000, uncertaintyMs: 1000 }), 'en')).toBeNull();
    expect(formatClockFlag(clock({ origin: 'x', offsetMs: -DAY, uncertaintyMs: 500, usedMs: 0, beyondBound: true }), 'en')).toContain('(they use 0.0 s)');
  });
});
