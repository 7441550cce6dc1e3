// Test-only: hostile Parquet files made from a valid one: truncations, bit flips in the footer and in page headers,
// and edits of footer and page-header fields (the lies of issue 26: 2^53 rows, 2^31−1-byte pages, 2^31−1 values).
import { parseTyped, serializeTyped, structAt, setInt, getInt, type TypedStruct } from './thriftTyped';

export interface Mutant {
  label: string;
  bytes: ArrayBuffer;
}

interface Layout {
  bytes: Uint8Array;
  footer: TypedStruct;
  footerStart: number;
}

export function parquetLayout(buffer: ArrayBuffer): Layout {
  const bytes = new Uint8Array(buffer);
  const length = new DataView(buffer).getUint32(bytes.length - 8, true);
  const footerStart = bytes.length - 8 - length;
  return { bytes, footer: parseTyped(bytes, footerStart).value, footerStart };
}

function assemble(data: Uint8Array, footer: TypedStruct): ArrayBuffer {
  const meta = serializeTyped(footer);
  const out = new Uint8Array(data.length + meta.length + 8);
  out.set(data);
  out.set(meta, data.length);
  new DataView(out.buffer).setUint32(data.length + meta.length, meta.length, true);
  out.set([0x50, 0x41, 0x52, 0x31], out.length - 4);
  return out.buffer;
}

/** The same data region with an edited footer. */
export function withFooter(buffer: ArrayBuffer, edit: (footer: TypedStruct) => void): ArrayBuffer {
  const { bytes, footer, footerStart } = parquetLayout(buffer);
  edit(footer);
  return assemble(bytes.subarray(0, footerStart), footer);
}

export interface PageRef {
  rowGroup: number;
  column: number;
  page: number;
  /** File offset of the header and its length. */
  at: number;
  headerLength: number;
}

/** Every page header of the file, in file order. */
export function pageHeaders(buffer: ArrayBuffer): PageRef[] {
  const { bytes, footer } = parquetLayout(buffer);
  const refs: PageRef[] = [];
  const groups = footer.get(4);
  if (groups?.t !== 9) return refs;
  groups.items.forEach((_, g) => {
    const list = structAt(footer, [4, g]).get(1);
    if (list?.t !== 9) return;
    list.items.forEach((__, c) => {
      const meta = structAt(footer, [4, g, 1, c, 3]);
      const start = Number(getInt(meta, 11) || getInt(meta, 9));
      const end = start + Number(getInt(meta, 7));
      let at = start;
      let page = 0;
      while (at < end) {
        const { value, end: headerEnd } = parseTyped(bytes, at);
        refs.push({ rowGroup: g, column: c, page, at, headerLength: headerEnd - at });
        at = headerEnd + Number(getInt(value, 3));
        page++;
      }
    });
  });
  return refs;
}

/**
 * Rewrites the file with one page header edited (which may change its length): the chunk offsets and sizes in the
 * footer are recomputed, and page indexes dropped, so only the edited field lies.
 */
