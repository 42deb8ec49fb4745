import { describe, expect, it } from 'vitest';
import { applyEffects, emptyCaptureState, reduceCapture, type CaptureContext, type CaptureState } from '../../../src/capture';
import { createVault, idbKeyValueStore, newAccountId, type Account } from '../../../src/vault';
import { totp } from '../../fixtures/rfc6238';
import { TEST_KDF_ITERATIONS } from '../../fixtures/kdf';

const ORIGIN = 'http://127.0.0.1:8787';
const KEY = 'TPYXG33M4LOHFJHB';
const verifyCode = async (secret: string, code: string, at: number) => [-1, 0, 1].some((d) => totp(secret, at + d * 30_000) === code);
let db = 0;

/** The reducer and the vault together, as the worker will run them: every outcome applied for real. */
async function harness() {
  const vault = createVault({ kdfIterations: TEST_KDF_ITERATIONS, store: idbKeyValueStore(`capture-apply-${++db}`) });
  const unlocked = await vault.unlock();
  if (!unlocked.ok) throw new Error('unlock');
  let state: CaptureState = emptyCaptureState();
  let now = 1_764_000_000_000;
  const accounts = async (): Promise<Account[]> => {
    const listed = await vault.list(unlocked.value);
    return listed.ok ? listed.value.accounts : [];
  };
  return {
    accounts,
    advance: (ms: number) => (now += ms),
    now: () => now,
    async observe(exchange: unknown) {
      const ctx: CaptureContext = { origin: ORIGIN, now, accounts: await accounts(), verifyCode, newId: () => newAccountId() };
      const out = await reduceCapture(state, exchange, ctx);
      state = out.state;
      if (!out.ok) return { dropped: out.reason, applied: [], failed: [] };
      return { dropped: null, ...(await applyEffects(vault, unlocked.value, out.effects)) };
    },
  };
}

describe('capture applied to the vault', () => {
  it('sign in → enable wizard → confirm → active; disable → archived, never deleted', async () => {
    const h = await harness();
    await h.observe({ method: 'POST', path: 'signin', status: 200, request: { uuid: 's-1', email: 'demo@example.com' }, response: { code: 202, done: true, workflow: 'login' } });
    await h.observe({ method: 'GET', path: '2fa/google/enable/wizard', status: 200, sub: '1', response: { code: 200, done: false, uuid: 'w-1', workflow: '2fa_google', key: KEY } });
    // Owned by the token's client; the sign-in's email is only its label until a code of it is accepted for that email.
    expect((await h.accounts()).map((a) => [a.status, a.client, a.label])).toEqual([['pending', { clientId: '1' }, 'demo@example.com']]);

    const confirm = await h.observe({ method: 'POST', path: '2fa/wizard', status: 200, sub: '1', request: { uuid: 'w-1', code: totp(KEY, h.now()), key: KEY }, response: { code: 202, done: true, uuid: 'w-1' } });
    expect(confirm.failed).toEqual([]);
    const [active] = await h.accounts();
    expect(active).toMatchObject({ status: 'active', confirmedAt: h.now(), secret: KEY });

    h.advance(60_000);
    await h.observe({ method: 'GET', path: '2fa/google/disable/wizard', status: 200, sub: '1', response: { code: 200, uuid: 'd-1', workflow: '2fa_google' } });
    await h.observe({ method: 'POST', path: '2fa/wizard', status: 200, sub: '1', request: { uuid: 'd-1', code: totp(KEY, h.now()) }, response: { code: 202, done: true, uuid: 'd-1' } });
    expect(await h.accounts()).toEqual([expect.objectContaining({ id: active!.id, status: 'archived', archivedAt: h.now(), secret: KEY })]);
  });

  it('an abandoned wizard leaves a pending account and nothing active; a forged done cannot activate it', async () => {
    const h = await harness();
    await h.observe({ method: 'GET', path: '2fa/google/enable/wizard', status: 200, sub: '1', response: { code: 200, uuid: 'w-2', workflow: '2fa_google', key: KEY } });
    const forged = await h.observe({ method: 'POST', path: '2fa/wizard', status: 200, sub: '1', request: { uuid: 'w-2', code: '000000' }, response: { code: 202, done: true } });
    expect(forged.dropped).toBe('code_mismatch');
    expect((await h.accounts()).map((a) => a.status)).toEqual(['pending']);
  });

  it('identify gives the placeholder account its client\'s email once the server accepted its code for that email', async () => {
    const h = await harness();
    await h.observe({ method: 'GET', path: '2fa/google/enable/wizard', status: 200, sub: '1', response: { code: 200, uuid: 'w-3', workflow: '2fa_google', key: KEY } });
    await h.observe({ method: 'POST', path: '2fa/wizard', status: 200, sub: '1', request: { uuid: 'w-3', code: totp(KEY, h.now()) }, response: { code: 202, done: true } });
    expect((await h.accounts())[0]).toMatchObject({ label: 'B2Core client', client: { clientId: '1' } });
    h.advance(30_000);
    await h.observe({ method: 'POST', path: 'signin', status: 200, request: { uuid: 's-1', email: 'demo@example.com' }, response: { code: 200, workflow: '2fa_google_auth' } });
    await h.observe({ method: 'POST', path: '2fa/google', status: 200, request: { uuid: 's-1', code: totp(KEY, h.now()) }, response: { code: 202, done: true } });
    expect((await h.accounts())[0]).toMatchObject({ label: 'demo@example.com', client: { email: 'demo@example.com', clientId: '1' } });
  });
});
