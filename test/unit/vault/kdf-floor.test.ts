import { describe, expect, it } from 'vitest';
import { createVault, exportEncrypted, idbKeyValueStore, MIN_ITERATIONS, type Account } from '../../../src/vault';
import { BACKUP_MIN_ITERATIONS } from '../../../src/vault/backup';

/**
 * The production floor of the passphrase KDF. Every other unit test injects a low iteration count
 * to spare the CPU; this one runs the real PBKDF2 cost once for the vault and once for a backup, so
 * a change of the defaults cannot pass unnoticed.
 */
describe('PBKDF2 iteration floor', () => {
  it('is 600,000', () => expect(MIN_ITERATIONS).toBe(600_000));

  it('a vault made as the worker makes it (no count injected) wraps its key with 600,000 iterations, even when asked for fewer', async () => {
    const store = idbKeyValueStore('kdf-floor');
    const vault = createVault({ store });
    const plain = await vault.unlock();
    if (!plain.ok) throw new Error(plain.error.kind);
    const protectedKey = await vault.setPassphrase(plain.value, 'correct horse battery', { iterations: 1_000 });
    expect(protectedKey.ok).toBe(true);
    expect(await vault.state()).toEqual({ kind: 'protected', iterations: 600_000 });
    expect(await createVault({ store }).unlock('correct horse battery')).toMatchObject({ ok: true });
  });

  it('an injected count is a floor too: asking for more gets more', async () => {
    const vault = createVault({ store: idbKeyValueStore('kdf-floor-raised'), kdfIterations: 1_000 });
    const plain = await vault.unlock();
    if (!plain.ok) throw new Error(plain.error.kind);
    await vault.setPassphrase(plain.value, 'correct horse battery', { iterations: 2_000 });
    expect(await vault.state()).toEqual({ kind: 'protected', iterations: 2_000 });
    const low = createVault({ store: idbKeyValueStore('kdf-floor-low'), kdfIterations: 1_000 });
    const k = await low.unlock();
    if (!k.ok) throw new Error(k.error.kind);
    await low.setPassphrase(k.value, 'correct horse battery', { iterations: 10 });
    expect(await low.state()).toEqual({ kind: 'protected', iterations: 1_000 });
  });

  it('an encrypted backup made without a count uses 600,000; none goes below the least a backup file may name', async () => {
    const account = { id: 'a1', origin: 'https://my.broker.example', label: 'x', issuer: 'B2Core', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, status: 'active', pinned: false, createdAt: 0 } as Account;
    const made = await exportEncrypted([account], 'backup passphrase', { now: () => 0 });
    expect(made.ok && JSON.parse(made.value).kdf.iterations).toBe(600_000);
    const low = await exportEncrypted([account], 'backup passphrase', { now: () => 0, iterations: 5 });
    expect(low.ok && JSON.parse(low.value).kdf.iterations).toBe(BACKUP_MIN_ITERATIONS);
  });
});
