import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCaptureState, isCaptureRoute, reduceCapture, type CaptureContext, type CaptureState, type Exchange } from '../../../src/capture';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { totp } from '../../fixtures/rfc6238';

const ORIGIN = 'http://127.0.0.1:8787';
const OTHER = 'http://127.0.0.1:9999';
const NOW = 1_764_000_000_000;
const KEY = 'TPYXG33M4LOHFJHB';
const UUID = '36f59381-5b54-48bd-a0c7-3b908c476732';

/** ±1 step, from the independent RFC 6238 fixture. */
const verifyCode = async (secret: string, code: string, at: number) => [-1, 0, 1].some((d) => totp(secret, at + d * 30_000) === code);

let ids = 0;
const ctx = (accounts: Account[] = [], over: Partial<CaptureContext> = {}): CaptureContext => ({
  origin: ORIGIN,
  now: NOW,
  accounts,
  verifyCode,
  newId: () => `new-account-${++ids}`,
  ...over,
});

const ex = (method: 'GET' | 'POST', path: string, response: Exchange['response'] = {}, request: Exchange['request'] = {}, status = 200): Exchange => ({
  method,
  path,
  status,
  request,
  response,
});

const enableAnswer = (key = KEY, uuid = UUID) => ex('GET', '2fa/google/enable/wizard', { code: 200, done: false, uuid, workflow: '2fa_google', key });
const wizardDone = (request: Exchange['request']) => ex('POST', '2fa/wizard', { code: 202, done: true, uuid: request.uuid, workflow: 'B2B\\TCA\\Wizards\\Workflow\\TerminateWorkflow' }, request);
const signedInAs = (email: string): CaptureState => ({ origins: { [ORIGIN]: { email } } });

