import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CachedWebCryptoPlugin, createTotp, encodeBase32, MAX_SECRET_BYTES } from '../../../src/totp';

const KEY = 'TPYXG33M4LOHFJHB';
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
const counter = new Uint8Array(8);

afterEach(() => vi.restoreAllMocks());

describe('the imported CryptoKey is cached per (key, hash)', () => {
  it('100 codes for one key, one after another: 1 importKey, 100 sign', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const engine = createTotp();
    for (let i = 0; i < 100; i++) await engine.generateCode(KEY, { epochSeconds: i * 30 });
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(sign).toHaveBeenCalledTimes(100);
  });

  it('100 codes for one key at once: the first import is shared, not repeated', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const engine = createTotp();
    const codes = await Promise.all(Array.from({ length: 100 }, (_, i) => engine.generateCode(KEY, { epochSeconds: i * 30 })));
    expect(new Set(codes).size).toBeGreaterThan(90);
    expect(importKey).toHaveBeenCalledTimes(1);
  });

  it('one import per distinct key and per hash, and the codes stay right', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const engine = createTotp();
    const keys = Array.from({ length: 50 }, (_, i) => bytes(10 + (i % 5), i));
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        for (const algorithm of ['SHA1', 'SHA256'] as const) {
          const code = await engine.generateCode(encodeBase32(key), { epochSeconds: 59, algorithm });
          const digest = createHmac(algorithm === 'SHA1' ? 'sha1' : 'sha256', key).update(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])).digest();
          const offset = digest[digest.length - 1]! & 15;
          expect(code).toBe(String((digest.readUInt32BE(offset) & 0x7fffffff) % 1e6).padStart(6, '0'));
        }
      }
    }
    expect(importKey).toHaveBeenCalledTimes(100);
    expect(engine.cachedKeys).toBe(100);
  });

  it('the bound evicts the least recently used key first', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const plugin = new CachedWebCryptoPlugin({ maxKeys: 2 });
    const [a, b, c] = [bytes(10, 1), bytes(10, 2), bytes(10, 3)];
    for (const key of [a, b, a, c]) await plugin.hmac('sha1', key, counter); // b is least recently used when c arrives
    expect(importKey).toHaveBeenCalledTimes(3);
    expect(plugin.size).toBe(2);
    await plugin.hmac('sha1', a, counter);
    await plugin.hmac('sha1', c, counter);
    expect(importKey).toHaveBeenCalledTimes(3);
    await plugin.hmac('sha1', b, counter);
    expect(importKey).toHaveBeenCalledTimes(4);
  });

  it('a failed import is forgotten, so the next call tries again', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new DOMException('busy', 'OperationError'));
    const plugin = new CachedWebCryptoPlugin();
    await expect(plugin.hmac('sha1', bytes(10), counter)).rejects.toThrow('busy');
    expect(plugin.size).toBe(0);
    await expect(plugin.hmac('sha1', bytes(10), counter)).resolves.toHaveLength(20);
    expect(importKey).toHaveBeenCalledTimes(2);
    expect(plugin.size).toBe(1);
  });

  it('a key longer than the cache pad is used but never cached', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const plugin = new CachedWebCryptoPlugin();
    const long = bytes(MAX_SECRET_BYTES + 1);
    await plugin.hmac('sha256', long, counter);
    await plugin.hmac('sha256', long, counter);
    expect(importKey).toHaveBeenCalledTimes(2);
    expect(plugin.size).toBe(0);
  });

  it('an unknown hash is refused before WebCrypto sees it', async () => {
    const plugin = new CachedWebCryptoPlugin();
    await expect(plugin.hmac('md5' as 'sha1', bytes(10), counter)).rejects.toMatchObject({ kind: 'invalid_algorithm' });
  });

  it('imports a copy: zeroing the caller’s bytes afterwards does not change the cached key', async () => {
    const plugin = new CachedWebCryptoPlugin();
    const key = bytes(10, 9);
    const before = await plugin.hmac('sha1', key, counter);
    const again = await plugin.hmac('sha1', bytes(10, 9), counter);
    key.fill(0);
    expect(await plugin.hmac('sha1', bytes(10, 9), counter)).toEqual(before);
    expect(again).toEqual(before);
  });

  it('clear() forgets every key', async () => {
    const plugin = new CachedWebCryptoPlugin();
    await plugin.hmac('sha1', bytes(10), counter);
    plugin.clear();
    expect(plugin.size).toBe(0);
  });
});

describe('the cache holds no copy of a secret', () => {
  it('its keys contain neither the key bytes in hex nor the base32 secret', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 10, maxLength: 64 }), async (key) => {
        const plugin = new CachedWebCryptoPlugin();
        await plugin.hmac('sha1', key, counter);
        const ids = [...(plugin as unknown as { keys: Map<string, unknown> }).keys.keys()].join('\n');
        const hex = Buffer.from(key).toString('hex');
        expect(ids).not.toContain(hex.slice(0, 16));
        expect(ids.toUpperCase()).not.toContain(encodeBase32(key).slice(0, 12));
      }),
      { numRuns: 50 },
    );
  });

  it('two plugins key the same secret differently (a per-instance random pad)', async () => {
    const [p, q] = [new CachedWebCryptoPlugin(), new CachedWebCryptoPlugin()];
    await p.hmac('sha1', bytes(10), counter);
    await q.hmac('sha1', bytes(10), counter);
    const id = (plugin: CachedWebCryptoPlugin) => [...(plugin as unknown as { keys: Map<string, unknown> }).keys.keys()][0];
    expect(id(p)).not.toBe(id(q));
  });
});
