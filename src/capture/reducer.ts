import * as v from 'valibot';
import type { Account } from '../vault';
import type { DropReason, Effect } from './effects';
import { canonicalSecret, ExchangeSchema, isCode, type Exchange } from './exchange';
import { acceptedCode, activation, pendingFor, stagedAccount } from './lifecycle';
import { CAPTURE_ROUTES } from './routes';
import { accountForClient, accountForEmail } from './select-account';
import { MAX_SIGN_INS, type CaptureState, type OriginCapture } from './state';

/**
 * The capture reducer: one API exchange of a registered origin — the browser's view of the request
 * joined with the page's report of the answer's body (exchange.ts) — in; the vault changes and
 * signals it implies out (DESIGN.md, flows 1–3; endpoints per docs/b2core-api.md). It never throws
 * and believes the page only about response bodies: the client comes from the bearer token's `sub`
 * or the sign-in's email the browser saw, and a key becomes active only when the server accepted a
 * code from it (HTTP 200 as the browser saw it, the code from the body the browser saw).
 * Time and code verification come in as adapters.
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

/** Whether `input` is a successful exchange on a route capture acts on (a cheap check before the vault is read). */
export function isCaptureRoute(input: unknown): boolean {
  const ex = input as { method?: unknown; path?: unknown; status?: unknown } | null;
  return typeof ex === 'object' && ex !== null && ex.status === 200 && CAPTURE_ROUTES.has(`${String(ex.method)} ${String(ex.path)}`);
}

/** The email of the sign-in session `uuid`, as the browser saw it in `POST signin`. */
const emailOf = (origin: OriginCapture | undefined, uuid: string | undefined) => (uuid === undefined ? undefined : origin?.signIns?.find((s) => s.uuid === uuid)?.email);

export async function reduceCapture(state: CaptureState, input: unknown, ctx: CaptureContext): Promise<CaptureOutcome> {
  const parsed = v.safeParse(ExchangeSchema, input);
  if (!parsed.success) return drop(state, 'invalid_event', `malformed exchange at ${v.getDotPath(parsed.issues[0]) ?? 'root'}`);
  const ex = parsed.output;
  if (ex.status !== 200) return drop(state, 'not_success', `HTTP ${ex.status}`);
  const route = `${ex.method} ${ex.path}`;
  const origin = state.origins[ctx.origin];

  switch (route) {
    case 'GET 2fa/google/enable/wizard':
      return enableWizardStarted(state, ex, ctx, origin);
    case 'POST 2fa/wizard':
      return wizardStep(state, ex, ctx, origin);
    case 'GET 2fa/google/disable/wizard':
    case 'GET 2fa/sms/disable/wizard': {
      if (ex.response.uuid === undefined) return drop(state, 'invalid_event', 'disable wizard without uuid');
      const provider = ex.path.startsWith('2fa/google') ? 'google' : 'sms';
      const next = withOrigin(state, ctx.origin, (o) => ({ ...o, disableWizard: { uuid: ex.response.uuid!, provider, ...(ex.sub !== undefined ? { sub: ex.sub } : {}), at: ctx.now } }));
      return done(next, provider === 'google' ? [forClient('disable_wizard', ex, ctx)] : []);
    }
    case 'POST signin':
      return signInStep(state, ex, ctx);
    case 'POST signin/2fa': {
      const email = emailOf(origin, ex.request.uuid);
      return done(state, ex.response.workflow === '2fa_google_auth' ? [forEmail(email, ctx)] : []);
    }
    case 'POST 2fa/google':
    case 'POST 2fa/sms':
      return signedIn(state, ex, ctx, emailOf(origin, ex.request.uuid));
    case 'GET 2fa/challenge':
      return done(state, ex.response.provider === 'google' ? [forClient('challenge', ex, ctx)] : []);
    case 'POST 2fa/challenge':
      return challengeAnswered(state, ex, ctx);
    default:
      return drop(state, 'irrelevant', route);
  }
}

