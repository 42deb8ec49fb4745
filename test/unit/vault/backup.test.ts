import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32, formatMigrationUri } from '../../../src/totp';
import { exportEncrypted, exportOtpauthList, planImport, readBackup, type Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { ALL_CRAFTED_KEYS, CRAFTED, CRAFTED_KEYS, craftedAccounts, craftedEncryptedBackup, craftedMigrationLink, craftedOtpauthList } from '../../fixtures/import-crafted';
import { TEST_BACKUP_ITERATIONS } from '../../fixtures/kdf';

const now = () => 1_764_000_000_000;
let next = 0;
const newId = () => `imported-${String(++next).padStart(6, '0')}`;
const withoutId = ({ id: _id, ...rest }: Account) => rest;
const SITE = 'http://127.0.0.1:8787';
const OTHER = 'https://my.broker.example';
const NOTHING_ELSE = { duplicates: 0, needsSite: 0, unregistered: [], moved: [], pendingArchived: 0 };
/** An account as an honest import restores it: a pending one comes back archived (at `now`). */
const restoredAs = (a: Account) => {
  const rest = withoutId(a);
  if (rest.status !== 'pending') return rest;
  const { confirmedAt: _confirmed, ...unconfirmed } = rest;
  return { ...unconfirmed, status: 'archived' as const, archivedAt: now() };
};

/** Accounts as the extension makes them: a B2Core origin, an email label, the host as issuer. */
const accountArb = fc
  .record({
    secret: fc.uint8Array({ minLength: 10, maxLength: 64 }).map(encodeBase32),
    email: fc.emailAddress(),
    port: fc.integer({ min: 1024, max: 65535 }),
    algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512' as const),
    digits: fc.constantFrom(6, 7, 8 as const),
    period: fc.constantFrom(30, 60),
    status: fc.constantFrom('pending', 'active', 'archived' as const),
    clientId: fc.option(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { nil: undefined }),
    wizardUuid: fc.option(fc.uuid(), { nil: undefined }),
  })
  .map(({ secret, email, port, algorithm, digits, period, status, clientId, wizardUuid }) =>
    makeAccount({
      secret,
      label: email,
      client: { email, ...(clientId !== undefined ? { clientId } : {}) },
      origin: `http://127.0.0.1:${port}`,
      issuer: `127.0.0.1:${port}`,
      algorithm,
      digits,
      period,
      status,
      ...(wizardUuid !== undefined ? { wizardUuid } : {}),
      ...(status === 'archived' ? { archivedAt: 1_700_000_900_000 } : {}),
    }),
  );
const sitesOf = (accounts: readonly Account[]) => [...new Set(accounts.map((a) => a.origin))];

describe('encrypted JSON backup', () => {
  it('round-trips every account with its owner and wizard id (a pending one comes back archived); importing twice adds nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(accountArb, { maxLength: 8 }), async (accounts) => {
        const file = await exportEncrypted(accounts, 'backup passphrase', { now, iterations: TEST_BACKUP_ITERATIONS });
        if (!file.ok) throw new Error(file.error.message);
        const read = await readBackup(file.value, 'backup passphrase', { now });
        if (!read.ok) throw new Error(read.error.message);
        expect(read.value.problems).toEqual([]);
        expect(read.value.source).toBe('encrypted');
        const options = { newId, sites: sitesOf(accounts), now: now() };
        const plan = planImport([], read.value, options);
        const distinct = accounts.filter((a, i) => accounts.findIndex((b) => b.origin === a.origin && b.secret === a.secret) === i);
        expect(plan.add.length).toBe(distinct.length);
        expect(plan.add.map(withoutId)).toEqual(distinct.map(restoredAs));
        expect(plan.pendingArchived).toBe(distinct.filter((a) => a.status === 'pending').length);
        expect(plan.add.every((a) => a.status !== 'pending')).toBe(true);
        const again = planImport(plan.add, read.value, options);
        expect(again).toEqual({ ...NOTHING_ELSE, add: [], duplicates: accounts.length });
      }),
      { numRuns: 4 },
    );
  });

  it('keeps secrets out of the file, refuses weak, missing and wrong passphrases, and detects changes', async () => {
    const account = makeAccount({ secret: 'TPYXG33M4LOHFJHB', label: 'demo@example.com' });
    expect(await exportEncrypted([account], 'short', { now, iterations: TEST_BACKUP_ITERATIONS })).toMatchObject({ ok: false, error: { kind: 'weak_passphrase' } });
    const file = await exportEncrypted([account], 'backup passphrase', { now, iterations: TEST_BACKUP_ITERATIONS });
    if (!file.ok) throw new Error('export');
    expect(file.value).not.toContain('TPYXG33M4LOHFJHB');
    expect(file.value).not.toContain('demo@example.com');
    expect(JSON.parse(file.value)).toMatchObject({ format: 'b2core-authenticator-backup', version: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: TEST_BACKUP_ITERATIONS } });
    expect(await readBackup(file.value, undefined, { now })).toMatchObject({ ok: false, error: { kind: 'needs_passphrase' } });
    const wrong = await readBackup(file.value, 'other passphrase', { now });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    const parsed = JSON.parse(file.value);
    const data = atob(parsed.data);
    const flipped = btoa(String.fromCharCode(data.charCodeAt(0) ^ 1) + data.slice(1));
    expect(await readBackup(JSON.stringify({ ...parsed, data: flipped }), 'backup passphrase', { now })).toMatchObject({ ok: false, error: { kind: 'wrong_passphrase' } });
    expect(await readBackup('{"format":"something else"}', 'x', { now })).toMatchObject({ ok: false, error: { kind: 'unreadable' } });
    expect(await readBackup('{not json', 'x', { now })).toMatchObject({ ok: false, error: { kind: 'unreadable' } });
  });
});

