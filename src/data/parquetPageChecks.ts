// Checks Parquet page headers before hyparquet decodes them. hyparquet trusts each header's sizes and counts
// (it allocates `uncompressed_page_size` bytes and `num_values` slots, and steps `compressed_page_size` bytes
// forward, backwards when negative), so a flipped bit can allocate gigabytes or loop forever. This wraps the
// file so every byte range hyparquet reads has its page chains walked and checked first:
//   0 ≤ compressed_page_size, header end + compressed_page_size ≤ the column chunk's end;
//   uncompressed_page_size ≤ MAX_PAGE_BYTES and ≤ compressed × MAX_COMPRESSION_RATIO (= compressed when UNCOMPRESSED);
//   num_values ≤ the chunk's num_values (≤ its row group's rows for a flat column), and for a required PLAIN
//   column num_values × (bytes per value) ≤ uncompressed_page_size;
//   a whole chunk's pages end exactly at its end and their data-page num_values add up to the chunk's num_values.
import type { AsyncBuffer, Compressors } from 'hyparquet';
import { DataError } from './schema';
import type { CheckedChunk, CheckedFooter } from './parquetFooterChecks';
import { MAX_COMPRESSION_RATIO, MAX_PAGE_BYTES } from './parquetLimits';
import { ThriftError, readThriftStruct, thriftNumber, thriftStruct } from './thriftCompact';

const PAGE_TYPES = ['DATA_PAGE', 'INDEX_PAGE', 'DICTIONARY_PAGE', 'DATA_PAGE_V2'] as const;
/** Smallest encoded size of one non-null PLAIN value, by physical type (BYTE_ARRAY: its 4-byte length). */
const PLAIN_MIN_BYTES: Record<string, number> = { BOOLEAN: 1 / 8, INT32: 4, INT64: 8, INT96: 12, FLOAT: 4, DOUBLE: 8, BYTE_ARRAY: 4 };
/** Encoding ids of the parquet-format Encoding enum (1, GROUP_VAR_INT, was never used); 0 is PLAIN. */
const ENCODINGS = new Set([0, 2, 3, 4, 5, 6, 7, 8, 9]);
const PLAIN = 0;

export interface PageInfo {
  type: (typeof PAGE_TYPES)[number];
  headerStart: number;
  dataStart: number;
  compressed: number;
  uncompressed: number;
  values: number;
}

function where(name: string, chunk: CheckedChunk, at: number): string {
  return `${name}: the page header at byte ${at.toLocaleString('en-US')} (column "${chunk.path}", row group ${chunk.rowGroup})`;
}

/**
 * Parses and checks the page header at file offset `at` from `bytes` (which hold file bytes [base, base + length)).
 * Returns null when the header runs past the bytes given (a partial read) but not past the chunk.
 */