describe('enable wizard: key seen → pending → active', () => {
  it('stages the key as a pending account of (origin, uuid, client) and asks for the wizard code', async () => {
    const out = await reduceCapture(signedInAs('demo@example.com'), enableAnswer('tpyx g33m 4loh fjhb'), ctx());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.effects).toHaveLength(2);
    const [stage, wanted] = out.effects;
    expect(stage).toMatchObject({
      kind: 'stage',
      account: { origin: ORIGIN, secret: KEY, status: 'pending', wizardUuid: UUID, client: { email: 'demo@example.com' }, label: 'demo@example.com', issuer: '127.0.0.1:8787', algorithm: 'SHA1', digits: 6, period: 30, createdAt: NOW },
    });
    expect(wanted).toEqual({ kind: 'code_wanted', reason: 'enable_wizard', accountId: stage!.kind === 'stage' ? stage!.account.id : '' });
  });

  it('activates only when the wizard answered 202/done and the submitted code verifies against the staged key', async () => {
    const pending = makeAccount({ status: 'pending', wizardUuid: UUID, secret: KEY });
    const good = totp(KEY, NOW);
    const bad = good === '000000' ? '111111' : '000000';
    const cases: [string, Exchange, string][] = [
      ['right code and key', wizardDone({ uuid: UUID, code: good, key: KEY }), 'activate'],
      ['right code, key spaced lowercase', wizardDone({ uuid: UUID, code: good, key: 'tpyx-g33m-4loh-fjhb' }), 'activate'],
      ['previous step code (±1)', wizardDone({ uuid: UUID, code: totp(KEY, NOW - 30_000) }), 'activate'],
      ['wrong code', wizardDone({ uuid: UUID, code: bad, key: KEY }), 'code_mismatch'],
      ['code two steps old', wizardDone({ uuid: UUID, code: totp(KEY, NOW - 60_000) === good ? bad : totp(KEY, NOW - 60_000) }), 'code_mismatch'],
      ['no code', wizardDone({ uuid: UUID, key: KEY }), 'code_mismatch'],
      ['another key', wizardDone({ uuid: UUID, code: good, key: 'JBSWY3DPEHPK3PXP' }), 'key_mismatch'],
      ['unknown wizard', wizardDone({ uuid: 'aaaaaaaa-0000', code: good }), 'no_wizard'],
      ['server refused (422)', { ...wizardDone({ uuid: UUID, code: good }), status: 422 }, 'not_success'],
      ['intermediate step', ex('POST', '2fa/wizard', { code: 200, done: false, uuid: UUID, workflow: 'phone' }, { uuid: UUID }), 'irrelevant'],
    ];
    for (const [name, exchange, expected] of cases) {
      const out = await reduceCapture(emptyCaptureState(), exchange, ctx([pending]));
      const got = out.ok ? out.effects.map((e) => e.kind).join(',') : out.reason;
      expect(got, name).toBe(expected);
    }
  });

  it('a duplicated enable answer is dropped; a wizard of another origin is not this origin\'s', async () => {
    const pending = makeAccount({ status: 'pending', wizardUuid: UUID, secret: KEY });
    expect(await reduceCapture(emptyCaptureState(), enableAnswer(), ctx([pending]))).toMatchObject({ ok: false, reason: 'duplicate' });
    const elsewhere = makeAccount({ status: 'pending', wizardUuid: UUID, secret: KEY, origin: OTHER });
    expect(await reduceCapture(emptyCaptureState(), wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([elsewhere]))).toMatchObject({ ok: false, reason: 'no_wizard' });
    expect((await reduceCapture(emptyCaptureState(), enableAnswer(), ctx([elsewhere]))).ok).toBe(true);
  });

  it('a new key confirmed for a client archives that client\'s previous active key (replaced), not others\'', async () => {
    const old = makeAccount({ client: { email: 'demo@example.com' }, secret: 'JBSWY3DPEHPK3PXP' });
    const someoneElse = makeAccount({ client: { email: 'other@example.com' } });
    const pending = makeAccount({ status: 'pending', wizardUuid: UUID, secret: KEY, client: { email: 'demo@example.com' } });
    const out = await reduceCapture(signedInAs('demo@example.com'), wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([old, someoneElse, pending]));
    expect(out.ok && out.effects).toEqual([
      { kind: 'activate', accountId: pending.id, at: NOW },
      { kind: 'archive', accountId: old.id, at: NOW, reason: 'replaced' },
    ]);
  });

  it('refuses enable answers that are not what B2Core sends', async () => {
    const bad: [string, Exchange][] = [
      ['key too short', enableAnswer('TPYXG33M')],
      ['key not base32', enableAnswer('TPYXG33M4LOHFJH1')],
      ['wrong workflow', { ...enableAnswer(), response: { ...enableAnswer().response, workflow: '2fa_sms_phone_create' } }],
      ['no uuid', { ...enableAnswer(), response: { code: 200, workflow: '2fa_google', key: KEY } }],
    ];
    for (const [name, exchange] of bad) expect(await reduceCapture(emptyCaptureState(), exchange, ctx()), name).toMatchObject({ ok: false, reason: 'invalid_event' });
  });
});

describe('disable wizard → archived', () => {
  const active = makeAccount({ secret: KEY, client: { email: 'demo@example.com' } });

  it('remembers the wizard, asks for the code, and archives the account whose key made the code', async () => {
    const start = await reduceCapture(signedInAs('demo@example.com'), ex('GET', '2fa/google/disable/wizard', { code: 200, done: false, uuid: UUID, workflow: '2fa_google' }), ctx([active]));
    expect(start.ok && start.effects).toEqual([{ kind: 'code_wanted', reason: 'disable_wizard', accountId: active.id }]);
    expect(start.state.origins[ORIGIN]?.disableWizard).toEqual({ uuid: UUID, provider: 'google', at: NOW });
    const other = makeAccount({ secret: 'JBSWY3DPEHPK3PXP', client: {} });
    const end = await reduceCapture(start.state, wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([active, other]));
    expect(end.ok && end.effects).toEqual([{ kind: 'archive', accountId: active.id, at: NOW, reason: 'disabled' }]);
    expect(end.state.origins[ORIGIN]?.disableWizard).toBeUndefined();
  });

  it('an SMS disable archives nothing; a done without a captured wizard is dropped; ambiguity is dropped', async () => {
    const sms = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/sms/disable/wizard', { code: 200, uuid: UUID, workflow: '2fa_sms' }), ctx([active]));
    expect(sms.ok && sms.effects).toEqual([]);
    const smsDone = await reduceCapture(sms.state, wizardDone({ uuid: UUID, code: '123456' }), ctx([active]));
    expect(smsDone.ok && smsDone.effects).toEqual([]);
    expect(await reduceCapture(emptyCaptureState(), wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([active]))).toMatchObject({ ok: false, reason: 'no_wizard' });
    const twins = [makeAccount({ client: {} }), makeAccount({ client: {} })];
    const started = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/google/disable/wizard', { code: 200, uuid: UUID, workflow: '2fa_google' }), ctx(twins));
    expect(started.ok && started.effects).toEqual([{ kind: 'code_wanted', reason: 'disable_wizard' }]);
    expect(await reduceCapture(started.state, wizardDone({ uuid: UUID, code: '000000' }), ctx(twins))).toMatchObject({ ok: false, reason: 'ambiguous' });
  });
});

