import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCaptureState, isCaptureRoute, reduceCapture, type CaptureContext, type CaptureState, type Exchange } from '../../../src/capture';
import type { Account } from '../../../src/vault';
import { makeAccount } from '../../fixtures/accounts';
import { totp } from '../../fixtures/rfc6238';

/**
 * The capture reducer over exchanges as the worker builds them: the browser's view of the request
 * (status, request body, the bearer's `sub`) joined with the page's report of the answer's body.
 */
const ORIGIN = 'http://127.0.0.1:8787';
const OTHER = 'http://127.0.0.1:9999';
const NOW = 1_764_000_000_000;
const KEY = 'TPYXG33M4LOHFJHB';
const OTHER_KEY = 'JBSWY3DPEHPK3PXP';
const UUID = '36f59381-5b54-48bd-a0c7-3b908c476732';
const SIGN_IN = 'a1b2c3d4-0000-4000-8000-000000000001';

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

const ex = (method: 'GET' | 'POST', path: string, response: Exchange['response'] = {}, request: Exchange['request'] = {}, more: Partial<Exchange> = {}): Exchange => ({
  method,
  path,
  status: 200,
  request,
  response,
  ...more,
});

/** `sub: null`: a request with no bearer token. */
const enableAnswer = (sub: string | null = '1', key = KEY, uuid = UUID) =>
  ex('GET', '2fa/google/enable/wizard', { code: 200, done: false, uuid, workflow: '2fa_google', key }, {}, sub === null ? {} : { sub });
const wizardDone = (request: Exchange['request'], sub: string | null = '1') =>
  ex('POST', '2fa/wizard', { code: 202, done: true, uuid: request.uuid, workflow: 'B2B\\TCA\\Wizards\\Workflow\\TerminateWorkflow' }, request, sub === null ? {} : { sub });
const signIn = (email: string, uuid = SIGN_IN, response: Exchange['response'] = { code: 200, uuid, workflow: '2fa_google_auth' }) => ex('POST', 'signin', response, { uuid, email });
const pending = (over: Partial<Account> = {}) => makeAccount({ status: 'pending', wizardUuid: UUID, secret: KEY, client: { clientId: '1' }, ...over });

async function run(state: CaptureState, exchanges: Exchange[], accounts: Account[] = []) {
  let out = await reduceCapture(state, exchanges[0], ctx(accounts));
  for (const e of exchanges.slice(1)) out = await reduceCapture(out.state, e, ctx(accounts));
  return out;
}

