import 'fake-indexeddb/auto';
import { createVault, idbKeyValueStore, MIN_ITERATIONS } from '../src/vault';
import { makeAccount } from '../test/fixtures/accounts';
import { spread, time, type BenchRow } from './support';

/**
 * Vault costs a person feels: unlocking with a passphrase (PBKDF2-SHA256 at the minimum iteration
 * count — the dominant cost by design; target ≤ 500 ms here), and listing 500 accounts once unlocked.
 * IndexedDB is fake-indexeddb in Node: the list figure is for the crypto, not for Chromium's IDB.
 */
export async function run(): Promise<BenchRow[]> {
  const vault = createVault({ store: idbKeyValueStore('bench-vault') });
  const plain = await vault.unlock();
  if (!plain.ok) throw new Error('unlock');
  await vault.setPassphrase(plain.value, 'a bench passphrase');
  const unlock = await time(() => vault.unlock('a bench passphrase'), { runs: 9, warmup: 1 });

  for (let i = 0; i < 500; i++) await vault.add(plain.value, makeAccount());
  const list = await time(() => vault.list(plain.value), { runs: 11, warmup: 1 });

  return [
    { name: `vault unlock (PBKDF2-SHA256, ${MIN_ITERATIONS.toLocaleString('en')} it.)`, ms: unlock.median, note: `${spread(unlock)}; target ≤ 500 ms` },
    { name: 'vault list, 500 accounts (decrypt all)', ms: list.median, note: spread(list) },
  ];
}