export function withPageHeader(buffer: ArrayBuffer, target: PageRef, edit: (header: TypedStruct) => void): ArrayBuffer {
  const { bytes, footer } = parquetLayout(buffer);
  const refs = pageHeaders(buffer);
  const parts: Uint8Array[] = [bytes.subarray(0, 4)];
  let written = 4;
  const groups = footer.get(4);
  if (groups?.t !== 9) throw new Error('no row groups');
  groups.items.forEach((_, g) => {
    const list = structAt(footer, [4, g]).get(1);
    if (list?.t !== 9) return;
    list.items.forEach((__, c) => {
      const chunk = structAt(footer, [4, g, 1, c]);
      const meta = structAt(chunk, [3]);
      const hadDictionary = Boolean(getInt(meta, 11));
      const start = written;
      let firstData = -1;
      for (const ref of refs.filter((r) => r.rowGroup === g && r.column === c)) {
        const { value } = parseTyped(bytes, ref.at);
        const size = Number(getInt(value, 3));
        const body = bytes.subarray(ref.at + ref.headerLength, ref.at + ref.headerLength + size);
        if (ref.at === target.at) edit(value);
        const header = serializeTyped(value);
        if (firstData < 0 && getInt(value, 1) !== 2n) firstData = written;
        parts.push(header, body);
        written += header.length + body.length;
      }
      setInt(meta, 7, BigInt(written - start), 6);
      setInt(meta, 9, BigInt(firstData < 0 ? start : firstData), 6);
      if (hadDictionary) setInt(meta, 11, BigInt(start), 6);
      setInt(chunk, 2, BigInt(start), 6);
      for (const id of [4, 5, 6, 7]) chunk.delete(id);
    });
    const group = structAt(footer, [4, g]);
    group.delete(5);
    group.delete(6);
  });
  const data = new Uint8Array(written);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return assemble(data, footer);
}

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function flip(buffer: ArrayBuffer, byte: number, bit: number): ArrayBuffer {
  const copy = buffer.slice(0);
  new Uint8Array(copy)[byte] ^= 1 << bit;
  return copy;
}

/** Field edits of issue 26 and their neighbours, on the footer (FileMetaData / RowGroup / ColumnMetaData ids). */
function footerEdits(buffer: ArrayBuffer): Mutant[] {
  const out: Mutant[] = [];
  const add = (label: string, edit: (f: TypedStruct) => void) => out.push({ label: `footer: ${label}`, bytes: withFooter(buffer, edit) });
  const big = [2n ** 53n, 2n ** 31n - 1n, 2n ** 62n, -1n, 0n, 10n ** 6n + 1n];
  for (const value of big) {
    add(`num_rows = ${value}`, (f) => setInt(f, 3, value, 6));
    add(`row group 0 num_rows = ${value}`, (f) => setInt(structAt(f, [4, 0]), 3, value, 6));
    add(`column 0 num_values = ${value}`, (f) => setInt(structAt(f, [4, 0, 1, 0, 3]), 5, value, 6));
    add(`column 1 total_compressed_size = ${value}`, (f) => setInt(structAt(f, [4, 0, 1, 1, 3]), 7, value, 6));
    add(`column 1 total_uncompressed_size = ${value}`, (f) => setInt(structAt(f, [4, 0, 1, 1, 3]), 6, value, 6));
    add(`column 2 data_page_offset = ${value}`, (f) => setInt(structAt(f, [4, 0, 1, 2, 3]), 9, value, 6));
    add(`column 0 offset_index_offset = ${value}`, (f) => setInt(structAt(f, [4, 0, 1, 0]), 4, value, 6));
    add(`column 0 offset_index_length = ${value}`, (f) => setInt(structAt(f, [4, 0, 1, 0]), 5, value, 5));
  }
  add('num_rows doubled, row groups unchanged', (f) => setInt(f, 3, (getInt(f, 3) ?? 0n) * 2n, 6));
  add('both row counts 2^53', (f) => {
    setInt(f, 3, 2n ** 53n, 6);
    setInt(structAt(f, [4, 0]), 3, 2n ** 53n, 6);
  });
  add('column 1 codec = 99', (f) => setInt(structAt(f, [4, 0, 1, 1, 3]), 4, 99n));
  add('column 1 type = 42', (f) => setInt(structAt(f, [4, 0, 1, 1, 3]), 1, 42n));
  add('schema num_children = 500', (f) => {
    const schema = f.get(2);
    if (schema?.t === 9 && schema.items[0].t === 12) setInt(schema.items[0].fields, 5, 500n);
  });
  add('schema num_children = -1', (f) => {
    const schema = f.get(2);
    if (schema?.t === 9 && schema.items[0].t === 12) setInt(schema.items[0].fields, 5, -1n);
  });
  add('no row groups, num_rows kept', (f) => {
    const groups = f.get(4);
    if (groups?.t === 9) groups.items = [];
  });
  add('column chunk points to another file', (f) => structAt(f, [4, 0, 1, 0]).set(1, { t: 8, v: new TextEncoder().encode('../../etc/passwd') }));
  return out;
}

