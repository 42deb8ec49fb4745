import * as v from 'valibot';
import type { Account } from '../vault';
import type { DropReason, Effect } from './effects';
import { canonicalSecret, ExchangeSchema, isCode, type Exchange } from './exchange';
import { belongsTo, selectAccount, type Identity } from './select-account';
import type { CaptureState, OriginCapture } from './state';

/**
 * The capture reducer: one observed API exchange of a registered origin in, the vault changes and
 * signals it implies out (../shared/DESIGN.md, flows 1–3; endpoints per ../shared/b2core-api.md).
 * It never throws and never trusts the page: anything malformed, forged or out of order is dropped
 * with a reason. Time and code verification come in as adapters.
 */
export interface CaptureContext {
  /** The exact registered origin the event came from (checked by the worker, not the page). */
  origin: string;
  /** Milliseconds, already corrected by the server's measured clock offset. */
  now: number;
  /** The vault's accounts (all origins; the reducer filters). */
  accounts: readonly Account[];
  /** RFC 6238 check of `code` against `secret` at `atMs`, ±1 step. */
  verifyCode(secret: string, code: string, atMs: number): Promise<boolean>;
  newId(): string;
}

export type CaptureOutcome =
  | { ok: true; state: CaptureState; effects: Effect[] }
  | { ok: false; state: CaptureState; reason: DropReason; detail: string };

const drop = (state: CaptureState, reason: DropReason, detail: string): CaptureOutcome => ({ ok: false, state, reason, detail });
const done = (state: CaptureState, effects: Effect[]): CaptureOutcome => ({ ok: true, state, effects });

function withOrigin(state: CaptureState, origin: string, change: (o: OriginCapture) => OriginCapture): CaptureState {
  return { origins: { ...state.origins, [origin]: change(state.origins[origin] ?? {}) } };
}

const identityOf = (o: OriginCapture | undefined): Identity => ({
  ...(o?.email !== undefined ? { email: o.email } : {}),
  ...(o?.clientId !== undefined ? { clientId: o.clientId } : {}),
});

function codeWanted(reason: Effect & { kind: 'code_wanted' }, ctx: CaptureContext, who: Identity): Effect {
  const pick = selectAccount(ctx.accounts, ctx.origin, who);
  return pick.kind === 'one' ? { ...reason, accountId: pick.account.id } : reason;
}

/** The exchanges the reducer acts on; every other one only tells the server's time. */
const ROUTES = new Set([
  'GET 2fa/google/enable/wizard',
  'POST 2fa/wizard',
  'GET 2fa/google/disable/wizard',
  'GET 2fa/sms/disable/wizard',
  'POST signin',
  'POST signin/2fa',
  'POST 2fa/google',
  'POST 2fa/sms',
  'GET 2fa/challenge',
]);

/** Whether `input` is a successful exchange on a route capture acts on (a cheap check before the vault is read). */
export function isCaptureRoute(input: unknown): boolean {
  const ex = input as { method?: unknown; path?: unknown; status?: unknown } | null;
  return typeof ex === 'object' && ex !== null && ex.status === 200 && ROUTES.has(`${String(ex.method)} ${String(ex.path)}`);
}

export async function reduceCapture(state: CaptureState, input: unknown, ctx: CaptureContext): Promise<CaptureOutcome> {
  const parsed = v.safeParse(ExchangeSchema, input);
  if (!parsed.success) return drop(state, 'invalid_event', `malformed exchange at ${v.getDotPath(parsed.issues[0]) ?? 'root'}`);
  const ex = parsed.output;
  if (ex.status !== 200) return drop(state, 'not_success', `HTTP ${ex.status}`);
  const route = `${ex.method} ${ex.path}`;
  const origin = state.origins[ctx.origin];
  const who = identityOf(origin);

  switch (route) {
    case 'GET 2fa/google/enable/wizard':
      return enableWizardStarted(state, ex, ctx, who);
    case 'POST 2fa/wizard':
      return wizardStep(state, ex, ctx, origin, who);
    case 'GET 2fa/google/disable/wizard':
    case 'GET 2fa/sms/disable/wizard': {
      if (ex.response.uuid === undefined) return drop(state, 'invalid_event', 'disable wizard without uuid');
      const provider = ex.path.startsWith('2fa/google') ? 'google' : 'sms';
      const next = withOrigin(state, ctx.origin, (o) => ({ ...o, disableWizard: { uuid: ex.response.uuid!, provider, at: ctx.now } }));
      return done(next, provider === 'google' ? [codeWanted({ kind: 'code_wanted', reason: 'disable_wizard' }, ctx, who)] : []);
    }
    case 'POST signin':
      return signInStep(state, ex, ctx);
    case 'POST signin/2fa':
      return done(state, ex.response.workflow === '2fa_google_auth' ? [codeWanted({ kind: 'code_wanted', reason: 'signin' }, ctx, who)] : []);
    case 'POST 2fa/google':
    case 'POST 2fa/sms':
      return signedIn(state, ex, ctx);
    case 'GET 2fa/challenge':
      return done(state, ex.response.provider === 'google' ? [codeWanted({ kind: 'code_wanted', reason: 'challenge' }, ctx, who)] : []);
    default:
      return drop(state, 'irrelevant', route);
  }
}