describe('enable wizard: key seen → pending → active, for the client whose token fetched it', () => {
  it('stages the key as a pending account of the bearer\'s client and asks for the wizard code', async () => {
    const out = await reduceCapture(emptyCaptureState(), enableAnswer('1', 'tpyx g33m 4loh fjhb'), ctx());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const [stage, wanted] = out.effects;
    expect(stage).toMatchObject({
      kind: 'stage',
      account: { origin: ORIGIN, secret: KEY, status: 'pending', wizardUuid: UUID, client: { clientId: '1' }, label: 'B2Core client', issuer: '127.0.0.1:8787', algorithm: 'SHA1', digits: 6, period: 30, createdAt: NOW },
    });
    expect(wanted).toEqual({ kind: 'code_wanted', reason: 'enable_wizard', accountId: stage!.kind === 'stage' ? stage!.account.id : '' });
  });

  it('labels the key with the last finished sign-in\'s email — a label only, never the identity', async () => {
    const signedIn = await run(emptyCaptureState(), [signIn('demo@example.com', SIGN_IN, { code: 202, uuid: SIGN_IN, workflow: 'login' })]);
    const out = await reduceCapture(signedIn.state, enableAnswer(), ctx());
    expect(out.ok && out.effects[0]).toMatchObject({ kind: 'stage', account: { label: 'demo@example.com', client: { clientId: '1' } } });
    expect(out.ok && out.effects[0]?.kind === 'stage' && out.effects[0].account.client.email).toBeUndefined();
  });

  it('a key with no bearer token behind it is nobody\'s: dropped', async () => {
    expect(await reduceCapture(emptyCaptureState(), enableAnswer(null), ctx())).toMatchObject({ ok: false, reason: 'invalid_event' });
  });

  it('activates only for the same client, on 202/done, with a code that verifies against the staged key', async () => {
    const staged = pending();
    const good = totp(KEY, NOW);
    const bad = good === '000000' ? '111111' : '000000';
    const cases: [string, Exchange, string][] = [
      ['right code and key', wizardDone({ uuid: UUID, code: good, key: KEY }), 'activate'],
      ['right code, key spaced lowercase', wizardDone({ uuid: UUID, code: good, key: 'tpyx-g33m-4loh-fjhb' }), 'activate'],
      ['previous step code (±1)', wizardDone({ uuid: UUID, code: totp(KEY, NOW - 30_000) }), 'activate'],
      ['another client confirms it', wizardDone({ uuid: UUID, code: good }, '2'), 'other_client'],
      ['no token', wizardDone({ uuid: UUID, code: good }, null), 'other_client'],
      ['wrong code', wizardDone({ uuid: UUID, code: bad, key: KEY }), 'code_mismatch'],
      ['no code', wizardDone({ uuid: UUID, key: KEY }), 'code_mismatch'],
      ['another key', wizardDone({ uuid: UUID, code: good, key: OTHER_KEY }), 'key_mismatch'],
      ['unknown wizard', wizardDone({ uuid: 'aaaaaaaa-0000', code: good }), 'no_wizard'],
      ['server refused (422)', { ...wizardDone({ uuid: UUID, code: good }), status: 422 }, 'not_success'],
      ['intermediate step', ex('POST', '2fa/wizard', { code: 200, done: false, uuid: UUID, workflow: 'phone' }, { uuid: UUID }, { sub: '1' }), 'irrelevant'],
    ];
    for (const [name, exchange, expected] of cases) {
      const out = await reduceCapture(emptyCaptureState(), exchange, ctx([staged]));
      const got = out.ok ? out.effects.map((e) => e.kind).join(',') : out.reason;
      expect(got, name).toBe(expected);
    }
  });

  it('a second key for a client keeps the first active beside it (no archive on activation)', async () => {
    const older = makeAccount({ secret: OTHER_KEY, client: { clientId: '1', email: 'demo@example.com' }, confirmedAt: NOW - 86_400_000 });
    const out = await reduceCapture(emptyCaptureState(), wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([older, pending()]));
    expect(out.ok && out.effects.map((e) => e.kind)).toEqual(['activate']);
  });

  it('a duplicated enable answer is dropped; a wizard of another origin is not this origin\'s', async () => {
    expect(await reduceCapture(emptyCaptureState(), enableAnswer(), ctx([pending()]))).toMatchObject({ ok: false, reason: 'duplicate' });
    const elsewhere = pending({ origin: OTHER });
    expect(await reduceCapture(emptyCaptureState(), wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([elsewhere]))).toMatchObject({ ok: false, reason: 'no_wizard' });
  });
});