/** Page-header field edits: sizes, counts, types (PageHeader / DataPageHeader ids). */
function pageEdits(buffer: ArrayBuffer): Mutant[] {
  const out: Mutant[] = [];
  const refs = pageHeaders(buffer);
  const picks = [refs[0], refs[Math.floor(refs.length / 2)], refs[refs.length - 1]];
  for (const ref of picks) {
    const where = `page ${ref.page} of column ${ref.column} (row group ${ref.rowGroup})`;
    const add = (label: string, edit: (h: TypedStruct) => void) => out.push({ label: `page header ${where}: ${label}`, bytes: withPageHeader(buffer, ref, edit) });
    for (const value of [2n ** 31n - 1n, -1n, 0n, 1n, 10n ** 8n]) {
      add(`uncompressed_page_size = ${value}`, (h) => setInt(h, 2, value));
      add(`num_values = ${value}`, (h) => {
        for (const id of [5, 7, 8]) if (h.get(id)?.t === 12) setInt(structAt(h, [id]), 1, value);
      });
    }
    add('type = 7', (h) => setInt(h, 1, 7n));
    add('type = INDEX_PAGE', (h) => setInt(h, 1, 1n));
    add('encoding = 99', (h) => {
      for (const id of [5, 8]) if (h.get(id)?.t === 12) setInt(structAt(h, [id]), 2, 99n);
    });
    add('data page header removed', (h) => {
      h.delete(5);
      h.delete(7);
      h.delete(8);
    });
  }
  return out;
}

/**
 * A few hundred hostile variants of `buffer`: truncations (with and without a footer put back), bit flips in the
 * footer and in every page header, and footer/page-header field edits. Deterministic for a seed.
 */
export function parquetMutants(buffer: ArrayBuffer, seed: number, counts = { truncations: 40, footerFlips: 80, headerFlips: 100 }): Mutant[] {
  const random = seededRandom(seed);
  const size = buffer.byteLength;
  const { footerStart } = parquetLayout(buffer);
  const out: Mutant[] = [];
  for (let i = 0; i < counts.truncations; i++) {
    const cut = Math.floor(random() * size);
    out.push({ label: `truncated to ${cut} bytes`, bytes: buffer.slice(0, cut) });
    // The data region cut short but the footer kept: every offset past the cut points at the wrong bytes or beyond.
    const keep = Math.floor(random() * footerStart);
    const spliced = new Uint8Array(keep + (size - footerStart));
    spliced.set(new Uint8Array(buffer, 0, keep));
    spliced.set(new Uint8Array(buffer, footerStart), keep);
    out.push({ label: `data region cut to ${keep} bytes, footer kept`, bytes: spliced.buffer });
  }
  for (let i = 0; i < counts.footerFlips; i++) {
    const byte = footerStart + Math.floor(random() * (size - 8 - footerStart));
    const bit = Math.floor(random() * 8);
    out.push({ label: `footer bit flip at byte ${byte} bit ${bit}`, bytes: flip(buffer, byte, bit) });
  }
  const refs = pageHeaders(buffer);
  for (let i = 0; i < counts.headerFlips; i++) {
    const ref = refs[Math.floor(random() * refs.length)];
    const byte = ref.at + Math.floor(random() * ref.headerLength);
    const bit = Math.floor(random() * 8);
    out.push({ label: `page header bit flip at byte ${byte} bit ${bit} (column ${ref.column}, page ${ref.page})`, bytes: flip(buffer, byte, bit) });
  }
  out.push(...footerEdits(buffer), ...pageEdits(buffer));
  return out;
}
