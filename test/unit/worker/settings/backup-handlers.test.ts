import { describe, expect, it } from 'vitest';
import { encodeBase32, formatMigrationUri, generateCode, parseMigrationUri } from '../../../../src/totp';
import { oathtool } from '../../../fixtures/oathtool';
import type { Account } from '../../../../src/vault';
import { makeAccount } from '../../../fixtures/accounts';
import { ALL_CRAFTED_KEYS, CRAFTED, CRAFTED_KEYS, craftedAccounts, craftedEncryptedBackup, craftedMigrationLink, craftedOtpauthList } from '../../../fixtures/import-crafted';
import { totp } from '../../../fixtures/rfc6238';
import { harness, KEY, SITE } from '../harness';

const BACKUP_PASSPHRASE = 'correct horse battery';
const VAULT_PASSPHRASE = 'a long passphrase';
const KEY2 = 'JBSWY3DPEHPK3PXP';
const KEY3 = 'GEZDGNBVGY3TQOJQ';
const BROKER = 'https://my.broker.example';
const KEY4 = 'MZXW6YTBOI2DIMZU';

type Harness = ReturnType<typeof harness>;
type Export = { filename: string; text: string; count: number };
type Import = { added: number; skipped: number; problems: string[] };

/** A browser with `sites` registered (the broker's host permission granted). */
async function withSites(sites: string[] = [SITE, BROKER]): Promise<Harness> {
  const h = harness({ permitted: [BROKER] });
  for (const site of sites) {
    const added = await h.page('sites/add', { site });
    if (!added.ok) throw new Error(added.error.message);
  }
  return h;
}

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

const four = () => [
  makeAccount({ secret: KEY, label: 'one@example.com', pinned: true }),
  makeAccount({ secret: KEY2, label: 'two@example.com', origin: BROKER, status: 'archived', archivedAt: 1_700_000_900_000, client: { email: 'two@example.com', clientId: '2' } }),
  makeAccount({ secret: KEY3, label: 'three@example.com', status: 'pending', wizardUuid: 'w-3', order: 4 }),
  makeAccount({ secret: KEY4, label: 'four@example.com', client: { clientId: '4' }, wizardUuid: 'w-4', confirmedAt: 1_700_000_500_000 }),
];