describe('plain otpauth list', () => {
  it('round-trips active accounts with their site; archived and pending stay out unless asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(accountArb, { maxLength: 10 }), async (accounts) => {
        const { text: list, skipped } = exportOtpauthList(accounts);
        expect(skipped).toBe(0);
        const read = await readBackup(list, undefined, { now });
        if (!read.ok) throw new Error(read.error.message);
        expect(read.value.problems).toEqual([]);
        const active = accounts.filter((a) => a.status === 'active');
        const pick = (a: { origin: string | null; secret: string; label: string; issuer: string; algorithm: string; digits: number; period: number }) => [a.origin, a.secret, a.label, a.issuer, a.algorithm, a.digits, a.period];
        expect(read.value.candidates.map(pick)).toEqual(active.map(pick));
      }),
      { numRuns: 100 },
    );
    const archived = makeAccount({ status: 'archived' });
    expect(exportOtpauthList([archived])).toEqual({ text: '', skipped: 0 });
    expect(exportOtpauthList([archived], { includeArchived: true }).text).toMatch(/^otpauth:\/\/totp\//);
  });

  it('reports unreadable lines by number without echoing them, and reads the rest', async () => {
    const good = exportOtpauthList([makeAccount({ secret: 'TPYXG33M4LOHFJHB' })]).text;
    const text = ['# my keys', good, 'otpauth://totp/x?secret=SECRETWITH1', 'otpauth://hotp/Bank:me?secret=JBSWY3DPEHPK3PXP&counter=1', 'hello'].join('\n');
    const read = await readBackup(text, undefined, { now });
    if (!read.ok) throw new Error('read');
    expect(read.value.candidates.map((c) => c.secret)).toEqual(['TPYXG33M4LOHFJHB']);
    expect(read.value.problems.map((p) => p.where)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(JSON.stringify(read.value.problems)).not.toContain('SECRETWITH1');
  });

  it('imports a Google Authenticator export: the site must be chosen', async () => {
    const link = formatMigrationUri([{ issuer: 'Broker', label: 'demo@example.com', secret: 'TPYXG33M4LOHFJHB', algorithm: 'SHA1', digits: 6, period: 30 }]);
    const read = await readBackup(link, undefined, { now });
    if (!read.ok) throw new Error('read');
    expect(read.value.candidates).toMatchObject([{ origin: null, secret: 'TPYXG33M4LOHFJHB', label: 'demo@example.com', issuer: 'Broker' }]);
    expect(planImport([], read.value, { newId, sites: [OTHER], now: now() })).toMatchObject({ add: [], needsSite: 1 });
    const plan = planImport([], read.value, { newId, sites: [OTHER], site: OTHER, now: now() });
    expect(plan.add).toMatchObject([{ origin: OTHER, status: 'active', secret: 'TPYXG33M4LOHFJHB', client: {} }]);
  });
});