/** `GET 2fa/google/enable/wizard` → the key is staged as a pending account for (origin, uuid). */
function enableWizardStarted(state: CaptureState, ex: Exchange, ctx: CaptureContext, who: Identity): CaptureOutcome {
  const { uuid, workflow, code } = ex.response;
  const secret = canonicalSecret(ex.response.key);
  if (code !== 200 || workflow !== '2fa_google' || uuid === undefined || secret === null) {
    return drop(state, 'invalid_event', 'not an enable-wizard answer with a valid key');
  }
  if (ctx.accounts.some((a) => a.origin === ctx.origin && a.wizardUuid === uuid)) return drop(state, 'duplicate', 'this wizard was already captured');
  const host = new URL(ctx.origin).host;
  const account: Account = {
    id: ctx.newId(),
    origin: ctx.origin,
    client: who,
    label: who.email ?? 'B2Core client',
    issuer: host,
    secret,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    status: 'pending',
    createdAt: ctx.now,
    wizardUuid: uuid,
  };
  return done(state, [
    { kind: 'stage', account },
    { kind: 'code_wanted', reason: 'enable_wizard', accountId: account.id },
  ]);
}

/** `POST 2fa/wizard` answered 202/done: an enable to confirm or a disable to archive. */
async function wizardStep(state: CaptureState, ex: Exchange, ctx: CaptureContext, origin: OriginCapture | undefined, who: Identity): Promise<CaptureOutcome> {
  const { uuid, code } = ex.request;
  if (ex.response.code !== 202 || ex.response.done !== true) return drop(state, 'irrelevant', 'an intermediate wizard step');
  if (uuid === undefined) return drop(state, 'invalid_event', 'wizard step without uuid');

  const pending = ctx.accounts.find((a) => a.origin === ctx.origin && a.status === 'pending' && a.wizardUuid === uuid);
  if (pending) {
    if (ex.request.key !== undefined && canonicalSecret(ex.request.key) !== pending.secret) return drop(state, 'key_mismatch', 'the submitted key is not the captured one');
    if (!isCode(code) || !(await ctx.verifyCode(pending.secret, code, ctx.now))) return drop(state, 'code_mismatch', 'the submitted code does not verify against the captured key');
    const replaced = ctx.accounts.filter(
      (a) => a.id !== pending.id && a.origin === ctx.origin && a.status === 'active' && (belongsTo(a, pending.client) || belongsTo(a, who)),
    );
    return done(state, [
      { kind: 'activate', accountId: pending.id, at: ctx.now },
      ...replaced.map((a): Effect => ({ kind: 'archive', accountId: a.id, at: ctx.now, reason: 'replaced' })),
    ]);
  }

  const wizard = origin?.disableWizard;
  if (!wizard || wizard.uuid !== uuid) return drop(state, 'no_wizard', 'no captured wizard has this uuid');
  const next = withOrigin(state, ctx.origin, ({ disableWizard: _closed, ...rest }) => rest);
  if (wizard.provider === 'sms') return done(next, []);
  const target = await disabledAccount(ctx, who, code);
  if (!target) return drop(next, 'ambiguous', 'cannot tell which account was disabled');
  return done(next, [{ kind: 'archive', accountId: target.id, at: ctx.now, reason: 'disabled' }]);
}

/** The active account whose key produced the submitted code; else the client's; else the only one. */
async function disabledAccount(ctx: CaptureContext, who: Identity, code: string | undefined): Promise<Account | null> {
  const active = ctx.accounts.filter((a) => a.origin === ctx.origin && a.status === 'active');
  if (isCode(code)) {
    const matching: Account[] = [];
    for (const a of active) if (await ctx.verifyCode(a.secret, code, ctx.now)) matching.push(a);
    if (matching.length === 1) return matching[0]!;
  }
  const pick = selectAccount(active, ctx.origin, who);
  return pick.kind === 'one' ? pick.account : null;
}

/** `POST signin`: who is signing in, and whether a Google code is wanted now. */
async function signInStep(state: CaptureState, ex: Exchange, ctx: CaptureContext): Promise<CaptureOutcome> {
  const email = ex.request.email;
  // A new sign-in: forget the previous client of this tab's origin.
  const next = withOrigin(state, ctx.origin, ({ disableWizard }) => ({ ...(email !== undefined ? { email } : {}), ...(disableWizard ? { disableWizard } : {}) }));
  const who = identityOf(next.origins[ctx.origin]);
  if (ex.response.code === 202) return signedIn(next, ex, ctx);
  const effects: Effect[] = ex.response.workflow === '2fa_google_auth' ? [codeWanted({ kind: 'code_wanted', reason: 'signin' }, ctx, who)] : [];
  return done(next, effects);
}

/**
 * A 202 with tokens: the client is signed in. An account whose key produced the code just used is
 * this client's: tie it to the client when it was tied to nobody, or only to part of this identity.
 */
async function signedIn(state: CaptureState, ex: Exchange, ctx: CaptureContext): Promise<CaptureOutcome> {
  if (ex.response.code !== 202) return drop(state, 'irrelevant', 'sign-in not finished');
  const sub = ex.response.sub;
  const next = withOrigin(state, ctx.origin, (o) => ({ ...o, ...(sub !== undefined ? { clientId: sub } : {}) }));
  const client = identityOf(next.origins[ctx.origin]);
  const effects: Effect[] = [{ kind: 'signed_in', client }];
  const code = ex.request.code;
  if (ex.path !== '2fa/google' || !isCode(code)) return done(next, effects);
  for (const a of ctx.accounts) {
    if (a.origin !== ctx.origin || a.status !== 'active' || !compatible(a.client, client)) continue;
    const merged = { ...a.client, ...client };
    if (merged.email === a.client.email && merged.clientId === a.client.clientId) continue;
    if (await ctx.verifyCode(a.secret, code, ctx.now)) effects.push({ kind: 'identify', accountId: a.id, client: merged });
  }
  return done(next, effects);
}

/** No field of the two identities contradicts the other. */
function compatible(a: Identity, b: Identity): boolean {
  const emails = a.email === undefined || b.email === undefined || a.email.toLowerCase() === b.email.toLowerCase();
  const ids = a.clientId === undefined || b.clientId === undefined || a.clientId === b.clientId;
  return emails && ids;
}
