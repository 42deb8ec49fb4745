import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtoWriter, readMessage, readVarint } from '../../../src/totp/protobuf';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('varints (protobuf encoding guide, "Base 128 Varints")', () => {
  it('the guide’s examples: 1 and 150', () => {
    expect(readVarint(bytes(0x01), 0)).toEqual({ value: 1, int32: 1, next: 1 });
    expect(readVarint(bytes(0x96, 0x01), 0)).toEqual({ value: 150, int32: 150, next: 2 });
  });

  it('a negative int32 as written by protobuf: ten bytes, a large unsigned value, the exact int32', () => {
    const minusOne = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    const read = readVarint(minusOne, 0);
    expect(read).toMatchObject({ next: 10, int32: -1 });
    expect('value' in read && read.value).toBeGreaterThan(2 ** 63);
    expect(readVarint(bytes(0x96, 0x01), 0)).toMatchObject({ int32: 150 });
  });

  it('int32 fields: written sign-extended as protobuf does (checked with BigInt), read back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (value) => {
        const written = new ProtoWriter().int32(1, value).finish();
        const expected = [0x08];
        let rest = BigInt.asUintN(64, BigInt(value));
        do {
          const low = Number(rest & 0x7fn);
          rest >>= 7n;
          expected.push(rest ? low | 0x80 : low);
        } while (rest);
        expect([...written]).toEqual(expected);
        const read = readMessage(written);
        expect(read.ok && read.fields[0]!.value).toMatchObject({ wire: 'varint', int32: value });
      }),
    );
    expect(() => new ProtoWriter().int32(1, 2 ** 31)).toThrow(RangeError);
    expect(() => new ProtoWriter().int32(1, 1.5)).toThrow(RangeError);
  });

  it('faults: truncated, and more than ten bytes', () => {
    expect(readVarint(bytes(0x96), 0)).toEqual({ fault: 'truncated' });
    expect(readVarint(new Uint8Array(11).fill(0x80), 0)).toEqual({ fault: 'varint_too_long' });
  });

  it('writer and reader agree on every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 536_870_911 }), (value, field) => {
        const read = readMessage(new ProtoWriter().varint(field, value).finish());
        expect(read).toEqual({ ok: true, fields: [{ field, value: { wire: 'varint', value, int32: Number(BigInt.asIntN(32, BigInt(value))) } }] });
      }),
    );
  });

  it('the writer refuses what protobuf varints here cannot hold', () => {
    expect(() => new ProtoWriter().varint(1, -1)).toThrow(RangeError);
    expect(() => new ProtoWriter().varint(1, 2 ** 53)).toThrow(RangeError);
  });
});

describe('readMessage', () => {
  it('the guide’s example message: field 1 = 150', () => {
    expect(readMessage(bytes(0x08, 0x96, 0x01))).toEqual({ ok: true, fields: [{ field: 1, value: { wire: 'varint', value: 150, int32: 150 } }] });
  });

  it('length-delimited fields, and fixed64/fixed32 skipped', () => {
    const message = bytes(0x12, 0x02, 0x68, 0x69, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4, 0x08, 0x01);
    const read = readMessage(message);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.fields.map((f) => [f.field, f.value.wire])).toEqual([
      [2, 'bytes'],
      [3, 'fixed'],
      [4, 'fixed'],
      [1, 'varint'],
    ]);
    expect(read.fields[0]!.value).toEqual({ wire: 'bytes', value: bytes(0x68, 0x69) });
  });

  it.each([
    ['a length past the end', bytes(0x0a, 0x05, 1, 2), 'truncated', 1],
    ['a truncated length', bytes(0x0a, 0x80), 'truncated', 1],
    ['a truncated varint value', bytes(0x08, 0x80), 'truncated', 1],
    ['a truncated fixed64', bytes(0x09, 1, 2, 3), 'truncated', 1],
    ['a truncated fixed32', bytes(0x0d, 1), 'truncated', 1],
    ['a truncated tag', bytes(0x80), 'truncated', 0],
    ['field number 0', bytes(0x00, 0x01), 'bad_field_number', 0],
    ['a field number over 2^29 − 1', bytes(0xf8, 0xff, 0xff, 0xff, 0x7f, 0x00), 'bad_field_number', 0],
    ['a start-group', bytes(0x0b), 'unsupported_wire_type', 0],
    ['an end-group', bytes(0x0c), 'unsupported_wire_type', 0],
    ['wire type 7', bytes(0x0f), 'unsupported_wire_type', 0],
  ])('%s is a fault, not an exception', (_, message, fault, offset) => {
    expect(readMessage(message)).toEqual({ ok: false, fault, offset });
  });

  it('a cap on the number of fields', () => {
    expect(readMessage(bytes(0x08, 1, 0x08, 2, 0x08, 3), 2)).toEqual({ ok: false, fault: 'too_many_fields', offset: 4 });
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (message) => {
        const read = readMessage(message);
        expect(typeof read.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('written messages read back field by field', () => {
    const field = fc.oneof(
      fc.record({ field: fc.integer({ min: 1, max: 1000 }), value: fc.maxSafeNat().map((value) => ({ wire: 'varint' as const, value })) }),
      fc.record({ field: fc.integer({ min: 1, max: 1000 }), value: fc.record({ wire: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 300 }) }) }),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 20 }), (fields) => {
        const writer = new ProtoWriter();
        for (const f of fields) {
          if (f.value.wire === 'varint') writer.varint(f.field, f.value.value);
          else writer.bytes(f.field, f.value.value);
        }
        const read = readMessage(writer.finish());
        expect(read.ok && read.fields.map(({ field, value }) => ({ field, value: value.wire === 'varint' ? { wire: value.wire, value: value.value } : value }))).toEqual(fields);
      }),
    );
  });

  it('strings are UTF-8', () => {
    expect(new ProtoWriter().string(2, 'é').finish()).toEqual(bytes(0x12, 0x02, 0xc3, 0xa9));
  });
});
