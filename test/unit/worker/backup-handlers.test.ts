import { describe, expect, it } from 'vitest';
import { formatMigrationUri } from '../../../src/totp';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { totp } from '../../fixtures/rfc6238';
import { harness, KEY, SITE } from './harness';

const BACKUP_PASSPHRASE = 'correct horse battery';
const VAULT_PASSPHRASE = 'a long passphrase';
const KEY2 = 'JBSWY3DPEHPK3PXP';
const KEY3 = 'GEZDGNBVGY3TQOJQ';

type Harness = ReturnType<typeof harness>;
type Export = { filename: string; text: string; count: number };
type Import = { added: number; skipped: number; problems: string[] };

async function seeded(accounts: Account[], h: Harness = harness()) {
  const key = await h.worker.vaultSession.key();
  if (!key) throw new Error('no key');
  for (const a of accounts) {
    const added = await h.vault.add(key, a);
    if (!added.ok) throw new Error(added.error.message);
  }
  return h;
}

async function vaultAccounts(h: Harness): Promise<Account[]> {
  const key = await h.worker.vaultSession.key();
  const listed = key ? await h.vault.list(key) : null;
  if (!listed?.ok) throw new Error('list');
  return listed.value.accounts;
}

async function exported(h: Harness, payload: Record<string, unknown>): Promise<Export> {
  const reply = await h.page('backup/export', payload);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as Export;
}

async function imported(h: Harness, payload: Record<string, unknown>): Promise<Import> {
  const reply = await h.page('backup/import', payload);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as Import;
}

/** What must survive a round trip: everything but the id. */
const essence = ({ id: _id, ...rest }: Account) => rest;
const byKey = (a: { secret: string }, b: { secret: string }) => a.secret.localeCompare(b.secret);
/** The local calendar day, as the person sees it (sv-SE writes dates as YYYY-MM-DD). */
const localDay = (ms: number) => new Date(ms).toLocaleDateString('sv-SE');

const three = () => [
  makeAccount({ secret: KEY, label: 'one@example.com', pinned: true }),
  makeAccount({ secret: KEY2, label: 'two@example.com', origin: 'https://my.broker.example', status: 'archived', archivedAt: 1_700_000_900_000 }),
  makeAccount({ secret: KEY3, label: 'three@example.com', status: 'pending', wizardUuid: 'w-3', order: 4 }),
];

describe('backup/export encrypted → wipe → backup/import', () => {
  it('restores every account (every status) with the same codes, records the export, and never adds twice', async () => {
    const original = three();
    const h = await seeded(original);
    const file = await exported(h, { format: 'encrypted', passphrase: BACKUP_PASSPHRASE });
    expect(file.filename).toBe(`b2core-authenticator-${localDay(h.now())}.json`);
    expect(file.filename).toMatch(/^b2core-authenticator-\d{4}-\d{2}-\d{2}\.json$/);
    expect(file.count).toBe(3);
    for (const secret of [KEY, KEY2, KEY3]) expect(file.text).not.toContain(secret);
    expect(JSON.parse(file.text)).toMatchObject({ format: 'b2core-authenticator-backup', version: 1 });
    expect(await h.local.get('backup')).toEqual({ lastExportAt: h.now(), format: 'encrypted' });

    for (const a of await vaultAccounts(h)) expect(await h.page('accounts/delete', { id: a.id })).toEqual({ ok: true, value: { deleted: true } });
    expect(await vaultAccounts(h)).toEqual([]);

    expect(await imported(h, { text: file.text, passphrase: BACKUP_PASSPHRASE })).toEqual({ added: 3, skipped: 0, problems: [] });
    const restored = await vaultAccounts(h);
    expect(restored.map(essence).sort(byKey)).toEqual(original.map(essence).sort(byKey));
    for (const a of restored) expect(totp(a.secret, h.now())).toBe(totp(original.find((o) => o.origin === a.origin && o.label === a.label)!.secret, h.now()));
    // The popup sees them again (pinned first; archived left out).
    expect((await h.snapshot()).map((a) => a.secret)).toEqual([KEY, KEY3]);

    expect(await imported(h, { text: file.text, passphrase: BACKUP_PASSPHRASE })).toEqual({ added: 0, skipped: 3, problems: [] });
    expect(await vaultAccounts(h)).toHaveLength(3);
  });

  it('refuses a wrong, missing or weak passphrase and a damaged file, writing nothing', async () => {
    const h = await seeded([makeAccount({ secret: KEY })]);
    const weak = await h.page('backup/export', { format: 'encrypted', passphrase: 'short' });
    expect(weak).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'A backup passphrase needs at least 8 characters.' } });
    expect(await h.page('backup/export', { format: 'encrypted' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.local.get('backup')).toBeUndefined();

    const file = await exported(h, { format: 'encrypted', passphrase: BACKUP_PASSPHRASE });
    const other = harness();
    const before = await vaultAccounts(other);
    const wrong = await other.page('backup/import', { text: file.text, passphrase: 'not the backup passphrase' });
    expect(wrong).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'That passphrase does not open this backup (or the file was changed). Nothing was imported.' } });
    expect(await other.page('backup/import', { text: file.text })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'This backup is encrypted: enter its passphrase.' } });
    const parsed = JSON.parse(file.text);
    const damaged = JSON.stringify({ ...parsed, data: `${parsed.data.slice(0, -8)}AAAAAAA=` });
    expect(await other.page('backup/import', { text: damaged, passphrase: BACKUP_PASSPHRASE })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await other.page('backup/import', { text: '{"format":"something else"}' })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringMatching(/^This file is neither a backup/) } });
    expect(await other.page('backup/import', { text: '  \n ' })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'The file is empty.' } });
    expect(await vaultAccounts(other)).toEqual(before);
    expect(await other.snapshot()).toEqual([]);
  });

  it('has nothing to export from an empty vault, and says so', async () => {
    const h = harness();
    expect(await h.page('backup/export', { format: 'encrypted', passphrase: BACKUP_PASSPHRASE })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'There are no accounts to back up yet.' } });
    expect(await h.page('backup/export', { format: 'otpauth' })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'There are no active accounts to put in a list.' } });
    expect(await h.local.get('backup')).toBeUndefined();
  });
});

