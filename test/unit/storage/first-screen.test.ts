import { describe, expect, it } from 'vitest';
import { firstScreenOf, type AccountsSnapshot, type AccountView } from '../../../src/storage';

/** The search box's words in English, as the worker writes them into the first screen. */
const SEARCH = (n: number) => `Search ${n} account${n === 1 ? '' : 's'}`;

const view = (i: number, over: Partial<AccountView> = {}): AccountView => ({
  id: `a${i}`,
  origin: `https://broker${i % 3}.example`,
  label: `client${i}@example.com`,
  issuer: '',
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  status: 'active',
  createdAt: i,
  ...over,
});
const snapshot = (accounts: AccountView[], extra: Partial<AccountsSnapshot> = {}): AccountsSnapshot => ({ v: 1, accounts, offsets: { 'https://broker1.example': 40_000 }, at: 0, ...extra });

describe('firstScreenOf', () => {
  it('the first eight active accounts in the snapshot\'s order, with their sites\' offsets; the count and the sites of all', () => {
    const accounts = Array.from({ length: 20 }, (_, i) => view(i));
    const first = firstScreenOf(snapshot(accounts), SEARCH);
    expect(first.total).toBe(20);
    expect(first.rows.map((r) => r.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    expect(first.rows.map((r) => r.offset)).toEqual([0, 40_000, 0, 0, 40_000, 0, 0, 40_000]);
    expect(first.origins.sort()).toEqual(['https://broker0.example', 'https://broker1.example', 'https://broker2.example']);
    expect(first.notes).toBe(false);
    expect(first.search).toBe('Search 20 accounts');
    // Small whatever the vault's size.
    expect(JSON.stringify(firstScreenOf(snapshot(Array.from({ length: 2000 }, (_, i) => view(i))), SEARCH)).length).toBeLessThan(3000);
  });

  it('notes what makes the first screen more than a list: a pending capture, unreadable records, full storage', () => {
    expect(firstScreenOf(snapshot([view(0), view(1, { status: 'pending' })]), SEARCH)).toMatchObject({ notes: true, total: 1, rows: [{ id: 'a0' }] });
    expect(firstScreenOf(snapshot([view(0)], { problems: 2 }), SEARCH).notes).toBe(true);
    expect(firstScreenOf(snapshot([view(0)], { full: true }), SEARCH).notes).toBe(true);
    expect(firstScreenOf(snapshot([]), SEARCH).rows).toEqual([]);
  });
});
