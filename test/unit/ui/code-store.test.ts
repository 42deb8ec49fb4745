import { describe, expect, it, vi } from 'vitest';
import { generateCode, secondsLeft } from '../../../src/totp';
import { createCodesStore, type Generate } from '../../../src/ui';
import { account, manualClock, T0 } from './support';

/** The code src/totp gives for this account at this wall-clock time plus the site's offset. */
const expected = (a: ReturnType<typeof account>, atMs: number, offsetMs = 0) =>
  generateCode(a.secret, { epochSeconds: (atMs + offsetMs) / 1000, algorithm: a.algorithm, digits: a.digits, period: a.period });

function counting() {
  const calls: string[] = [];
  const generate: Generate = (secret, options) => {
    calls.push(secret);
    return generateCode(secret, options);
  };
  return { calls, generate };
}

describe('codes', () => {
  it('match generateCode at the injected time, with each site’s clock offset applied', async () => {
    const clock = manualClock();
    const store = createCodesStore({ clock });
    const accounts = [account(0), account(1), account(2, { digits: 8, algorithm: 'SHA256' }), account(3, { period: 60 })];
    // broker1 runs 40 s ahead: at T0 (25 s left) that is already the next step.
    const offsets = { 'https://broker1.example': 40_000, 'https://broker3.example': -7_500 };
    await store.show(accounts, offsets);
    await store.settled();
    const rows = store.rows.value;
    expect(rows.map((r) => r.account.id)).toEqual(accounts.map((a) => a.id));
    for (const row of rows) {
      const want = await expected(row.account, T0, offsets[row.account.origin as keyof typeof offsets] ?? 0);
      expect(row.code.value, row.account.id).toBe(want);
    }
    // The offset really changed something: broker1's code is not the one of local time.
    expect(rows[1]!.code.value).not.toBe(await expected(accounts[1]!, T0));
    expect(rows[1]!.code.value).toBe(await expected(accounts[1]!, T0 + 30_000));
    store.dispose();
  });

  it('are shown grouped: "123 456" for 6 digits, "1234 5678" for 8, a same-width placeholder before', async () => {
    const clock = manualClock();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = createCodesStore({ clock, generate: (secret, options) => gate.then(() => generateCode(secret, options)), yieldToPaint: async () => {} });
    const six = account(0);
    const eight = account(1, { digits: 8 });
    await store.show([six, eight], {}, { first: 0 });
    await store.allRows();
    const [a, b] = store.rows.value;
    expect(a!.display.value).toBe('••• •••');
    expect(b!.display.value).toBe('•••• ••••');
    release();
    await store.settled();
    const six0 = await expected(six, T0);
    const eight0 = await expected(eight, T0);
    expect(a!.display.value).toBe(`${six0.slice(0, 3)} ${six0.slice(3)}`);
    expect(b!.display.value).toBe(`${eight0.slice(0, 4)} ${eight0.slice(4)}`);
    expect(b!.display.value).toMatch(/^\d{4} \d{4}$/);
    store.dispose();
  });

  it('compute the first screenful first, publish the rows, then the rest in batches', async () => {
    const clock = manualClock();
    const { calls, generate } = counting();
    const store = createCodesStore({ clock, generate, batchSize: 10, yieldToPaint: async () => {} });
    const accounts = Array.from({ length: 45 }, (_, i) => account(i));
    let paint!: () => void;
    const painted = new Promise<void>((resolve) => (paint = resolve));
    const store2 = createCodesStore({ clock, generate, batchSize: 10, yieldToPaint: () => painted });
    const published = store2.show(accounts, {}, { first: 5 });
    expect(store2.rows.value).toEqual([]); // nothing published before the first codes exist
    await published;
    // Only the first screenful, with its codes, until a paint has happened.
    expect(store2.rows.value.map((r) => r.account.id)).toEqual(accounts.slice(0, 5).map((a) => a.id));
    expect(calls).toEqual(accounts.slice(0, 5).map((a) => a.secret));
    expect(store2.rows.value.every((r) => /^\d{6}$/.test(r.code.value ?? ''))).toBe(true);
    expect(store2.complete.value).toBe(false);
    paint();
    await store2.settled();
    expect(store2.rows.value).toHaveLength(45);
    expect(store2.complete.value).toBe(true);
    expect(calls).toHaveLength(45);
    store2.dispose();
    calls.length = 0;

    await store.show(accounts, {}, { first: 5 });
    await store.settled();
    expect(store.complete.value).toBe(true);
    expect(calls).toHaveLength(45);
    expect(store.rows.value.every((r) => /^\d{6}$/.test(r.code.value ?? ''))).toBe(true);
    store.dispose();
  });

  it('keep codes for accounts that did not change when a new snapshot arrives', async () => {
    const clock = manualClock();
    const { calls, generate } = counting();
    const store = createCodesStore({ clock, generate });
    const accounts = [account(0), account(1), account(2)];
    await store.show(accounts, {});
    await store.settled();
    const before = store.rows.value[1]!.code;
    // Same keys (new objects, a new label), one account replaced, one added.
    await store.show([{ ...accounts[0]! }, { ...accounts[1]!, label: 'renamed' }, account(7)], {});
    await store.settled();
    expect(calls).toHaveLength(4); // 3 first, then only account 7
    expect(store.rows.value[1]!.code).toBe(before);
    expect(store.rows.value[1]!.account.label).toBe('renamed');
    store.dispose();
  });

  it('mark a key that cannot give a code as failed instead of breaking the list', async () => {
    const clock = manualClock();
    const store = createCodesStore({ clock });
    await store.show([account(0), account(1, { secret: 'NOT!BASE32' })], {});
    await store.settled();
    const [good, bad] = store.rows.value;
    expect(good!.code.value).toMatch(/^\d{6}$/);
    expect(bad!.failed.value).toBe(true);
    expect(bad!.display.value).toBe('Key error');
    store.dispose();
  });
});