export function checkPageHeader(name: string, chunk: CheckedChunk, bytes: Uint8Array, base: number, at: number): PageInfo | null {
  const available = Math.min(bytes.length, chunk.end - base);
  let header;
  try {
    header = readThriftStruct(bytes, at - base, available);
  } catch (error) {
    if (error instanceof ThriftError && base + bytes.length < chunk.end && /ends in the middle|remain/.test(error.message)) return null;
    throw new DataError(`${where(name, chunk, at)} cannot be read (${(error as Error).message}); the file is corrupt`);
  }
  const fields = header.value;
  const typeId = thriftNumber(fields, 1);
  const type = typeId === undefined ? undefined : PAGE_TYPES[typeId];
  if (!type) throw new DataError(`${where(name, chunk, at)} has ${typeId === undefined ? 'no page type' : `page type ${typeId}, which is not a Parquet page type`}; the file is corrupt`);
  const uncompressed = thriftNumber(fields, 2);
  const compressed = thriftNumber(fields, 3);
  const dataStart = base + header.end;
  const room = chunk.end - dataStart;
  if (compressed === undefined || !Number.isSafeInteger(compressed) || compressed < 0 || compressed > room) {
    throw new DataError(`${where(name, chunk, at)} claims compressed_page_size = ${compressed ?? '(missing)'}, but the column chunk has ${room.toLocaleString('en-US')} bytes left; the file is corrupt`);
  }
  if (uncompressed === undefined || !Number.isSafeInteger(uncompressed) || uncompressed < 0) {
    throw new DataError(`${where(name, chunk, at)} claims uncompressed_page_size = ${uncompressed ?? '(missing)'}; the file is corrupt`);
  }
  const ceiling = Math.min(MAX_PAGE_BYTES, chunk.codec === 'UNCOMPRESSED' ? compressed : compressed * MAX_COMPRESSION_RATIO + 64);
  if (uncompressed > ceiling) {
    throw new DataError(`${where(name, chunk, at)} claims uncompressed_page_size = ${uncompressed.toLocaleString('en-US')} bytes from ${compressed.toLocaleString('en-US')} ${chunk.codec} bytes; the most this app accepts is ${ceiling.toLocaleString('en-US')} (docs/limits.md)`);
  }
  const v1 = thriftStruct(fields, 5);
  const dictionary = thriftStruct(fields, 7);
  const v2 = thriftStruct(fields, 8);
  const detail = type === 'DATA_PAGE' ? v1 : type === 'DICTIONARY_PAGE' ? dictionary : type === 'DATA_PAGE_V2' ? v2 : undefined;
  if (type !== 'INDEX_PAGE' && !detail) throw new DataError(`${where(name, chunk, at)} is a ${type} without its ${type.toLowerCase()} header; the file is corrupt`);
  const values = thriftNumber(detail, 1) ?? 0;
  const valueCeiling = type === 'DICTIONARY_PAGE' ? uncompressed * 8 : chunk.values;
  if (!Number.isSafeInteger(values) || values < 0 || values > valueCeiling) {
    throw new DataError(`${where(name, chunk, at)} claims num_values = ${String(values)}, but the ${type === 'DICTIONARY_PAGE' ? `${uncompressed}-byte page can hold at most ${valueCeiling}` : `column chunk holds ${chunk.values}`}; the file is corrupt`);
  }
  if (type === 'DATA_PAGE_V2') {
    const nulls = thriftNumber(v2, 2) ?? 0;
    const rows = thriftNumber(v2, 3) ?? 0;
    const levelBytes = (thriftNumber(v2, 5) ?? 0) + (thriftNumber(v2, 6) ?? 0);
    if (nulls < 0 || nulls > values || rows < 0 || rows > chunk.rows || levelBytes < 0 || levelBytes > compressed || levelBytes > uncompressed) {
      throw new DataError(`${where(name, chunk, at)} has inconsistent v2 counts (num_values ${values}, num_nulls ${nulls}, num_rows ${rows}, level bytes ${levelBytes} of ${compressed}); the file is corrupt`);
    }
  }
  const encoding = type === 'DATA_PAGE_V2' ? thriftNumber(v2, 4) : thriftNumber(detail, 2);
  if (type !== 'INDEX_PAGE' && (encoding === undefined || !ENCODINGS.has(encoding))) {
    throw new DataError(`${where(name, chunk, at)} ${encoding === undefined ? 'names no encoding' : `uses encoding ${encoding}, which Parquet does not define`}; the file is corrupt`);
  }
  const minBytes = PLAIN_MIN_BYTES[chunk.type] ?? 1;
  const plainValues = type === 'DICTIONARY_PAGE' || (chunk.required && encoding === PLAIN) ? values : 0;
  if (plainValues * minBytes > uncompressed) {
    throw new DataError(`${where(name, chunk, at)} claims ${values.toLocaleString('en-US')} ${chunk.type} values in a ${uncompressed.toLocaleString('en-US')}-byte page, which cannot hold them; the file is corrupt`);
  }
  return { type, headerStart: at, dataStart, compressed, uncompressed, values };
}

/**
 * Walks the page chain of `chunk` from file offset `from` through the bytes read ([base, base + bytes.length)),
 * checking every header. Where the walk covers the whole chunk, the pages must end exactly at its end and hold
 * its num_values.
 */
