import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32, formatMigrationUri } from '../../../src/totp';
import { exportEncrypted, exportOtpauthList, planImport, readBackup, type Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';

const now = () => 1_764_000_000_000;
let next = 0;
const newId = () => `imported-${String(++next).padStart(6, '0')}`;
const withoutId = ({ id: _id, ...rest }: Account) => rest;

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
  })
  .map(({ secret, email, port, algorithm, digits, period, status }) =>
    makeAccount({ secret, label: email, client: { email }, origin: `http://127.0.0.1:${port}`, issuer: `127.0.0.1:${port}`, algorithm, digits, period, status }),
  );

describe('encrypted JSON backup', () => {
  it('round-trips every account of every status; importing twice adds nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(accountArb, { maxLength: 8 }), async (accounts) => {
        const file = await exportEncrypted(accounts, 'backup passphrase', { now });
        if (!file.ok) throw new Error(file.error.message);
        const read = await readBackup(file.value, 'backup passphrase', { now });
        if (!read.ok) throw new Error(read.error.message);
        expect(read.value.problems).toEqual([]);
        const plan = planImport([], read.value.candidates, { newId });
        const distinct = new Set(accounts.map((a) => `${a.origin} ${a.secret}`)).size;
        expect(plan.add.length).toBe(distinct);
        expect(plan.add.map(withoutId)).toEqual(accounts.filter((a, i) => accounts.findIndex((b) => b.origin === a.origin && b.secret === a.secret) === i).map(withoutId));
        const again = planImport(plan.add, read.value.candidates, { newId });
        expect(again).toEqual({ add: [], duplicates: accounts.length, needsSite: 0 });
      }),
      { numRuns: 4 },
    );
  });

  it('keeps secrets out of the file, refuses weak, missing and wrong passphrases, and detects changes', async () => {
    const account = makeAccount({ secret: 'TPYXG33M4LOHFJHB', label: 'demo@example.com' });
    expect(await exportEncrypted([account], 'short', { now })).toMatchObject({ ok: false, error: { kind: 'weak_passphrase' } });
    const file = await exportEncrypted([account], 'backup passphrase', { now });
    if (!file.ok) throw new Error('export');
    expect(file.value).not.toContain('TPYXG33M4LOHFJHB');
    expect(file.value).not.toContain('demo@example.com');
    expect(JSON.parse(file.value)).toMatchObject({ format: 'b2core-authenticator-backup', version: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 } });
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
    expect(planImport([], read.value.candidates, { newId })).toMatchObject({ add: [], needsSite: 1 });
    const plan = planImport([], read.value.candidates, { newId, site: 'https://my.broker.example' });
    expect(plan.add).toMatchObject([{ origin: 'https://my.broker.example', status: 'active', secret: 'TPYXG33M4LOHFJHB' }]);
  });
});