describe('countdown', () => {
  it('counts the seconds left like src/totp and recomputes every code at the rollover', async () => {
    const clock = manualClock();
    const { calls, generate } = counting();
    const store = createCodesStore({ clock, generate });
    const accounts = [account(0), account(1), account(2)];
    await store.show(accounts, {});
    await store.settled();
    const row = store.rows.value[0]!;
    expect(row.timer.secondsLeft.value).toBe(secondsLeft(T0 / 1000));
    expect(row.timer.secondsLeft.value).toBe(25);
    clock.advance(1000);
    expect(row.timer.secondsLeft.value).toBe(24);
    const first = row.code.value;
    expect(calls).toHaveLength(3);

    clock.advance(24_000); // to the next step
    expect(row.timer.secondsLeft.value).toBe(30);
    await vi.waitFor(() => expect(calls).toHaveLength(6));
    await store.settled();
    for (const r of store.rows.value) expect(r.code.value).toBe(await expected(r.account, clock.now()));
    expect(row.code.value).not.toBe(first);
    // Ticking inside a step recomputes nothing.
    clock.advance(10_000);
    await store.settled();
    expect(calls).toHaveLength(6);
    store.dispose();
  });

  it('ticks at each site’s own second boundary (offsets in ms) and shares a timer per (period, offset)', async () => {
    const clock = manualClock(T0);
    const store = createCodesStore({ clock });
    const a = account(0); // broker0, no offset
    const b = account(1); // broker1, +400 ms
    const c = account(6); // broker1 as well
    await store.show([a, b, c], { 'https://broker1.example': 400 });
    const [ra, rb, rc] = store.rows.value;
    expect(rb!.timer).toBe(rc!.timer);
    expect(ra!.timer).not.toBe(rb!.timer);
    expect([ra!.timer.secondsLeft.value, rb!.timer.secondsLeft.value]).toEqual([25, 25]);
    clock.advance(600); // broker1's clock crosses a whole second, the local one does not
    expect([ra!.timer.secondsLeft.value, rb!.timer.secondsLeft.value]).toEqual([25, 24]);
    clock.advance(400);
    expect([ra!.timer.secondsLeft.value, rb!.timer.secondsLeft.value]).toEqual([24, 24]);
    store.dispose();
    expect(clock.pending).toBe(0);
  });
});
