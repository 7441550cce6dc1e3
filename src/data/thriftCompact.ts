// A bounded reader of Thrift's compact protocol, for the Parquet page headers this app checks before hyparquet
// decodes them. Every length it reads is checked against the bytes it was given, lists cannot claim more elements
// than there are bytes left, and nesting is capped, so a hostile header ends in a ThriftError, never in a large
// allocation or a long loop.

export class ThriftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThriftError';
  }
}

/** Field id → value. i64 values arrive as numbers (unsafe magnitudes stay as they are and fail later range checks). */
export type ThriftStruct = Map<number, ThriftValue>;
export type ThriftValue = boolean | number | Uint8Array | ThriftValue[] | ThriftStruct;

const MAX_DEPTH = 16;

const STOP = 0;
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const STRUCT = 12;

class Cursor {
  constructor(readonly bytes: Uint8Array, public offset: number, readonly end: number) {}

  byte(): number {
    if (this.offset >= this.end) throw new ThriftError('the header ends in the middle of a field');
    return this.bytes[this.offset++];
  }

  /** Unsigned LEB128; at most 10 bytes (64 bits). Returned as a double: exact below 2^53. */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ThriftError('a variable-length integer runs over 10 bytes');
  }

  /** Zigzag: 0, -1, 1, -2, … ↔ 0, 1, 2, 3, … */
  zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }
}

function readValue(cursor: Cursor, type: number, depth: number): ThriftValue {
  switch (type) {
    case TRUE:
      return true;
    case FALSE:
      return false;
    case BYTE: {
      const b = cursor.byte();
      return b > 127 ? b - 256 : b;
    }
    case I16:
    case I32:
    case I64:
      return cursor.zigzag();
    case DOUBLE: {
      if (cursor.offset + 8 > cursor.end) throw new ThriftError('the header ends in the middle of a double');
      const view = new DataView(cursor.bytes.buffer, cursor.bytes.byteOffset + cursor.offset, 8);
      cursor.offset += 8;
      return view.getFloat64(0, true);
    }
    case BINARY: {
      const length = cursor.varint();
      if (length > cursor.end - cursor.offset) {
        throw new ThriftError(`a binary field claims ${length} bytes but only ${cursor.end - cursor.offset} remain`);
      }
      const value = cursor.bytes.subarray(cursor.offset, cursor.offset + length);
      cursor.offset += length;
      return value;
    }
    case LIST:
    case SET: {
      const head = cursor.byte();
      const elementType = head & 0x0f;
      const size = head >> 4 === 15 ? cursor.varint() : head >> 4;
      // Every element but a boolean takes at least one byte (booleans in lists take one byte each too).
      if (size > cursor.end - cursor.offset) {
        throw new ThriftError(`a list claims ${size} elements but only ${cursor.end - cursor.offset} bytes remain`);
      }
      const values: ThriftValue[] = [];
      for (let i = 0; i < size; i++) {
        values.push(elementType === TRUE || elementType === FALSE ? cursor.byte() === 1 : readValue(cursor, elementType, depth + 1));
      }
      return values;
    }
    case STRUCT:
      return readStruct(cursor, depth + 1);
    default:
      throw new ThriftError(`unknown Thrift field type ${type}`);
  }
}

function readStruct(cursor: Cursor, depth: number): ThriftStruct {
  if (depth > MAX_DEPTH) throw new ThriftError(`structures nested deeper than ${MAX_DEPTH} levels`);
  const fields: ThriftStruct = new Map();
  let id = 0;
  for (;;) {
    const head = cursor.byte();
    const type = head & 0x0f;
    if (type === STOP) return fields;
    const delta = head >> 4;
    id = delta ? id + delta : cursor.zigzag();
    fields.set(id, readValue(cursor, type, depth));
  }
}

/** Reads one compact-protocol struct from bytes[offset, end); returns it and the offset just past it. */
export function readThriftStruct(bytes: Uint8Array, offset: number, end: number): { value: ThriftStruct; end: number } {
  const cursor = new Cursor(bytes, offset, Math.min(end, bytes.length));
  const value = readStruct(cursor, 0);
  return { value, end: cursor.offset };
}

export function thriftNumber(struct: ThriftStruct | undefined, id: number): number | undefined {
  const value = struct?.get(id);
  return typeof value === 'number' ? value : undefined;
}

export function thriftStruct(struct: ThriftStruct | undefined, id: number): ThriftStruct | undefined {
  const value = struct?.get(id);
  return value instanceof Map ? value : undefined;
}
