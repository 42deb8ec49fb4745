import { describe, expect, it } from 'vitest';
import { isAccount } from '../../../src/vault';
import { compareAccounts, toAccountViews } from '../../../src/storage';
import { makeAccount } from '../../fixtures/accounts';

describe('the popup snapshot order', () => {
  it('puts pinned accounts first, then the person’s order, then site, label and age', () => {
    const a = makeAccount({ origin: 'https://a.example', label: 'zed' });
    const b = makeAccount({ origin: 'https://b.example', label: 'amy' });
    const c = makeAccount({ origin: 'https://a.example', label: 'bob' });
    const d = makeAccount({ origin: 'https://c.example', label: 'cy', pinned: true });
    const e = makeAccount({ origin: 'https://d.example', label: 'di', order: 1 });
    const f = makeAccount({ origin: 'https://e.example', label: 'ed', order: 0 });
    const g = makeAccount({ origin: 'https://z.example', label: 'gus', pinned: true, order: 5 });
    const h = makeAccount({ origin: 'https://a.example', label: 'bob' }); // same site and label as c, created later
    const views = toAccountViews([a, b, c, d, e, f, g, h]);
    expect(views.map((v) => v.id)).toEqual([g, d, f, e, c, h, a, b].map((x) => x.id));
  });

  it('leaves archived accounts out and never carries pinned/order into the popup’s view', () => {
    const shown = makeAccount({ pinned: true, order: 2 });
    const views = toAccountViews([makeAccount({ status: 'archived' }), shown]);
    expect(views).toHaveLength(1);
    expect(Object.keys(views[0]!).sort()).toEqual(['algorithm', 'createdAt', 'digits', 'id', 'issuer', 'label', 'origin', 'period', 'secret', 'status']);
  });

  it('is a total order: antisymmetric, and equal only for the same place', () => {
    const x = makeAccount({ order: 3 });
    const y = makeAccount({ order: 3, pinned: false });
    expect(Math.sign(compareAccounts(x, y))).toBe(-Math.sign(compareAccounts(y, x)));
    expect(compareAccounts(x, x)).toBe(0);
    // No NaN from two accounts without a place.
    expect(Number.isNaN(compareAccounts(makeAccount(), makeAccount()))).toBe(false);
  });

  it('keeps records from before pinned/order valid, and refuses nonsense in them', () => {
    const { pinned: _p, order: _o, ...old } = makeAccount();
    expect(isAccount(old)).toBe(true);
    expect(isAccount({ ...old, pinned: true, order: 0 })).toBe(true);
    expect(isAccount({ ...old, pinned: 'yes' })).toBe(false);
    expect(isAccount({ ...old, order: -1 })).toBe(false);
    expect(isAccount({ ...old, order: 1.5 })).toBe(false);
  });
});