/** A code is wanted for the sign-in of `email`: the account of that email, or none (the person picks). */
function forEmail(email: string | undefined, ctx: CaptureContext): Effect {
  const pick = email === undefined ? null : accountForEmail(ctx.accounts, ctx.origin, email);
  return { kind: 'code_wanted', reason: 'signin', ...(pick?.kind === 'one' ? { accountId: pick.account.id } : {}), ...(email !== undefined ? { email } : {}) };
}

/** A code is wanted by the client of the request's token: that client's account, or none. */
function forClient(reason: 'challenge' | 'disable_wizard', ex: Exchange, ctx: CaptureContext): Effect {
  const pick = ex.sub === undefined ? null : accountForClient(ctx.accounts, ctx.origin, ex.sub);
  return { kind: 'code_wanted', reason, ...(pick?.kind === 'one' ? { accountId: pick.account.id } : {}), ...(ex.process !== undefined ? { process: ex.process } : {}) };
}

/** `GET 2fa/google/enable/wizard` → the key is staged as a pending account of the token's client. */
function enableWizardStarted(state: CaptureState, ex: Exchange, ctx: CaptureContext, origin: OriginCapture | undefined): CaptureOutcome {
  const { uuid, workflow, code } = ex.response;
  const secret = canonicalSecret(ex.response.key);
  if (code !== 200 || workflow !== '2fa_google' || uuid === undefined || secret === null) {
    return drop(state, 'invalid_event', 'not an enable-wizard answer with a valid key');
  }
  // The wizard needs a signed-in client: a key with no token behind it belongs to nobody we know.
  if (ex.sub === undefined) return drop(state, 'invalid_event', 'enable wizard without a bearer token');
  if (ctx.accounts.some((a) => a.origin === ctx.origin && a.wizardUuid === uuid)) return drop(state, 'duplicate', 'this wizard was already captured');
  const account = stagedAccount({ id: ctx.newId(), origin: ctx.origin, client: { clientId: ex.sub }, secret, wizardUuid: uuid, now: ctx.now, ...labelFor(ctx, origin, ex.sub) });
  return done(state, [
    { kind: 'stage', account },
    { kind: 'code_wanted', reason: 'enable_wizard', accountId: account.id },
  ]);
}

/**
 * A label for a new key: the email of the client's other accounts here, else of the origin's last
 * finished sign-in. Only a label for the person to read — never an identity: the email becomes the
 * account's only once the server accepts one of its codes for that email (`signedIn`).
 */
function labelFor(ctx: CaptureContext, origin: OriginCapture | undefined, sub: string): { label?: string } {
  const known = ctx.accounts.find((a) => a.origin === ctx.origin && a.client.clientId === sub && a.client.email !== undefined)?.client.email;
  const email = known ?? origin?.signIns?.filter((s) => s.done).at(-1)?.email;
  return email !== undefined ? { label: email } : {};
}

/** Marks the sign-in session `uuid` finished. */
function finished(state: CaptureState, origin: string, uuid: string | undefined): CaptureState {
  if (uuid === undefined || !state.origins[origin]?.signIns?.some((s) => s.uuid === uuid)) return state;
  return withOrigin(state, origin, (o) => ({ ...o, signIns: o.signIns!.map((s) => (s.uuid === uuid ? { ...s, done: true } : s)) }));
}