describe('sign-in: the email comes from the body the browser saw, and only its account fills', () => {
  const mine = makeAccount({ secret: KEY, client: { email: 'demo@example.com', clientId: '1' } });
  const theirs = makeAccount({ secret: OTHER_KEY, client: { email: 'other@example.com', clientId: '2' } });

  it('POST signin 2fa_google_auth → a code is wanted for that email\'s account', async () => {
    const out = await reduceCapture(emptyCaptureState(), signIn('DEMO@example.com'), ctx([mine, theirs]));
    expect(out.ok && out.effects).toEqual([{ kind: 'code_wanted', reason: 'signin', accountId: mine.id, email: 'DEMO@example.com' }]);
    expect(out.state.origins[ORIGIN]?.signIns).toEqual([{ uuid: SIGN_IN, email: 'DEMO@example.com', at: NOW }]);
  });

  it('an email no account is known to belong to: a code is wanted, bound to no account', async () => {
    const unowned = makeAccount({ secret: KEY, client: { clientId: '1' } });
    const out = await reduceCapture(emptyCaptureState(), signIn('someone@example.com'), ctx([unowned, theirs]));
    expect(out.ok && out.effects).toEqual([{ kind: 'code_wanted', reason: 'signin', email: 'someone@example.com' }]);
  });

  it('signin/2fa follows the uuid chain back to the sign-in\'s email', async () => {
    const chose = await reduceCapture(emptyCaptureState(), signIn('demo@example.com', SIGN_IN, { code: 200, uuid: SIGN_IN, workflow: '2fa_choose' }), ctx([mine, theirs]));
    expect(chose.ok && chose.effects).toEqual([]);
    const google = await reduceCapture(chose.state, ex('POST', 'signin/2fa', { code: 200, uuid: SIGN_IN, workflow: '2fa_google_auth' }, { uuid: SIGN_IN }), ctx([mine, theirs]));
    expect(google.ok && google.effects).toEqual([{ kind: 'code_wanted', reason: 'signin', accountId: mine.id, email: 'demo@example.com' }]);
    const unknown = await reduceCapture(chose.state, ex('POST', 'signin/2fa', { code: 200, workflow: '2fa_google_auth' }, { uuid: 'not-a-seen-session' }), ctx([mine, theirs]));
    expect(unknown.ok && unknown.effects).toEqual([{ kind: 'code_wanted', reason: 'signin' }]);
    const sms = await reduceCapture(chose.state, ex('POST', 'signin/2fa', { code: 200, uuid: SIGN_IN, workflow: '2fa_sms_auth' }, { uuid: SIGN_IN }), ctx([mine]));
    expect(sms.ok && sms.effects).toEqual([]);
  });

  it('2fa/google accepted (HTTP 200): the account whose key made the code is tied to the email, and its older keys archived', async () => {
    const unowned = makeAccount({ secret: KEY, client: { clientId: '1' }, label: 'B2Core client', confirmedAt: NOW - 1000 });
    const older = makeAccount({ secret: 'MFRGGZDFMZTWQ2LK', client: { clientId: '1' }, confirmedAt: NOW - 86_400_000 });
    const state = (await reduceCapture(emptyCaptureState(), signIn('demo@example.com'), ctx([unowned, older, theirs]))).state;
    const out = await reduceCapture(state, ex('POST', '2fa/google', { code: 202, done: true, workflow: 'login' }, { uuid: SIGN_IN, code: totp(KEY, NOW) }), ctx([unowned, older, theirs]));
    expect(out.ok && out.effects).toEqual([
      { kind: 'signed_in', client: { email: 'demo@example.com' } },
      { kind: 'identify', accountId: unowned.id, client: { email: 'demo@example.com', clientId: '1' } },
      { kind: 'archive', accountId: older.id, at: NOW, reason: 'replaced' },
    ]);
    // Refused by the server (the browser saw 422): nothing is learnt.
    const refused = await reduceCapture(state, ex('POST', '2fa/google', { code: 202 }, { uuid: SIGN_IN, code: totp(KEY, NOW) }, { status: 422 }), ctx([unowned, older, theirs]));
    expect(refused).toMatchObject({ ok: false, reason: 'not_success' });
  });

  it('never ties a key to an email that contradicts the one it has', async () => {
    const state = (await reduceCapture(emptyCaptureState(), signIn('demo@example.com'), ctx([theirs]))).state;
    const out = await reduceCapture(state, ex('POST', '2fa/google', { code: 202 }, { uuid: SIGN_IN, code: totp(OTHER_KEY, NOW) }), ctx([theirs]));
    expect(out.ok && out.effects).toEqual([{ kind: 'signed_in', client: { email: 'demo@example.com' } }]);
  });

  it('a sign-in without 2FA (202 at POST signin) is signed in; only the newest sessions are remembered', async () => {
    const out = await reduceCapture(emptyCaptureState(), signIn('demo@example.com', SIGN_IN, { code: 202, done: true, uuid: SIGN_IN, workflow: 'login' }), ctx());
    expect(out.ok && out.effects).toEqual([{ kind: 'signed_in', client: { email: 'demo@example.com' } }]);
    let state = out.state;
    for (let i = 0; i < 12; i++) state = (await reduceCapture(state, signIn(`c${i}@example.com`, `s-${i}`), ctx())).state;
    expect(state.origins[ORIGIN]?.signIns?.map((s) => s.uuid)).toEqual(['s-4', 's-5', 's-6', 's-7', 's-8', 's-9', 's-10', 's-11']);
  });
});

