import { expect } from 'vitest';
import type { Messenger } from '../../../../../src/ui/shared/adapters';
import { createHistoryStore, createSessionKeeper, createSetupStore } from '../../../../../src/ui/options/setup';
import type { SandboxApi } from '../../../../fixtures/sandbox';
import { harness } from '../../../worker/harness';

/**
 * The settings page's set-up stores wired to the REAL worker (test/unit/worker/harness.ts) and the
 * REAL sandbox over HTTP, as the extension wires them: one `storage.session` for both (the worker's
 * snapshot, the page's API session), one clock for page and worker; the worker's "wait for the next
 * period" moves the sandbox's clock too, so it costs no real time.
 */
type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export async function wire(sb: SandboxApi, options: { fetch?: (real: Fetch) => Fetch; timeoutMs?: number } = {}) {
  // The page's and worker's clock: real time, moved on by the worker's waits — which move the
  // sandbox's clock by as much, so a wait costs no real time. A test may move the server alone
  // (`sb.advance`: a skewed server) or both (`both`: time passing).
  let moved = 0;
  const both = async (seconds: number) => {
    moved += seconds * 1000;
    await sb.advance(seconds);
  };
  const clock = { now: () => Date.now() + moved, sleep: (ms: number) => both(Math.ceil(ms / 1000)) };
  const h = harness({ clock });
  expect(await h.page('sites/add', { site: sb.url })).toEqual({ ok: true, value: { origin: sb.url } });
  const messenger = ((type: string, payload: unknown) => h.page(type, payload)) as Messenger;
  // One storage.session for page and worker, with its change feed (the memory area's).
  const session = h.session;
  const local = h.local;
  const real: Fetch = (input, init) => fetch(input, init);
  const keeper = createSessionKeeper({ session, messenger, fetch: options.fetch ? options.fetch(real) : real, clock, timeoutMs: options.timeoutMs ?? 5000 });
  const store = createSetupStore({ keeper, messenger, local, session, userAgent: 'vitest' });
  const history = createHistoryStore({ keeper });
  await store.start();
  await history.start();
  /** The vault's accounts, archived ones too (the snapshot leaves those out). */
  const vaultAccounts = async () => {
    const key = await h.vault.unlock();
    if (!key.ok) throw new Error('vault');
    const listed = await h.vault.list(key.value);
    return listed.ok ? listed.value.accounts : [];
  };
  return { h, messenger, session, keeper, store, history, vaultAccounts, both };
}

/** Waits until the store's status is read (sign-in starts it without waiting). */
export async function statusOf(store: ReturnType<typeof createSetupStore>) {
  await expect.poll(() => store.twoFactor.methods.value, { timeout: 10_000 }).not.toBeNull();
  return Object.fromEntries(store.twoFactor.methods.value!.map((m) => [m.name, m.isEnabled]));
}

/** The server's own view of a client's 2FA, read with a fresh sign-in of its own. */
export async function serverStatus(sb: SandboxApi, token: string) {
  const res = await sb.call('GET', '2fa', { token });
  return Object.fromEntries((res.json.data as { name: string; isEnabled: boolean }[]).map((m) => [m.name, m.isEnabled]));
}

/** A path of a request made through the page's fetch, for fetch wrappers (`POST 2fa/wizard`). */
export const route = (input: string, init?: RequestInit) => `${init?.method ?? 'GET'} ${new URL(input).pathname.replace('/api/v2/my/', '')}`;
