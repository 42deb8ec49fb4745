import { describe, expect, it } from 'vitest';
import { acceptedCode, activation, accountForClient, accountForEmail, onlyAccount, pendingFor, stagedAccount, unboundAccount } from '../../../src/capture';
import { makeAccount } from '../../fixtures/accounts';

const ORIGIN = 'http://127.0.0.1:8787';
const NOW = 1_764_000_000_000;

describe('the account lifecycle, shared by capture and the guided set-up', () => {
  it('stages a pending account for the client, labelled by its email or the placeholder', () => {
    const staged = stagedAccount({ id: 'abcdefgh01', origin: ORIGIN, client: { clientId: '7' }, secret: 'TPYXG33M4LOHFJHB', wizardUuid: 'w-1', now: NOW });
    expect(staged).toMatchObject({ status: 'pending', label: 'B2Core client', issuer: '127.0.0.1:8787', client: { clientId: '7' }, createdAt: NOW });
    expect(stagedAccount({ id: 'abcdefgh02', origin: ORIGIN, client: { email: 'a@example.com' }, secret: 'TPYXG33M4LOHFJHB', wizardUuid: 'w-2', now: NOW }).label).toBe('a@example.com');
    expect(pendingFor([staged], ORIGIN, 'w-1', { clientId: '7' })).toBe(staged);
    expect(pendingFor([staged], ORIGIN, 'w-1', { clientId: '8' })).toBeUndefined();
    expect(activation(staged, NOW)).toEqual([{ kind: 'activate', accountId: staged.id, at: NOW }]);
    expect(activation({ ...staged, status: 'active' }, NOW)).toEqual([]);
  });

  it('an accepted code ties the account to its client, archives the same client\'s older keys, never another\'s, and never overrides a known owner', () => {
    const fresh = makeAccount({ client: { clientId: '7' }, confirmedAt: NOW });
    const older = makeAccount({ client: { clientId: '7' }, confirmedAt: NOW - 1000 });
    const newer = makeAccount({ client: { clientId: '7' }, confirmedAt: NOW + 1000 });
    const other = makeAccount({ client: { clientId: '8', email: 'b@example.com' }, confirmedAt: NOW - 1000 });
    expect(acceptedCode([fresh, older, newer, other], fresh, { email: 'a@example.com' }, NOW)).toEqual([
      { kind: 'identify', accountId: fresh.id, client: { email: 'a@example.com', clientId: '7' } },
      { kind: 'archive', accountId: older.id, at: NOW, reason: 'replaced' },
    ]);
    expect(acceptedCode([other], other, { email: 'c@example.com' }, NOW)).toEqual([]);
    expect(acceptedCode([other], other, { clientId: '9' }, NOW)).toEqual([]);
    expect(acceptedCode([other], other, { clientId: '8' }, NOW)).toEqual([]);
  });

  it('selects by the email of a sign-in or the client of a token — newest first — and never guesses beyond one unbound account', () => {
    const a1 = makeAccount({ client: { email: 'a@example.com', clientId: '7' }, confirmedAt: NOW - 1000 });
    const a2 = makeAccount({ client: { email: 'A@example.com', clientId: '7' }, confirmedAt: NOW });
    const x = makeAccount({ client: {}, label: 'x@example.com' });
    const y = makeAccount({ client: {}, label: 'y@example.com' });
    expect(accountForEmail([a1, a2, x], ORIGIN, 'a@EXAMPLE.com')).toEqual({ kind: 'one', account: a2 });
    expect(accountForClient([a1, a2, x], ORIGIN, '7')).toEqual({ kind: 'one', account: a2 });
    expect(accountForClient([a1, a2], ORIGIN, '8')).toEqual({ kind: 'none' });
    expect(unboundAccount([a1, x], ORIGIN, 'email')).toEqual({ kind: 'one', account: x });
    expect(unboundAccount([a1, x, y], ORIGIN, 'email')).toEqual({ kind: 'none' });
    expect(unboundAccount([a1, x, y], ORIGIN, 'email', 'Y@example.com')).toEqual({ kind: 'one', account: y });
    expect(onlyAccount([a1, x], ORIGIN)).toEqual({ kind: 'none' });
    expect(onlyAccount([x], ORIGIN)).toEqual({ kind: 'one', account: x });
  });
});
