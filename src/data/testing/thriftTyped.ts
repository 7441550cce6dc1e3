// Test-only: a Thrift compact-protocol codec that keeps each field's wire type, so a Parquet footer or page header
// can be parsed, edited and written back (hostile-file generation for the Parquet checks).

export type TypedValue =
  | { t: 1 | 2 } // booleans true / false
  | { t: 3 | 4 | 5 | 6; v: bigint } // byte, i16, i32, i64
  | { t: 7; v: number }
  | { t: 8; v: Uint8Array }
  | { t: 9; elem: number; items: TypedValue[] }
  | { t: 12; fields: TypedStruct };
export type TypedStruct = Map<number, TypedValue>;

class Reader {
  constructor(readonly bytes: Uint8Array, public at = 0) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('thrift: out of bytes');
    return this.bytes[this.at++];
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  zigzag(): bigint {
    const n = this.varint();
    return n & 1n ? -((n + 1n) >> 1n) : n >> 1n;
  }
}

function readValue(r: Reader, t: number): TypedValue {
  switch (t) {
    case 1:
    case 2:
      return { t };
    case 3: {
      const b = r.byte();
      return { t, v: BigInt(b > 127 ? b - 256 : b) };
    }
    case 4:
    case 5:
    case 6:
      return { t, v: r.zigzag() };
    case 7: {
      const v = new DataView(r.bytes.buffer, r.bytes.byteOffset + r.at, 8).getFloat64(0, true);
      r.at += 8;
      return { t, v };
    }
    case 8: {
      const n = Number(r.varint());
      const v = r.bytes.slice(r.at, r.at + n);
      r.at += n;
      return { t, v };
    }
    case 9: {
      const head = r.byte();
      const elem = head & 0x0f;
      const size = head >> 4 === 15 ? Number(r.varint()) : head >> 4;
      const items: TypedValue[] = [];
      for (let i = 0; i < size; i++) items.push(elem === 1 || elem === 2 ? { t: r.byte() === 1 ? 1 : 2 } : readValue(r, elem));
      return { t: 9, elem, items };
    }
    case 12:
      return { t: 12, fields: readStruct(r) };
    default:
      throw new Error(`thrift: type ${t}`);
  }
}

function readStruct(r: Reader): TypedStruct {
  const fields: TypedStruct = new Map();
  let id = 0;
  for (;;) {
    const head = r.byte();
    const t = head & 0x0f;
    if (t === 0) return fields;
    id = head >> 4 ? id + (head >> 4) : Number(r.zigzag());
    fields.set(id, readValue(r, t));
  }
}

export function parseTyped(bytes: Uint8Array, at = 0): { value: TypedStruct; end: number } {
  const r = new Reader(bytes, at);
  const value = readStruct(r);
  return { value, end: r.at };
}

class Writer {
  out: number[] = [];
  varint(n: bigint): void {
    let x = BigInt.asUintN(64, n);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      if (x === 0n) {
        this.out.push(b);
        return;
      }
      this.out.push(b | 0x80);
    }
  }
  zigzag(n: bigint): void {
    this.varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }
}

function writeValue(w: Writer, value: TypedValue): void {
  switch (value.t) {
    case 1:
    case 2:
      return;
    case 3:
      w.out.push(Number(BigInt.asUintN(8, value.v)));
      return;
    case 4:
    case 5:
    case 6:
      w.zigzag(value.v);
      return;
    case 7: {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, value.v, true);
      w.out.push(...b);
      return;
    }
    case 8:
      w.varint(BigInt(value.v.length));
      w.out.push(...value.v);
      return;
    case 9:
      if (value.items.length < 15) w.out.push((value.items.length << 4) | value.elem);
      else {
        w.out.push(0xf0 | value.elem);
        w.varint(BigInt(value.items.length));
      }
      for (const item of value.items) {
        if (item.t === 1 || item.t === 2) w.out.push(item.t === 1 ? 1 : 0);
        else writeValue(w, item);
      }
      return;
    case 12:
      writeStruct(w, value.fields);
  }
}

function writeStruct(w: Writer, fields: TypedStruct): void {
  let last = 0;
  for (const id of [...fields.keys()].sort((a, b) => a - b)) {
    const value = fields.get(id)!;
    const delta = id - last;
    if (delta > 0 && delta <= 15) w.out.push((delta << 4) | value.t);
    else {
      w.out.push(value.t);
      w.zigzag(BigInt(id));
    }
    writeValue(w, value);
    last = id;
  }
  w.out.push(0);
}

export function serializeTyped(fields: TypedStruct): Uint8Array {
  const w = new Writer();
  writeStruct(w, fields);
  return new Uint8Array(w.out);
}

/** The struct at a path of field ids (e.g. [4, 0, 1] = row_groups[0].columns); lists are indexed by number. */
export function structAt(root: TypedStruct, path: number[]): TypedStruct {
  let node: TypedValue = { t: 12, fields: root };
  for (let i = 0; i < path.length; i++) {
    if (node.t === 12) node = node.fields.get(path[i])!;
    else if (node.t === 9) node = node.items[path[i]];
    else throw new Error('thrift: path runs into a scalar');
    if (!node) throw new Error(`thrift: no element at ${path.slice(0, i + 1).join('.')}`);
  }
  if (node.t !== 12) throw new Error('thrift: path does not end at a struct');
  return node.fields;
}

export function setInt(struct: TypedStruct, id: number, value: bigint, t: 5 | 6 = 5): void {
  struct.set(id, { t, v: value });
}

export function getInt(struct: TypedStruct, id: number): bigint | undefined {
  const value = struct.get(id);
  return value && 'v' in value && typeof value.v === 'bigint' ? value.v : undefined;
}
