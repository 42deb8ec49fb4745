import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LOCAL, LOCAL_ENTRIES, memoryArea, parseSnapshot, read, SESSION, SESSION_ENTRIES, toAccountViews, watch, write } from '../../../src/storage';
import { AccountsSnapshotSchema, SnapshotJsonSchema } from '../../../src/storage/schemas';
import { makeAccount } from '../../fixtures/accounts';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('the storage contract', () => {
  it('gives every fixed key of storage.local and storage.session a schema (the network log has its own, per request)', () => {
    expect(Object.values(LOCAL_ENTRIES).map((e) => e.key).sort()).toEqual(Object.values(LOCAL).sort());
    const fixed = Object.values(SESSION).filter((key) => key !== SESSION.network);
    expect(Object.values(SESSION_ENTRIES).map((e) => e.key).sort()).toEqual(fixed.sort());
  });

  it('an invalid value is reported by key and problem — never the value — and read as absent', async () => {
    const area = memoryArea();
    const lines: string[] = [];
    await area.set(SESSION.vaultKey, { v: 1, key: 42, note: SECRET });
    expect(await read(area, SESSION_ENTRIES.vaultKey, (line) => lines.push(line))).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"vaultKey"');
    expect(lines[0]).toContain('key');
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).not.toContain('42');
    // A valid one passes as it is.
    await write(area, SESSION_ENTRIES.vaultKey, { v: 1, key: SECRET });
    expect(await read(area, SESSION_ENTRIES.vaultKey, (line) => lines.push(line))).toEqual({ v: 1, key: SECRET });
    expect(lines).toHaveLength(1);
  });

  it('a watcher gets each new value checked: invalid and removed ones arrive as undefined', async () => {
    const area = memoryArea();
    const seen: unknown[] = [];
    const stop = watch(area, LOCAL_ENTRIES.sites, (value) => seen.push(value), () => undefined);
    await area.set(LOCAL.sites, ['https://a.example']);
    await area.set(LOCAL.sites, 'https://b.example');
    await area.remove(LOCAL.sites);
    stop();
    expect(seen).toEqual([['https://a.example'], undefined, undefined]);
  });

  it('settings: a field that does not parse falls back on its own; the others stay', async () => {
    const area = memoryArea();
    await area.set(LOCAL.settings, { autoLockMinutes: 0, autofill: 'manual', autoSubmit: 'yes' });
    expect(await read(area, LOCAL_ENTRIES.settings)).toEqual({ autoLockMinutes: undefined, autofill: 'manual', autoSubmit: undefined });
  });

  it('clock offsets: one damaged site record is dropped, not the others', async () => {
    const area = memoryArea();
    const good = { offsetMs: 1200, minMs: 1000, maxMs: 1400, samples: 3, checkedAt: 5, accepted: { offsetMs: 1200, uncertaintyMs: 200, at: 9 } };
    await area.set(LOCAL.offsets, { 'https://a.example': good, 'https://b.example': { offsetMs: 'soon' }, 'https://c.example': { offsetMs: 1, minMs: 0, maxMs: 2, candidate: { minMs: 5, maxMs: 1, samples: 1, sinceMs: 0 } } });
    expect(await read(area, LOCAL_ENTRIES.offsets)).toEqual({
      'https://a.example': { ...good, candidate: undefined, inBoundMs: undefined },
      'https://c.example': { offsetMs: 1, minMs: 0, maxMs: 2, samples: 1, checkedAt: undefined, candidate: undefined, inBoundMs: undefined, accepted: undefined },
    });
  });

  it('the backup record: well-formed only', async () => {
    const area = memoryArea();
    for (const [value, expected] of [
      [{ lastExportAt: 5, format: 'encrypted' }, { lastExportAt: 5, format: 'encrypted' }],
      [{ lastExportAt: '5', format: 'encrypted' }, undefined],
      [{ lastExportAt: 5, format: 'zip' }, undefined],
      [null, undefined],
    ] as const) {
      await area.set(LOCAL.backup, value);
      expect(await read(area, LOCAL_ENTRIES.backup, () => undefined)).toEqual(expected);
    }
  });

  it('the popup snapshot: the worker’s JSON string parses by the schema; not JSON, or the wrong shape, does not', () => {
    const snapshot = { v: 1, accounts: toAccountViews([makeAccount({ secret: SECRET })]), offsets: { 'https://a.example': 1500 }, at: 7 };
    expect(v.safeParse(SnapshotJsonSchema, JSON.stringify(snapshot)).output).toEqual(snapshot);
    expect(v.safeParse(SnapshotJsonSchema, '{').success).toBe(false);
    expect(v.safeParse(SnapshotJsonSchema, JSON.stringify({ ...snapshot, v: 2 })).success).toBe(false);
  });

  it('the popup’s small guard (parseSnapshot, kept for its 25 KB budget) accepts every snapshot the schema accepts, and refuses what the envelope forbids', () => {
    const view = fc.record({
      id: fc.string(),
      origin: fc.string(),
      label: fc.string(),
      issuer: fc.string(),
      secret: fc.string(),
      algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
      digits: fc.constantFrom(6, 7, 8),
      period: fc.integer({ min: 1, max: 120 }),
      status: fc.constantFrom('pending', 'active'),
      createdAt: fc.integer(),
    });
    const snapshot = fc.record({ v: fc.constant(1), accounts: fc.array(view, { maxLength: 4 }), offsets: fc.dictionary(fc.string(), fc.integer()), at: fc.integer() });
    fc.assert(
      fc.property(snapshot, (s) => {
        expect(v.safeParse(AccountsSnapshotSchema, s).success).toBe(true);
        expect(parseSnapshot(JSON.stringify(s))).toEqual(s);
      }),
    );
    const broken = fc.oneof(fc.constant('{'), fc.constant('null'), fc.jsonValue().map((x) => JSON.stringify({ v: 2, accounts: [], offsets: {}, x })), fc.jsonValue().map((x) => JSON.stringify({ v: 1, accounts: x, offsets: {} })).filter((t) => !Array.isArray(JSON.parse(t).accounts)));
    fc.assert(
      fc.property(broken, (text) => {
        expect(parseSnapshot(text)).toBeNull();
        expect(v.safeParse(SnapshotJsonSchema, text).success).toBe(false);
      }),
    );
  });
});