describe('backup/export encrypted → wipe → backup/import', () => {
  it('restores every account with its owner, wizard id and codes (a pending one comes back archived), records the export, and never adds twice', async () => {
    const original = four();
    const h = await seeded(original, await withSites());
    const file = await exported(h, { format: 'encrypted', passphrase: BACKUP_PASSPHRASE });
    expect(file.filename).toBe(`b2core-authenticator-${localDay(h.now())}.json`);
    expect(file.filename).toMatch(/^b2core-authenticator-\d{4}-\d{2}-\d{2}\.json$/);
    expect(file.count).toBe(4);
    for (const secret of [KEY, KEY2, KEY3, KEY4]) expect(file.text).not.toContain(secret);
    expect(JSON.parse(file.text)).toMatchObject({ format: 'b2core-authenticator-backup', version: 1 });
    expect(await h.local.get('backup')).toEqual({ lastExportAt: h.now(), format: 'encrypted' });

    for (const a of await vaultAccounts(h)) expect(await h.page('accounts/delete', { id: a.id })).toEqual({ ok: true, value: { deleted: true } });
    expect(await vaultAccounts(h)).toEqual([]);

    expect(await imported(h, { text: file.text, passphrase: BACKUP_PASSPHRASE })).toEqual({
      added: 4,
      skipped: 0,
      problems: ['1 key was still waiting for a site to confirm it: it was imported as archived. Restore it under Accounts only if you know its site accepts its codes.'],
    });
    const restored = await vaultAccounts(h);
    // Everything comes back as it was, but the pending key: no server confirmed it, so it is archived.
    const expected = original.map((a) => (a.status === 'pending' ? { ...a, status: 'archived' as const, archivedAt: h.now() } : a));
    expect(restored.map(essence).sort(byKey)).toEqual(expected.map(essence).sort(byKey));
    for (const a of restored) expect(totp(a.secret, h.now())).toBe(totp(original.find((o) => o.origin === a.origin && o.label === a.label)!.secret, h.now()));
    // The popup sees the active ones again (pinned first; archived left out).
    expect((await h.snapshot()).map((a) => a.secret)).toEqual([KEY, KEY4]);
    // No site was added by the import.
    expect(await h.local.get('sites')).toEqual([SITE, BROKER].sort());

    expect(await imported(h, { text: file.text, passphrase: BACKUP_PASSPHRASE })).toEqual({ added: 0, skipped: 4, problems: [] });
    expect(await vaultAccounts(h)).toHaveLength(4);
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
    // One active account, one archived, one pending: only the active one is listed.
    const h = await seeded(four().slice(0, 3));
    const list = await exported(h, { format: 'otpauth' });
    expect(list.filename).toBe(`b2core-authenticator-${localDay(h.now())}.txt`);
    expect(list.count).toBe(1);
    expect(list.text.split('\n')).toEqual([expect.stringMatching(new RegExp(`^otpauth://totp/.*secret=${KEY}.*b2core_origin=${encodeURIComponent(SITE)}`))]);
    expect(await h.local.get('backup')).toEqual({ lastExportAt: h.now(), format: 'otpauth' });

    const other = await withSites([SITE]);
    expect(await imported(other, { text: list.text })).toEqual({ added: 1, skipped: 0, problems: [] });
    const [restored] = await vaultAccounts(other);
    expect(restored).toMatchObject({ origin: SITE, secret: KEY, label: 'one@example.com', status: 'active' });
    expect(totp(restored!.secret, other.now())).toBe(totp(KEY, other.now()));
  });

  it('reports unreadable lines by number without echoing them, and imports the rest', async () => {
    const h = await withSites([SITE]);
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
    expect(await imported(h, { text: link })).toEqual({ added: 0, skipped: 0, problems: ['1 key does not say which site it belongs to: choose a site and import the file again.'] });
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

describe('a crafted file', () => {
  const PASSPHRASE = 'crafted passphrase';
  const UNREGISTERED_LINE = (count: number, origin: string) =>
    count === 1
      ? `1 key for ${origin} was not imported: that site is not registered here. Add it under Sites, or choose a site below, and import the file again.`
      : `${count} keys for ${origin} were not imported: that site is not registered here. Add it under Sites, or choose a site below, and import the file again.`;
  const MOVED_LINE = (_count: 1, origin: string, site: string) => `1 key named ${origin}, which is not a registered site: it was imported for the chosen site, ${site}.`;
  const PENDING_LINE = (_count: 1) => '1 key was still waiting for a site to confirm it: it was imported as archived. Restore it under Accounts only if you know its site accepts its codes.';
  const secretsOf = (accounts: Account[]) => accounts.map((a) => a.secret).sort();

  it('encrypted, no site chosen: the pending key arrives archived, the unregistered site is named and skipped, the registry is untouched', async () => {
    const h = await withSites([SITE]);
    const text = await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, now: h.now() });
    const result = await imported(h, { text, passphrase: PASSPHRASE });
    expect(result).toEqual({ added: 3, skipped: 0, problems: [UNREGISTERED_LINE(1, CRAFTED.unregisteredOrigin), PENDING_LINE(1)] });
    const accounts = await vaultAccounts(h);
    expect(secretsOf(accounts)).toEqual([CRAFTED_KEYS.pending, CRAFTED_KEYS.foreignOwner, CRAFTED_KEYS.honest].sort());
    expect(accounts.every((a) => a.origin === SITE && a.status !== 'pending')).toBe(true);
    expect(accounts.find((a) => a.secret === CRAFTED_KEYS.pending)).toMatchObject({ status: 'archived', archivedAt: h.now() });
    // Our own format keeps the owner (the person chose the file and typed its passphrase); a future confirmation is not believed.
    expect(accounts.find((a) => a.secret === CRAFTED_KEYS.foreignOwner)).toMatchObject({ client: { clientId: CRAFTED.foreignClientId }, confirmedAt: h.now() });
    expect(await h.local.get('sites')).toEqual([SITE]);
    for (const key of ALL_CRAFTED_KEYS) expect(JSON.stringify(result)).not.toContain(key);
  });

  it('encrypted, a site chosen: the key for the unregistered site goes there, without the owner or wizard id it claimed', async () => {
    const h = await withSites([SITE, BROKER]);
    const text = await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, now: h.now() });
    const result = await imported(h, { text, passphrase: PASSPHRASE, site: BROKER });
    expect(result).toEqual({ added: 4, skipped: 0, problems: [MOVED_LINE(1, CRAFTED.unregisteredOrigin, BROKER), PENDING_LINE(1)] });
    const moved = (await vaultAccounts(h)).find((a) => a.secret === CRAFTED_KEYS.unregistered)!;
    expect(moved).toMatchObject({ origin: BROKER, status: 'active', client: {} });
    expect(moved.wizardUuid).toBeUndefined();
    expect(await h.local.get('sites')).toEqual([SITE, BROKER].sort());
    expect((await h.snapshot()).map((a) => a.secret).sort()).toEqual([CRAFTED_KEYS.foreignOwner, CRAFTED_KEYS.honest, CRAFTED_KEYS.unregistered].sort());
  });

  it('plain links: no owner, no wizard id, never pending; an unregistered site is skipped, or replaced by the chosen one', async () => {
    const h = await withSites([SITE, BROKER]);
    const text = craftedOtpauthList(SITE);
    expect(await imported(h, { text })).toEqual({ added: 1, skipped: 0, problems: [UNREGISTERED_LINE(1, CRAFTED.unregisteredOrigin)] });
    expect(await vaultAccounts(h)).toEqual([expect.objectContaining({ origin: SITE, secret: CRAFTED_KEYS.linkClaims, status: 'active', client: {}, label: CRAFTED.foreignEmail })]);
    expect(await imported(h, { text, site: BROKER })).toEqual({ added: 1, skipped: 1, problems: [MOVED_LINE(1, CRAFTED.unregisteredOrigin, BROKER)] });
    const accounts = await vaultAccounts(h);
    expect(accounts.map((a) => [a.secret, a.origin, a.status, a.client, a.wizardUuid]).sort()).toEqual(
      [
        [CRAFTED_KEYS.linkClaims, SITE, 'active', {}, undefined],
        [CRAFTED_KEYS.linkUnregistered, BROKER, 'active', {}, undefined],
      ].sort(),
    );
    expect(await h.local.get('sites')).toEqual([SITE, BROKER].sort());
  });

  it('a Google Authenticator export: the label’s email is a label, not an owner', async () => {
    const h = await withSites([SITE]);
    expect(await imported(h, { text: craftedMigrationLink(), site: SITE })).toEqual({ added: 1, skipped: 0, problems: [] });
    expect(await vaultAccounts(h)).toEqual([expect.objectContaining({ origin: SITE, client: {}, label: CRAFTED.foreignEmail, status: 'active' })]);
  });

  it('with no site registered at all, nothing is imported and nothing is registered', async () => {
    const h = harness();
    const text = await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, now: h.now() });
    const result = await imported(h, { text, passphrase: PASSPHRASE });
    expect(result).toEqual({ added: 0, skipped: 0, problems: [UNREGISTERED_LINE(3, SITE), UNREGISTERED_LINE(1, CRAFTED.unregisteredOrigin)] });
    expect(await vaultAccounts(h)).toEqual([]);
    expect(await h.local.get('sites')).toBeUndefined();
  });

  it('an error writes nothing and names no key: wrong passphrase, tampered data, a forged format, an unregistered chosen site', async () => {
    const h = await withSites([SITE]);
    const text = await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, now: h.now() });
    const parsed = JSON.parse(text);
    const replies = [
      await h.page('backup/import', { text, passphrase: 'not the passphrase' }),
      await h.page('backup/import', { text: JSON.stringify({ ...parsed, data: parsed.data.slice(8) }), passphrase: PASSPHRASE }),
      await h.page('backup/import', { text: JSON.stringify({ accounts: Object.values(craftedAccounts(SITE)) }), passphrase: PASSPHRASE }),
      await h.page('backup/import', { text: craftedOtpauthList(SITE), site: CRAFTED.unregisteredOrigin }),
    ];
    for (const reply of replies) {
      expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      for (const key of ALL_CRAFTED_KEYS) expect(JSON.stringify(reply)).not.toContain(key);
    }
    expect(await vaultAccounts(h)).toEqual([]);
    expect(await h.local.get('sites')).toEqual([SITE]);
  });
});