/** `POST 2fa/wizard` answered 202/done: an enable to confirm or a disable to archive. */
async function wizardStep(state: CaptureState, ex: Exchange, ctx: CaptureContext, origin: OriginCapture | undefined): Promise<CaptureOutcome> {
  const { uuid, code } = ex.request;
  if (ex.response.code !== 202 || ex.response.done !== true) return drop(state, 'irrelevant', 'an intermediate wizard step');
  if (uuid === undefined) return drop(state, 'invalid_event', 'wizard step without uuid');

  const staged = ctx.accounts.find((a) => a.origin === ctx.origin && a.status === 'pending' && a.wizardUuid === uuid);
  if (staged) {
    // The client that fetched the key must be the one confirming it (attack: another client's wizard).
    if (ex.sub === undefined || pendingFor([staged], ctx.origin, uuid, { clientId: ex.sub }) === undefined) return drop(state, 'other_client', 'the wizard was confirmed by another client than fetched the key');
    if (ex.request.key !== undefined && canonicalSecret(ex.request.key) !== staged.secret) return drop(state, 'key_mismatch', 'the submitted key is not the captured one');
    if (!isCode(code) || !(await ctx.verifyCode(staged.secret, code, ctx.now))) return drop(state, 'code_mismatch', 'the submitted code does not verify against the captured key');
    return done(state, activation(staged, ctx.now));
  }

  const wizard = origin?.disableWizard;
  if (!wizard || wizard.uuid !== uuid) return drop(state, 'no_wizard', 'no captured wizard has this uuid');
  const next = withOrigin(state, ctx.origin, ({ disableWizard: _closed, ...rest }) => rest);
  if (wizard.provider === 'sms') return done(next, []);
  if (ex.sub === undefined || wizard.sub !== ex.sub) return drop(next, 'other_client', 'the disable was finished by another client than started it');
  // The account of this client whose key produced the code the server accepted; nobody else's.
  const target = await verifiedAccount(ctx, code, (a) => a.client.clientId === ex.sub || a.client.clientId === undefined);
  if (!target) return drop(next, 'ambiguous', 'no account of this client produced the accepted code');
  return done(next, [{ kind: 'archive', accountId: target.id, at: ctx.now, reason: 'disabled' }]);
}

/** The one active account of the origin (passing `mine`) whose key verifies `code`. */
async function verifiedAccount(ctx: CaptureContext, code: string | undefined, mine: (a: Account) => boolean): Promise<Account | null> {
  if (!isCode(code)) return null;
  const matching: Account[] = [];
  for (const a of ctx.accounts) if (a.origin === ctx.origin && a.status === 'active' && mine(a) && (await ctx.verifyCode(a.secret, code, ctx.now))) matching.push(a);
  return matching.length === 1 ? matching[0]! : null;
}

/** `POST signin`: remember the sign-in session's email (from the body the browser saw). */
function signInStep(state: CaptureState, ex: Exchange, ctx: CaptureContext): CaptureOutcome {
  const { email } = ex.request;
  const uuid = ex.request.uuid;
  const next =
    email !== undefined && uuid !== undefined
      ? withOrigin(state, ctx.origin, (o) => ({ ...o, signIns: [...(o.signIns ?? []).filter((s) => s.uuid !== uuid), { uuid, email, at: ctx.now }].slice(-MAX_SIGN_INS) }))
      : state;
  if (ex.response.code === 202) return done(finished(next, ctx.origin, uuid), [{ kind: 'signed_in', client: email !== undefined ? { email } : {} }]);
  return done(next, ex.response.workflow === '2fa_google_auth' ? [forEmail(email, ctx)] : []);
}

/**
 * `POST 2fa/google` answered 200 as the browser saw it: the server accepted the code in the body
 * the browser saw for the sign-in session's email. The one account whose key produced that code is
 * that client's (`identify`), and its older keys are shown to be replaced.
 */
async function signedIn(state: CaptureState, ex: Exchange, ctx: CaptureContext, email: string | undefined): Promise<CaptureOutcome> {
  const effects: Effect[] = [{ kind: 'signed_in', client: email !== undefined ? { email } : {} }];
  state = finished(state, ctx.origin, ex.request.uuid);
  if (ex.path !== '2fa/google' || email === undefined) return done(state, effects);
  const lower = email.toLowerCase();
  const account = await verifiedAccount(ctx, ex.request.code, (a) => a.client.email === undefined || a.client.email.toLowerCase() === lower);
  if (account) effects.push(...acceptedCode(ctx.accounts, account, { email }, ctx.now));
  return done(state, effects);
}

/** `POST 2fa/challenge` (bearer) answered 200: the code was accepted for the token's client. */
async function challengeAnswered(state: CaptureState, ex: Exchange, ctx: CaptureContext): Promise<CaptureOutcome> {
  const sub = ex.sub;
  if (sub === undefined) return done(state, []);
  const account = await verifiedAccount(ctx, ex.request.code, (a) => a.client.clientId === undefined || a.client.clientId === sub);
  return done(state, account ? acceptedCode(ctx.accounts, account, { clientId: sub }, ctx.now) : []);
}