describe('the plain otpauth list', () => {
  it('holds the active accounts, one link each, and imports into another browser with the same codes', async () => {
    const h = await seeded(three());
    const list = await exported(h, { format: 'otpauth' });
    expect(list.filename).toBe(`b2core-authenticator-${localDay(h.now())}.txt`);
    expect(list.count).toBe(1);
    expect(list.text.split('\n')).toEqual([expect.stringMatching(new RegExp(`^otpauth://totp/.*secret=${KEY}.*b2core_origin=${encodeURIComponent(SITE)}`))]);
    expect(await h.local.get('backup')).toEqual({ lastExportAt: h.now(), format: 'otpauth' });

    const other = harness();
    expect(await imported(other, { text: list.text })).toEqual({ added: 1, skipped: 0, problems: [] });
    const [restored] = await vaultAccounts(other);
    expect(restored).toMatchObject({ origin: SITE, secret: KEY, label: 'one@example.com', status: 'active' });
    expect(totp(restored!.secret, other.now())).toBe(totp(KEY, other.now()));
  });

  it('reports unreadable lines by number without echoing them, and imports the rest', async () => {
    const h = harness();
    const good = `otpauth://totp/Broker:a%40example.com?secret=${KEY}&issuer=Broker&b2core_origin=${encodeURIComponent(SITE)}`;
    const text = ['# keys', good, 'otpauth://totp/x?secret=SECRETWITH1', 'hello'].join('\n');
    const result = await imported(h, { text });
    expect(result.added).toBe(1);
    expect(result.problems).toEqual([expect.stringMatching(/^Line 3: /), expect.stringMatching(/^Line 4: /)]);
    expect(JSON.stringify(result)).not.toContain('SECRETWITH1');
  });

  it('takes a Google Authenticator export: keys without a site wait for one; a registered site is required', async () => {
    const h = harness();
    const link = formatMigrationUri([{ issuer: 'Broker', label: 'demo@example.com', secret: KEY, algorithm: 'SHA1', digits: 6, period: 30 }]);
    expect(await imported(h, { text: link })).toEqual({ added: 0, skipped: 0, problems: ['1 key(s) do not say which site they belong to: choose a site and import the file again.'] });
    expect(await h.page('backup/import', { text: link, site: SITE })).toEqual({
      ok: false,
      error: { kind: 'invalid_input', message: 'The chosen site is not registered. Add it under Sites first.' },
    });
    await h.page('sites/add', { site: SITE });
    expect(await imported(h, { text: link, site: SITE })).toEqual({ added: 1, skipped: 0, problems: [] });
    expect(await vaultAccounts(h)).toMatchObject([{ origin: SITE, secret: KEY, label: 'demo@example.com', issuer: 'Broker', status: 'active' }]);
    expect((await h.snapshot()).map((a) => a.secret)).toEqual([KEY]);
  });
});

describe('with a vault passphrase', () => {
  it('an export asks for it (every key leaves in the file); a wrong one exports and records nothing', async () => {
    const h = await seeded([makeAccount({ secret: KEY })]);
    const key = await h.worker.vaultSession.key();
    await h.vault.setPassphrase(key!, VAULT_PASSPHRASE);
    expect(await h.page('backup/export', { format: 'otpauth' })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: 'Your vault is protected by a passphrase: enter it to continue.' } });
    expect(await h.page('backup/export', { format: 'encrypted', passphrase: BACKUP_PASSPHRASE, vaultPassphrase: 'wrong passphrase' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await h.local.get('backup')).toBeUndefined();
    expect((await exported(h, { format: 'otpauth', vaultPassphrase: VAULT_PASSPHRASE })).count).toBe(1);
  });

  it('a locked vault answers `locked` to export and import', async () => {
    const h = await seeded([makeAccount({ secret: KEY })]);
    const key = await h.worker.vaultSession.key();
    await h.vault.setPassphrase(key!, VAULT_PASSPHRASE);
    await h.page('vault/lock');
    expect(await h.page('backup/export', { format: 'otpauth', vaultPassphrase: VAULT_PASSPHRASE })).toMatchObject({ ok: false, error: { kind: 'locked', message: expect.stringMatching(/locked/) } });
    expect(await h.page('backup/import', { text: `otpauth://totp/a?secret=${KEY2}` })).toMatchObject({ ok: false, error: { kind: 'locked' } });
  });
});