describe('backup/transfer: "Add to a phone"', () => {
  type Transfer = { uris: string[]; skipped: number };
  const randomKey = (i: number) => encodeBase32(new Uint8Array(Array.from({ length: 20 }, (_, j) => (i * 31 + j * 7 + 1) % 256)));

  it('gives the chosen active accounts as Google Authenticator transfer links, 8 per code, one batch; the phone\'s codes are oathtool\'s', async () => {
    const chosen = Array.from({ length: 10 }, (_, i) => makeAccount({ secret: randomKey(i), label: `client${i}@example.com`, origin: BROKER, issuer: i % 2 ? 'Broker' : '', ...(i === 3 ? { algorithm: 'SHA256' as const, digits: 8 } : {}) }));
    const archived = makeAccount({ secret: KEY2, status: 'archived' });
    const notChosen = makeAccount({ secret: KEY3 });
    const sevenDigits = makeAccount({ secret: KEY4, digits: 7 });
    const h = await seeded([...chosen, archived, notChosen, sevenDigits]);
    const reply = await h.page('backup/transfer', { ids: [...chosen, archived, sevenDigits].map((a) => a.id) });
    expect(reply).toMatchObject({ ok: true });
    const { uris, skipped } = (reply as { value: Transfer }).value;
    expect(skipped).toBe(1);
    expect(uris).toHaveLength(2);
    const parsed = uris.map((uri) => parseMigrationUri(uri));
    const batches = parsed.map((p) => (p.ok ? p.batch : null));
    expect(batches.map((b) => [b?.size, b?.index])).toEqual([[2, 0], [2, 1]]);
    expect(batches[0]!.id).toBe(batches[1]!.id);
    const carried = parsed.flatMap((p) => (p.ok ? p.accounts : []));
    expect(carried.map((a) => a.secret).sort()).toEqual(chosen.map((a) => a.secret).sort());
    // The account's own issuer, else its site's host: the phone says which broker a code is for.
    expect(new Set(carried.map((a) => a.issuer))).toEqual(new Set(['Broker', 'my.broker.example']));
    const at = 1_764_000_000;
    for (const a of carried) {
      const mine = await generateCode(a.secret, { epochSeconds: at, algorithm: a.algorithm, digits: a.digits, period: a.period });
      expect(mine).toBe(oathtool(a.secret, at, { digits: a.digits, algorithm: a.algorithm.toLowerCase() as 'sha1' | 'sha256' }));
    }
    // Our own import reads the same links back, code for code.
    const other = await withSites([BROKER]);
    const imported = await other.page('backup/import', { text: uris.join('\n'), site: BROKER });
    expect(imported).toMatchObject({ ok: true, value: { added: 10 } });
    expect((await vaultAccounts(other)).map((a) => a.secret).sort()).toEqual(chosen.map((a) => a.secret).sort());
  });

  it('asks for the vault passphrase when one is set, and refuses a choice with nothing to carry', async () => {
    const h = await seeded([makeAccount({ secret: KEY }), makeAccount({ secret: KEY2, period: 60 })]);
    const [plain, long] = await vaultAccounts(h);
    expect(await h.page('backup/transfer', { ids: [long!.id] })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringMatching(/None of the chosen accounts/) } });
    const key = await h.worker.vaultSession.key();
    await h.vault.setPassphrase(key!, VAULT_PASSPHRASE);
    expect(await h.page('backup/transfer', { ids: [plain!.id] })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: 'Your vault is protected by a passphrase: enter it to continue.' } });
    expect(await h.page('backup/transfer', { ids: [plain!.id], vaultPassphrase: 'wrong passphrase' })).toMatchObject({ ok: false });
    expect(await h.page('backup/transfer', { ids: [plain!.id], vaultPassphrase: VAULT_PASSPHRASE })).toMatchObject({ ok: true, value: { skipped: 0, uris: [expect.stringMatching(/^otpauth-migration:\/\/offline\?data=/)] } });
    expect(await h.page('backup/transfer', { ids: [] })).toMatchObject({ ok: false, error: { kind: 'bad_message' } }); // the protocol wants a choice
  });
});