describe('sign-in and challenge signals', () => {
  const mine = makeAccount({ secret: KEY, client: { email: 'demo@example.com' } });
  const theirs = makeAccount({ client: { email: 'other@example.com' } });

  it('POST signin → who signs in; 2fa_google_auth → a code is wanted from that client\'s account', async () => {
    const out = await reduceCapture(emptyCaptureState(), ex('POST', 'signin', { code: 200, done: false, uuid: UUID, workflow: '2fa_google_auth' }, { uuid: UUID, email: 'demo@example.com' }), ctx([theirs, mine]));
    expect(out.ok && out.effects).toEqual([{ kind: 'code_wanted', reason: 'signin', accountId: mine.id }]);
    expect(out.state.origins[ORIGIN]).toEqual({ email: 'demo@example.com' });
  });

  it('never offers another client\'s account, even when it is the only one', async () => {
    const out = await reduceCapture(emptyCaptureState(), ex('POST', 'signin', { code: 200, uuid: UUID, workflow: '2fa_google_auth' }, { email: 'new@example.com' }), ctx([theirs]));
    expect(out.ok && out.effects).toEqual([{ kind: 'code_wanted', reason: 'signin' }]);
  });

  it('2fa_choose then signin/2fa: google → code wanted, sms → nothing', async () => {
    const chose = await reduceCapture(emptyCaptureState(), ex('POST', 'signin', { code: 200, uuid: UUID, workflow: '2fa_choose' }, { email: 'demo@example.com' }), ctx([mine]));
    expect(chose.ok && chose.effects).toEqual([]);
    const google = await reduceCapture(chose.state, ex('POST', 'signin/2fa', { code: 200, uuid: UUID, workflow: '2fa_google_auth' }, { uuid: UUID, type: 'google' }), ctx([mine]));
    expect(google.ok && google.effects).toEqual([{ kind: 'code_wanted', reason: 'signin', accountId: mine.id }]);
    const sms = await reduceCapture(chose.state, ex('POST', 'signin/2fa', { code: 200, uuid: UUID, workflow: '2fa_sms_auth' }, { uuid: UUID, type: 'sms' }), ctx([mine]));
    expect(sms.ok && sms.effects).toEqual([]);
  });

  it('2fa/google 202 → signed in; the account whose key made the code is tied to the client\'s sub', async () => {
    const unowned = makeAccount({ secret: KEY, client: {}, label: 'B2Core client' });
    const state = signedInAs('demo@example.com');
    const out = await reduceCapture(state, ex('POST', '2fa/google', { code: 202, done: true, uuid: UUID, workflow: 'login', sub: '42' }, { uuid: UUID, code: totp(KEY, NOW) }), ctx([unowned, theirs]));
    expect(out.ok && out.effects).toEqual([
      { kind: 'signed_in', client: { email: 'demo@example.com', clientId: '42' } },
      { kind: 'identify', accountId: unowned.id, client: { email: 'demo@example.com', clientId: '42' } },
    ]);
    expect(out.state.origins[ORIGIN]).toEqual({ email: 'demo@example.com', clientId: '42' });
  });

  it('a sign-in without 2FA (202 at POST signin) is signed in too; a new sign-in forgets the old client', async () => {
    const state: CaptureState = { origins: { [ORIGIN]: { email: 'old@example.com', clientId: '7' } } };
    const out = await reduceCapture(state, ex('POST', 'signin', { code: 202, done: true, uuid: UUID, workflow: 'login', sub: '1' }, { email: 'demo@example.com' }), ctx());
    expect(out.ok && out.effects).toEqual([{ kind: 'signed_in', client: { email: 'demo@example.com', clientId: '1' } }]);
  });

  it('GET 2fa/challenge provider google → code wanted; sms or email → nothing', async () => {
    const google = await reduceCapture(signedInAs('demo@example.com'), ex('GET', '2fa/challenge', { provider: 'google' }), ctx([mine]));
    expect(google.ok && google.effects).toEqual([{ kind: 'code_wanted', reason: 'challenge', accountId: mine.id }]);
    for (const provider of ['sms', 'email']) {
      const out = await reduceCapture(signedInAs('demo@example.com'), ex('GET', '2fa/challenge', { provider }), ctx([mine]));
      expect(out.ok && out.effects).toEqual([]);
    }
  });

  it('anything else is irrelevant, and isCaptureRoute says so before any work', async () => {
    expect(await reduceCapture(emptyCaptureState(), ex('GET', '2fa', {}), ctx())).toMatchObject({ ok: false, reason: 'irrelevant' });
    expect(isCaptureRoute(ex('GET', '2fa', {}))).toBe(false);
    expect(isCaptureRoute({ ...enableAnswer(), status: 409 })).toBe(false);
    expect(isCaptureRoute(null)).toBe(false);
    for (const [method, path] of [['GET', '2fa/google/enable/wizard'], ['POST', '2fa/wizard'], ['POST', 'signin'], ['POST', 'signin/2fa'], ['POST', '2fa/google'], ['GET', '2fa/challenge']] as const) {
      expect(isCaptureRoute(ex(method, path)), `${method} ${path}`).toBe(true);
    }
  });
});