describe('challenges and disable wizards: bound to the bearer\'s client', () => {
  const mine = makeAccount({ secret: KEY, client: { email: 'demo@example.com', clientId: '1' } });
  const theirs = makeAccount({ secret: OTHER_KEY, client: { email: 'other@example.com', clientId: '2' } });

  it('GET 2fa/challenge provider google → a code is wanted for the token\'s client only, with its business process', async () => {
    const google = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/challenge', { provider: 'google' }, {}, { sub: '1', process: 'changePassword' }), ctx([mine, theirs]));
    expect(google.ok && google.effects).toEqual([{ kind: 'code_wanted', reason: 'challenge', accountId: mine.id, process: 'changePassword' }]);
    const stranger = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/challenge', { provider: 'google' }, {}, { sub: '99' }), ctx([mine, theirs]));
    expect(stranger.ok && stranger.effects).toEqual([{ kind: 'code_wanted', reason: 'challenge' }]);
    for (const provider of ['sms', 'email']) {
      const out = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/challenge', { provider }, {}, { sub: '1' }), ctx([mine]));
      expect(out.ok && out.effects).toEqual([]);
    }
  });

  it('POST 2fa/challenge accepted: the account whose key made the code learns its client', async () => {
    const unowned = makeAccount({ secret: KEY, client: { email: 'demo@example.com' } });
    const out = await reduceCapture(emptyCaptureState(), ex('POST', '2fa/challenge', {}, { code: totp(KEY, NOW) }, { sub: '1' }), ctx([unowned, theirs]));
    expect(out.ok && out.effects).toEqual([{ kind: 'identify', accountId: unowned.id, client: { email: 'demo@example.com', clientId: '1' } }]);
    const anonymous = await reduceCapture(emptyCaptureState(), ex('POST', '2fa/challenge', {}, { code: totp(KEY, NOW) }), ctx([unowned]));
    expect(anonymous.ok && anonymous.effects).toEqual([]);
  });

  it('a disable archives only the same client\'s account whose key made the accepted code', async () => {
    const started = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/google/disable/wizard', { code: 200, uuid: UUID, workflow: '2fa_google' }, {}, { sub: '1' }), ctx([mine, theirs]));
    expect(started.ok && started.effects).toEqual([{ kind: 'code_wanted', reason: 'disable_wizard', accountId: mine.id }]);
    const finished = await reduceCapture(started.state, wizardDone({ uuid: UUID, code: totp(KEY, NOW) }), ctx([mine, theirs]));
    expect(finished.ok && finished.effects).toEqual([{ kind: 'archive', accountId: mine.id, at: NOW, reason: 'disabled' }]);
    expect(finished.state.origins[ORIGIN]?.disableWizard).toBeUndefined();
    // Another client finishing it, or a code that only another client's key makes: nothing archived.
    const stolen = await reduceCapture(started.state, wizardDone({ uuid: UUID, code: totp(KEY, NOW) }, '2'), ctx([mine, theirs]));
    expect(stolen).toMatchObject({ ok: false, reason: 'other_client' });
    const foreignCode = await reduceCapture(started.state, wizardDone({ uuid: UUID, code: totp(OTHER_KEY, NOW) }), ctx([mine, theirs]));
    expect(foreignCode).toMatchObject({ ok: false, reason: 'ambiguous' });
  });

  it('an SMS disable closes the wizard and archives nothing', async () => {
    const started = await reduceCapture(emptyCaptureState(), ex('GET', '2fa/sms/disable/wizard', { code: 200, uuid: UUID, workflow: '2fa_sms' }, {}, { sub: '1' }), ctx([mine]));
    expect(started.ok && started.effects).toEqual([]);
    const finished = await reduceCapture(started.state, wizardDone({ uuid: UUID, code: '123456' }), ctx([mine]));
    expect(finished.ok && finished.effects).toEqual([]);
    expect(await reduceCapture(emptyCaptureState(), ex('GET', '2fa/google/disable/wizard', { code: 200 }, {}, { sub: '1' }), ctx([mine]))).toMatchObject({ ok: false, reason: 'invalid_event' });
  });

  it('anything else is irrelevant, and isCaptureRoute says so before any work', async () => {
    expect(await reduceCapture(emptyCaptureState(), ex('GET', '2fa', {}), ctx())).toMatchObject({ ok: false, reason: 'irrelevant' });
    expect(isCaptureRoute(ex('GET', '2fa', {}))).toBe(false);
    expect(isCaptureRoute({ ...enableAnswer(), status: 409 })).toBe(false);
    expect(isCaptureRoute(null)).toBe(false);
    for (const [method, path] of [['GET', '2fa/google/enable/wizard'], ['POST', '2fa/wizard'], ['POST', 'signin'], ['POST', 'signin/2fa'], ['POST', '2fa/google'], ['GET', '2fa/challenge'], ['POST', '2fa/challenge']] as const) {
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

  it('random exchanges never touch another origin\'s or another client\'s accounts, and never stage an invalid key', async () => {
    const foreign = [pending({ origin: OTHER }), makeAccount({ origin: OTHER, secret: KEY }), makeAccount({ secret: KEY, client: { clientId: '2', email: 'x@example.com' } })];
    const exchange = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      path: fc.constantFrom('2fa/google/enable/wizard', '2fa/wizard', '2fa/google/disable/wizard', 'signin', 'signin/2fa', '2fa/google', '2fa/challenge'),
      status: fc.constantFrom(200, 202, 409, 422),
      sub: fc.constantFrom('1', '3'),
      request: fc.record({ uuid: fc.constantFrom(UUID, 'x-1'), code: fc.constantFrom(totp(KEY, NOW), '123456'), key: fc.constantFrom(KEY, 'bad', OTHER_KEY), email: fc.constantFrom('a@example.com') }, { requiredKeys: [] }),
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