describe('a crafted file claims no more than its keys', () => {
  const PASSPHRASE = 'crafted passphrase';
  const crafted = craftedAccounts(SITE);
  const read = async (text: string, passphrase?: string) => {
    const result = await readBackup(text, passphrase, { now });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const bySecret = (plan: { add: Account[] }, secret: string) => plan.add.find((a) => a.secret === secret);

  it('encrypted: pending arrives archived; owner and wizard id are kept under the entry’s own registered site; a future confirmation is brought back to now', async () => {
    const file = await read(await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, entries: [crafted.pending, crafted.foreignOwner, crafted.honest], now: now() }), PASSPHRASE);
    const plan = planImport([], file, { newId, sites: [SITE], now: now() });
    expect(plan).toMatchObject({ ...NOTHING_ELSE, pendingArchived: 1 });
    expect(plan.add).toHaveLength(3);
    const pending = bySecret(plan, CRAFTED_KEYS.pending)!;
    expect(pending).toMatchObject({ origin: SITE, status: 'archived', archivedAt: now(), wizardUuid: CRAFTED.wizardUuid });
    expect(pending.confirmedAt).toBeUndefined();
    const owned = bySecret(plan, CRAFTED_KEYS.foreignOwner)!;
    expect(owned).toMatchObject({ origin: SITE, status: 'active', client: { email: CRAFTED.foreignEmail, clientId: CRAFTED.foreignClientId }, wizardUuid: CRAFTED.wizardUuid, confirmedAt: now() });
    expect(withoutId(bySecret(plan, CRAFTED_KEYS.honest)!)).toEqual(withoutId(crafted.honest));
    expect(plan.add.some((a) => a.status === 'pending')).toBe(false);
  });

  it('encrypted: an unregistered site is skipped and named, or replaced by the chosen site with owner and wizard id dropped; no site is ever added', async () => {
    const file = await read(await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, now: now() }), PASSPHRASE);
    const sites = [SITE];
    const skipped = planImport([], file, { newId, sites, now: now() });
    expect(skipped.unregistered).toEqual([{ origin: CRAFTED.unregisteredOrigin, count: 1 }]);
    expect(skipped.moved).toEqual([]);
    expect(bySecret(skipped, CRAFTED_KEYS.unregistered)).toBeUndefined();
    expect(skipped.add.map((a) => a.origin)).toEqual([SITE, SITE, SITE]);

    const chosen = planImport([], file, { newId, sites: [SITE, OTHER], site: OTHER, now: now() });
    expect(chosen.unregistered).toEqual([]);
    expect(chosen.moved).toEqual([{ origin: CRAFTED.unregisteredOrigin, count: 1 }]);
    const moved = bySecret(chosen, CRAFTED_KEYS.unregistered)!;
    expect(moved).toMatchObject({ origin: OTHER, status: 'active', client: {}, label: 'unregistered' });
    expect(moved.wizardUuid).toBeUndefined();
    // Entries naming a registered site keep it, whatever was chosen.
    expect(bySecret(chosen, CRAFTED_KEYS.foreignOwner)!.origin).toBe(SITE);
    expect(sites).toEqual([SITE]);
    expect(chosen.add.every((a) => a.origin === SITE || a.origin === OTHER)).toBe(true);
  });

  it('encrypted: nothing but the account’s own fields is carried, and invalid entries are reported without their content', async () => {
    const extra = { ...crafted.honest, trusted: true, status: 'active', __proto__: { polluted: true } };
    const invalid = { ...crafted.pending, status: 'confirmed-by-server' };
    const file = await read(await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, entries: [extra, invalid], now: now() }), PASSPHRASE);
    expect(file.problems).toEqual([{ where: 'account 2', why: 'not a valid account' }]);
    const plan = planImport([], file, { newId, sites: [SITE], now: now() });
    expect(plan.add).toHaveLength(1);
    expect(Object.keys(plan.add[0]!).sort()).toEqual(Object.keys(crafted.honest).sort());
    for (const key of ALL_CRAFTED_KEYS) expect(JSON.stringify(file.problems)).not.toContain(key);
  });

  it('encrypted: a wrong passphrase, a damaged file or a foreign format is an error that holds no key', async () => {
    const text = await craftedEncryptedBackup({ site: SITE, passphrase: PASSPHRASE, now: now() });
    const parsed = JSON.parse(text);
    const errors = await Promise.all([
      readBackup(text, 'not the passphrase', { now }),
      readBackup(JSON.stringify({ ...parsed, data: parsed.data.slice(4) }), PASSPHRASE, { now }),
      readBackup(JSON.stringify({ ...parsed, version: 2 }), PASSPHRASE, { now }),
      readBackup(`{"accounts":[{"secret":"${CRAFTED_KEYS.pending}","status":"pending"}]}`, PASSPHRASE, { now }),
    ]);
    for (const e of errors) {
      expect(e.ok).toBe(false);
      for (const key of ALL_CRAFTED_KEYS) expect(JSON.stringify(e)).not.toContain(key);
    }
  });

  it('links: no owner, no wizard id, never pending; the email in a label stays a label; an unregistered site is named or replaced', async () => {
    const file = await read(craftedOtpauthList(SITE));
    expect(file.source).toBe('links');
    expect(file.problems).toEqual([]);
    expect(file.candidates.map((c) => c.origin)).toEqual([CRAFTED.unregisteredOrigin, SITE]);

    const skipped = planImport([], file, { newId, sites: [SITE], now: now() });
    expect(skipped).toMatchObject({ ...NOTHING_ELSE, unregistered: [{ origin: CRAFTED.unregisteredOrigin, count: 1 }] });
    expect(skipped.add).toEqual([expect.objectContaining({ origin: SITE, secret: CRAFTED_KEYS.linkClaims, status: 'active', client: {}, label: CRAFTED.foreignEmail })]);
    expect(skipped.add[0]!.wizardUuid).toBeUndefined();

    const chosen = planImport([], file, { newId, sites: [SITE, OTHER], site: OTHER, now: now() });
    expect(chosen).toMatchObject({ ...NOTHING_ELSE, moved: [{ origin: CRAFTED.unregisteredOrigin, count: 1 }] });
    expect(chosen.add.map((a) => [a.secret, a.origin, a.status, a.client])).toEqual([
      [CRAFTED_KEYS.linkUnregistered, OTHER, 'active', {}],
      [CRAFTED_KEYS.linkClaims, SITE, 'active', {}],
    ]);
  });

  it('links: an owner or wizard id on a candidate is dropped even if a reader let one through', () => {
    const candidate = { ...withoutId(crafted.foreignOwner), status: 'pending' as const };
    const plan = planImport([], { source: 'links', candidates: [candidate] }, { newId, sites: [SITE], now: now() });
    expect(plan.add).toEqual([expect.objectContaining({ client: {}, status: 'archived', archivedAt: now() })]);
    expect(plan.add[0]!.wizardUuid).toBeUndefined();
    expect(plan.add[0]!.confirmedAt).toBeUndefined();
  });

  it('links: a site that is not even an origin, or an insecure one, is not taken', async () => {
    const link = (origin: string) => `otpauth://totp/a?secret=${CRAFTED_KEYS.honest}&b2core_origin=${encodeURIComponent(origin)}`;
    const file = await read([link('http://evil.example'), link('https://evil.example/path'), link('javascript:alert(1)')].join('\n'));
    expect(file.candidates.map((c) => c.origin)).toEqual(['http://evil.example', null, null]);
    expect(planImport([], file, { newId, sites: [SITE], now: now() })).toMatchObject({ add: [], needsSite: 2, unregistered: [{ origin: 'http://evil.example', count: 1 }] });
  });

  it('a Google Authenticator export: a label’s email is not an owner', async () => {
    const file = await read(craftedMigrationLink());
    const plan = planImport([], file, { newId, sites: [SITE], site: SITE, now: now() });
    expect(plan.add).toEqual([expect.objectContaining({ origin: SITE, client: {}, label: CRAFTED.foreignEmail, status: 'active' })]);
  });
});
