/**
 * Just enough Protocol Buffers (https://protobuf.dev/programming-guides/encoding/) to read and write
 * Google Authenticator's export payload: varints (wire type 0), length-delimited fields (2), and
 * skipping fixed 64/32-bit fields (1, 5). Every read is bounds-checked; a malformed message gives a
 * `ProtoRead` failure with the offset, never an exception. Groups (3, 4) are refused: proto3 has none.
 */
export type WireValue =
  /** `value` as unsigned (exact to 2^53); `int32` its low 32 bits, signed, as protobuf reads int32 and enum fields. */
  | { wire: 'varint'; value: number; int32: number }
  | { wire: 'bytes'; value: Uint8Array }
  | { wire: 'fixed' };

export interface ProtoField {
  field: number;
  value: WireValue;
}

export type ProtoFault = 'truncated' | 'varint_too_long' | 'bad_field_number' | 'unsupported_wire_type' | 'too_many_fields';

export type ProtoRead = { ok: true; fields: ProtoField[] } | { ok: false; fault: ProtoFault; offset: number };

/** The largest field number protobuf allows (2^29 − 1). */
const MAX_FIELD_NUMBER = 536_870_911;

/**
 * A varint at `offset`: its value (exact up to 2^53, approximate above — enough to tell that a value is
 * out of range), its low 32 bits as a signed int32 (exact: a negative int32 is written as ten bytes),
 * and the offset after it; or the fault.
 */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; int32: number; next: number } | { fault: ProtoFault } {
  let value = 0;
  let scale = 1;
  let int32 = 0;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return { fault: 'truncated' };
    value += (byte & 0x7f) * scale;
    if (i < 5) int32 |= (byte & 0x7f) << (7 * i); // `<<` keeps 32 bits: the int32 truncation, for free
    if ((byte & 0x80) === 0) return { value, int32, next: offset + i + 1 };
    scale *= 128;
  }
  return { fault: 'varint_too_long' };
}

/** All top-level fields of one message, in order (repeated fields appear once per occurrence). */
export function readMessage(bytes: Uint8Array, maxFields = 100_000): ProtoRead {
  const fields: ProtoField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    if (fields.length >= maxFields) return { ok: false, fault: 'too_many_fields', offset: start };
    const tag = readVarint(bytes, offset);
    if ('fault' in tag) return { ok: false, fault: tag.fault, offset: start };
    offset = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field < 1 || field > MAX_FIELD_NUMBER) return { ok: false, fault: 'bad_field_number', offset: start };
    switch (wire) {
      case 0: {
        const varint = readVarint(bytes, offset);
        if ('fault' in varint) return { ok: false, fault: varint.fault, offset };
        fields.push({ field, value: { wire: 'varint', value: varint.value, int32: varint.int32 } });
        offset = varint.next;
        break;
      }
      case 2: {
        const length = readVarint(bytes, offset);
        if ('fault' in length) return { ok: false, fault: length.fault, offset };
        if (length.value > bytes.length - length.next) return { ok: false, fault: 'truncated', offset };
        fields.push({ field, value: { wire: 'bytes', value: bytes.subarray(length.next, length.next + length.value) } });
        offset = length.next + length.value;
        break;
      }
      case 1:
      case 5: {
        const size = wire === 1 ? 8 : 4;
        if (size > bytes.length - offset) return { ok: false, fault: 'truncated', offset };
        fields.push({ field, value: { wire: 'fixed' } });
        offset += size;
        break;
      }
      default:
        return { ok: false, fault: 'unsupported_wire_type', offset: start };
    }
  }
  return { ok: true, fields };
}

/** Builds a message field by field: varints (non-negative safe integers, or int32s), byte strings, strings. */
export class ProtoWriter {
  private readonly out: number[] = [];

  varint(field: number, value: number): this {
    this.rawVarint(field * 8);
    this.rawVarint(value);
    return this;
  }

  /** An int32 field: a negative value is written as protobuf writes it, sign-extended to ten bytes. */
  int32(field: number, value: number): this {
    if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) throw new RangeError('An int32 is a 32-bit integer.');
    if (value >= 0) return this.varint(field, value);
    this.rawVarint(field * 8);
    // Two's complement over 64 bits: the low 32 bits, then 32 one-bits.
    let low = value >>> 0;
    for (let i = 0; i < 4; i++) {
      this.out.push((low & 0x7f) | 0x80);
      low >>>= 7;
    }
    // Byte 5 holds the low word's last 4 bits and the first 3 one-bits of the high word; then 4 × 7 one-bits and a final 1.
    this.out.push((low & 0x0f) | 0x70 | 0x80, 0xff, 0xff, 0xff, 0xff, 0x01);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.rawVarint(field * 8 + 2);
    this.rawVarint(value.length);
    for (const byte of value) this.out.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('A varint here is a non-negative safe integer.');
    let rest = value;
    while (rest >= 128) {
      this.out.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.out.push(rest);
  }
}
