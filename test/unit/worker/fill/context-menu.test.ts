import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../../../src/storage';
import { menuItems, parseMenuId } from '../../../../src/worker';
import { totp } from '../../../fixtures/rfc6238';
import { harness, KEY, SITE } from '../harness';

/** "Fill 2FA code" in the context menu: which items, on which sites, and what a click may do. */
const OTHER = 'https://broker.example';
const KEY2 = 'JBSWY3DPEHPK3PXP';
const view = (id: string, origin: string, label: string, status: AccountView['status'] = 'active'): AccountView => ({
  id,
  origin,
  label,
  issuer: '',
  secret: KEY,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  status,
  createdAt: 0,
});
const value = <T>(reply: unknown) => (reply as { ok: true; value: T }).value;

describe('menuItems', () => {
  it('one item on a site with one account, a submenu naming the accounts with several, nothing without an active one', () => {
    const items = menuItems([SITE, OTHER, 'https://empty.example'], [
      view('a1', SITE, 'ann@example.com'),
      view('b1', OTHER, 'bob@example.com'),
      view('b2', OTHER, 'bea@example.com'),
      view('p1', 'https://empty.example', 'pending@example.com', 'pending'),
      view('x1', 'https://not-registered.example', 'x@example.com'),
    ]);
    expect(items).toEqual([
      { id: `${SITE}|a1`, title: 'Fill 2FA code', documentUrlPatterns: [`${SITE}/*`] },
      { id: OTHER, title: 'Fill 2FA code', documentUrlPatterns: [`${OTHER}/*`] },
      { id: `${OTHER}|b1`, title: 'bob@example.com', parentId: OTHER, documentUrlPatterns: [`${OTHER}/*`] },
      { id: `${OTHER}|b2`, title: 'bea@example.com', parentId: OTHER, documentUrlPatterns: [`${OTHER}/*`] },
    ]);
  });

  it('locked: one item on every registered site that asks to unlock; no sites, no menu', () => {
    expect(menuItems([SITE, OTHER], null)).toEqual([{ id: 'unlock', title: 'Fill 2FA code (unlock the extension first)', documentUrlPatterns: [`${SITE}/*`, `${OTHER}/*`] }]);
    expect(menuItems([], null)).toEqual([]);
    expect(menuItems([], [view('a1', SITE, 'a')])).toEqual([]);
  });

  it('parseMenuId reads back only what menuItems writes', () => {
    expect(parseMenuId('unlock')).toEqual({ kind: 'unlock' });
    expect(parseMenuId(`${SITE}|a1`)).toEqual({ kind: 'fill', origin: SITE, accountId: 'a1' });
    expect(parseMenuId(OTHER)).toBeNull(); // a parent item
    expect(parseMenuId(`${OTHER}/path|a1`)).toBeNull();
    expect(parseMenuId(`${OTHER}|`)).toBeNull();
    expect(parseMenuId(42)).toBeNull();
  });
});

describe('the worker\'s context menu', () => {
  async function withAccounts() {
    const h = harness();
    await h.page('sites/add', { site: SITE });
    await h.page('backup/import', { text: `otpauth://totp/ann%40example.com?secret=${KEY}\notpauth://totp/bob%40example.com?secret=${KEY2}`, site: SITE });
    await h.worker.menus.sync();
    const accounts = await h.snapshot();
    expect(accounts.map((a) => a.label).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    return { h, ann: accounts.find((a) => a.label === 'ann@example.com')!, bob: accounts.find((a) => a.label === 'bob@example.com')! };
  }

  it('follows the accounts and the lock; a sync with nothing changed leaves the menu alone', async () => {
    const { h, ann } = await withAccounts();
    expect(h.menus.at(-1)!.map((i) => i.title)).toEqual(['Fill 2FA code', 'ann@example.com', 'bob@example.com']);
    const built = h.menus.length;
    await h.worker.menus.sync();
    expect(h.menus).toHaveLength(built);
    expect(await h.page('accounts/set-status', { id: ann.id, status: 'archived' })).toMatchObject({ ok: true });
    await h.worker.menus.sync();
    expect(h.menus.at(-1)).toEqual([{ id: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8787\|/), title: 'Fill 2FA code', documentUrlPatterns: [`${SITE}/*`] }]);
    await h.page('security/passphrase', { next: 'correct horse battery' });
    await h.page('vault/lock');
    await h.worker.menus.sync();
    expect(h.menus.at(-1)!.map((i) => i.id)).toEqual(['unlock']);
    expect(await h.worker.menus.clicked({ menuItemId: 'unlock', frameId: 0 }, 7)).toBe(false);
    expect(h.popups).toHaveLength(1);
  });

  it('a chosen account is filled into the right-clicked field of its own site\'s top frame, with a code of that account', async () => {
    const { h, bob } = await withAccounts();
    expect(await h.worker.menus.clicked({ menuItemId: `${SITE}|${bob.id}`, frameId: 0 }, 7)).toBe(true);
    expect(h.asked).toEqual([7]);
    expect(h.askedAt).toEqual(['context']);
    const answer = await h.content('autofill/code', { reason: 'manual' });
    expect(value<{ code: string }>(answer).code).toBe(totp(KEY2, await h.serverNow()));
  });

  it('refuses a frame, another site\'s tab, a parent item, and an account of another site', async () => {
    const { h, ann } = await withAccounts();
    expect(await h.worker.menus.clicked({ menuItemId: `${SITE}|${ann.id}`, frameId: 3 }, 7)).toBe(false);
    expect(await h.worker.menus.clicked({ menuItemId: `${SITE}|${ann.id}` }, 7)).toBe(false);
    expect(await h.worker.menus.clicked({ menuItemId: `${SITE}|${ann.id}`, frameId: 0 }, 8)).toBe(false); // tab 8 is evil.example
    expect(await h.worker.menus.clicked({ menuItemId: `${SITE}|${ann.id}`, frameId: 0 }, undefined)).toBe(false);
    expect(await h.worker.menus.clicked({ menuItemId: SITE, frameId: 0 }, 7)).toBe(false);
    expect(h.asked).toEqual([]);
    // An id naming this site with an account of no site here: the grant is given, the code is not.
    expect(await h.worker.menus.clicked({ menuItemId: `${SITE}|no-such-account`, frameId: 0 }, 7)).toBe(true);
    expect(await h.content('autofill/code', { reason: 'manual' })).toEqual({ ok: true, value: { code: null, why: 'no_account' } });
  });
});