describe('hostile input', () => {
  it('never throws, and drops everything that is not an exchange', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const out = await reduceCapture(emptyCaptureState(), input, ctx());
        expect(out.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('random exchanges never touch another origin\'s accounts and never stage an invalid key', async () => {
    const foreign = [makeAccount({ origin: OTHER, status: 'pending', wizardUuid: UUID, secret: KEY }), makeAccount({ origin: OTHER, secret: KEY })];
    const exchange = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      path: fc.constantFrom('2fa/google/enable/wizard', '2fa/wizard', '2fa/google/disable/wizard', 'signin', 'signin/2fa', '2fa/google', '2fa/challenge'),
      status: fc.constantFrom(200, 202, 409, 422),
      request: fc.record({ uuid: fc.constantFrom(UUID, 'x-1'), code: fc.constantFrom(totp(KEY, NOW), '123456'), key: fc.constantFrom(KEY, 'bad', 'JBSWY3DPEHPK3PXP') }, { requiredKeys: [] }),
      response: fc.record(
        { code: fc.constantFrom(200, 202), done: fc.boolean(), uuid: fc.constantFrom(UUID), workflow: fc.constantFrom('2fa_google', '2fa_google_auth', 'login'), key: fc.string(), provider: fc.constantFrom('google', 'sms') },
        { requiredKeys: [] },
      ),
    });
    await fc.assert(
      fc.asyncProperty(exchange, async (e) => {
        const out = await reduceCapture(emptyCaptureState(), e, ctx(foreign));
        if (!out.ok) return;
        for (const effect of out.effects) {
          if ('accountId' in effect && effect.accountId) expect(foreign.map((a) => a.id)).not.toContain(effect.accountId);
          if (effect.kind === 'stage') expect(effect.account.secret).toMatch(/^[A-Z2-7]{16,}$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