export function checkPageChain(name: string, chunk: CheckedChunk, bytes: Uint8Array, base: number, from: number): void {
  let at = from;
  let values = 0;
  const limit = Math.min(chunk.end, base + bytes.length);
  while (at < limit) {
    const page = checkPageHeader(name, chunk, bytes, base, at);
    if (!page) return;
    if (page.type === 'DATA_PAGE' || page.type === 'DATA_PAGE_V2') values += page.values;
    at = page.dataStart + page.compressed;
  }
  if (from === chunk.start && limit === chunk.end) {
    if (at !== chunk.end) throw new DataError(`${name}: the pages of column "${chunk.path}" in row group ${chunk.rowGroup} run past the chunk's end; the file is corrupt`);
    if (values !== chunk.values) {
      throw new DataError(`${name}: the pages of column "${chunk.path}" in row group ${chunk.rowGroup} hold ${values.toLocaleString('en-US')} values, but its footer says num_values = ${chunk.values.toLocaleString('en-US')}; the file is corrupt`);
    }
  }
}

/**
 * An AsyncBuffer over `file` that checks every page chain starting inside each byte range read, before hyparquet
 * sees those bytes. Page starts are the chunks' first pages and the pages an offset index names (registered when
 * hyparquet reads the index, which is itself checked against the chunk).
 */
export function checkedParquetBuffer(name: string, file: AsyncBuffer, footer: CheckedFooter, parseOffsetIndex: (bytes: ArrayBuffer) => { offset: number; compressed: number; firstRow: number }[]): AsyncBuffer {
  const starts = new Map<number, CheckedChunk>();
  for (const chunk of footer.chunks) starts.set(chunk.start, chunk);
  const indexes = new Map<number, CheckedChunk>();
  for (const chunk of footer.chunks) if (chunk.offsetIndex) indexes.set(chunk.offsetIndex.start, chunk);
  return {
    byteLength: file.byteLength,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const buffer = await file.slice(start, end);
      const stop = start + buffer.byteLength;
      const indexed = indexes.get(start);
      if (indexed) {
        for (const page of checkOffsetIndex(name, indexed, buffer, parseOffsetIndex)) starts.set(page, indexed);
        return buffer;
      }
      const bytes = new Uint8Array(buffer);
      for (const [at, chunk] of starts) {
        if (at >= start && at < stop) checkPageChain(name, chunk, bytes, start, at);
      }
      return buffer;
    },
  };
}

/** Checks an offset index against its chunk; returns the page offsets it names. */
export function checkOffsetIndex(
  name: string,
  chunk: CheckedChunk,
  buffer: ArrayBuffer,
  parse: (bytes: ArrayBuffer) => { offset: number; compressed: number; firstRow: number }[],
): number[] {
  let pages;
  try {
    pages = parse(buffer);
  } catch (error) {
    throw new DataError(`${name}: the offset index of column "${chunk.path}" in row group ${chunk.rowGroup} cannot be read (${(error as Error).message}); the file is corrupt`);
  }
  let previousRow = -1;
  for (const page of pages) {
    const ok = Number.isSafeInteger(page.offset) && page.offset >= chunk.start && Number.isSafeInteger(page.compressed) && page.compressed >= 0
      && page.offset + page.compressed <= chunk.end && Number.isSafeInteger(page.firstRow) && page.firstRow > previousRow && page.firstRow < Math.max(1, chunk.rows);
    if (!ok) {
      throw new DataError(`${name}: the offset index of column "${chunk.path}" in row group ${chunk.rowGroup} names a page at byte ${page.offset} (${page.compressed} bytes, first row ${page.firstRow}) outside the chunk's bytes ${chunk.start}–${chunk.end} or rows 0–${chunk.rows - 1}; the file is corrupt`);
    }
    previousRow = page.firstRow;
  }
  return pages.map((p) => p.offset);
}

/** Wraps decompressors so none is asked for more than the checked ceiling (a second line behind the page checks). */
export function boundedCompressors(compressors: Compressors): Compressors {
  const out: Compressors = {};
  for (const [codec, decompress] of Object.entries(compressors)) {
    if (!decompress) continue;
    out[codec as keyof Compressors] = (input: Uint8Array, outputLength: number) => {
      if (!Number.isSafeInteger(outputLength) || outputLength < 0 || outputLength > MAX_PAGE_BYTES) {
        throw new Error(`a ${codec} page claims ${outputLength} decompressed bytes (limit ${MAX_PAGE_BYTES})`);
      }
      return decompress(input, outputLength);
    };
  }
  return out;
}
