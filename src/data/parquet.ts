// BeaverTails-V Parquet reading with hyparquet (docs/data.md §5). The index (text, labels, ratings) is read without the
// image column, so a multi-hundred-MB file opens quickly; image bytes are read per row range on demand.
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, readOffsetIndex, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { checkFooter } from './parquetFooterChecks';
import { boundedCompressors, checkedParquetBuffer } from './parquetPageChecks';
import type { SampleRecord, Split } from './record';
import { DataError, RowErrors, detectVariant, normalizeRow, type Variant } from './schema';

/** Codecs hyparquet reads with hyparquet-compressors installed. */
/** hyparquet-compressors' decoders, each refusing an output size over the page ceiling. */
const checkedCompressors = boundedCompressors(compressors);

const SUPPORTED_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW']);

export interface ParquetSource {
  name: string;
  file: AsyncBuffer;
  metadata: FileMetaData;
  variant: Variant;
  rows: number;
  columns: string[];
  /** Whether the file has an `image` column (struct<bytes, path> or raw binary). */
  hasImage: boolean;
  warnings: string[];
  /** Row ranges that one image read should cover (see imageReadBlocks); filled on first use. */
  imageBlocks?: Promise<RowRange[]>;
}

/** Rows [start, end) of a file. */
export interface RowRange {
  start: number;
  end: number;
}

export function asyncBufferFromArrayBuffer(buffer: ArrayBuffer): AsyncBuffer {
  return { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
}

/**
 * Opens a Parquet file: checks magic bytes, footer, codecs and columns. Throws DataError naming the file.
 * `parsedFooter`: the footer of these same bytes, already parsed elsewhere (the parse worker), so a file read over
 * HTTP ranges is not fetched twice; it is checked again all the same.
 */
export async function openParquet(name: string, file: AsyncBuffer, parsedFooter?: FileMetaData): Promise<ParquetSource> {
  if (file.byteLength === 0) throw new DataError(`${name}: the file is empty`);
  if (file.byteLength < 12) throw new DataError(`${name}: not a Parquet file (only ${file.byteLength} bytes)`);
  const head = new Uint8Array(await file.slice(0, 4));
  const tail = new Uint8Array(await file.slice(file.byteLength - 4));
  const magic = (b: Uint8Array) => String.fromCharCode(...b);
  if (magic(head) !== 'PAR1') throw new DataError(`${name}: not a Parquet file (it does not start with "PAR1")`);
  if (magic(tail) !== 'PAR1') throw new DataError(`${name}: corrupt or truncated Parquet file (no "PAR1" footer at the end)`);
  let metadata: FileMetaData;
  try {
    metadata = parsedFooter ?? (await parquetMetadataAsync(file));
  } catch (error) {
    throw new DataError(`${name}: corrupt Parquet footer (${footerProblem(error)})`);
  }
  // Every count, size and offset in the footer is checked against the file before it is used; every page header
  // is checked before hyparquet decodes it (parquetPageChecks.ts).
  const footer = checkFooter(name, metadata, file.byteLength);
  const checkedFile = checkedParquetBuffer(name, file, footer, (bytes) =>
    readOffsetIndex({ view: new DataView(bytes), offset: 0 }).page_locations.map((page) => ({
      offset: Number(page.offset),
      compressed: page.compressed_page_size,
      firstRow: Number(page.first_row_index),
    })));
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const codec = chunk.meta_data?.codec;
      if (!codec || !SUPPORTED_CODECS.has(codec)) {
        throw new DataError(`${name}: column "${chunk.meta_data?.path_in_schema.join('.')}" uses ${codec ? `the ${codec} compression codec, which this app cannot read` : 'a compression codec Parquet does not define; the file is corrupt'}`);
      }
    }
  }
  const root = parquetSchema(metadata); // checked by checkFooter
  const columns = root.children.map((child) => child.element.name);
  const variant = detectVariant(columns, name);
  const image = root.children.find((child) => child.element.name === 'image');
  if (image) {
    const isStruct = image.children.length > 0;
    const bytesChild = isStruct ? image.children.find((c) => c.element.name === 'bytes') : image;
    if (!bytesChild || bytesChild.element.type !== 'BYTE_ARRAY') {
      throw new DataError(`${name}: column "image" must be struct<bytes: binary, path: string> or binary (found ${describeSchema(image)})`);
    }
  }
  for (const field of ['question', 'category', 'response', 'response_1', 'response_2']) {
    const child = root.children.find((c) => c.element.name === field);
    if (child && (child.children.length > 0 || child.element.type !== 'BYTE_ARRAY')) {
      throw new DataError(`${name}: column "${field}" must be a string column (found ${describeSchema(child)})`);
    }
  }
  const warnings = image ? [] : [`${name}: no "image" column; records load without images`];
  return { name, file: checkedFile, metadata, variant, rows: footer.rows, columns, hasImage: Boolean(image), warnings };
}

/** hyparquet's footer parser fails on lying input with raw TypeErrors ("reading 'map' of undefined"): say what they mean. */
function footerProblem(error: unknown): string {
  if (error instanceof TypeError) return 'a required field is missing or has the wrong type';
  if (error instanceof RangeError) return 'a field runs past the end of the footer';
  return (error as Error).message;
}

function describeSchema(node: ReturnType<typeof parquetSchema>): string {
  if (node.children.length) return `struct<${node.children.map((c) => `${c.element.name}: ${c.element.type ?? 'group'}`).join(', ')}>`;
  return String(node.element.type ?? 'group');
}

async function readRows(source: ParquetSource, columns: string[], rowStart: number, rowEnd: number): Promise<Record<string, unknown>[]> {
  try {
    // useOffsetIndex: where the writer left an offset index (page locations), only the pages holding rows
    // [rowStart, rowEnd) are fetched and decoded, not the whole column chunk (a 141 MB image chunk for 16 rows).
    return await parquetReadObjects({ file: source.file, metadata: source.metadata, columns, rowStart, rowEnd, utf8: false, compressors: checkedCompressors, useOffsetIndex: true });
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`${source.name}: could not read rows ${rowStart}–${rowEnd - 1} (${(error as Error).message}); the file may be corrupt or truncated`);
  }
}

export interface IndexResult {
  records: SampleRecord[];
  /** Summary of rejected rows, or null. */
  rowErrors: string | null;
}

/**
 * Reads every row's text and labels (no image bytes) and normalises them. Rows that fail validation are left out
 * and summarised; the rest load. Reads in slices so progress can be reported on big files.
 */
export async function readParquetIndex(
  source: ParquetSource,
  options: { sourceId: string; partId?: string; split: Split; onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<IndexResult> {
  const columns = source.columns.filter((c) => c !== 'image');
  const errors = new RowErrors();
  const records: SampleRecord[] = [];
  const slice = 5000;
  for (let start = 0; start < source.rows; start += slice) {
    if (options.signal?.aborted) throw new DataError(`${source.name}: loading cancelled`);
    const end = Math.min(source.rows, start + slice);
    const rows = await readRows(source, columns, start, end);
    rows.forEach((raw, i) => {
      const row = start + i;
      try {
        const image = source.hasImage ? ({ kind: 'bytes', sourceId: options.partId ?? options.sourceId, row } as const) : ({ kind: 'none' } as const);
        records.push(normalizeRow(raw, source.variant, { file: source.name, sourceId: options.sourceId, partId: options.partId, row, split: options.split, image }));
      } catch (error) {
        errors.add(error);
      }
    });
    options.onProgress?.(end / Math.max(1, source.rows));
  }
  return { records, rowErrors: errors.summary(source.name) };
}

/** Image bytes (PNG/JPEG/…) of rows [rowStart, rowEnd); null where a row has no image. */
export async function readParquetImages(source: ParquetSource, rowStart: number, rowEnd: number): Promise<(Uint8Array | null)[]> {
  if (!source.hasImage) return new Array<null>(rowEnd - rowStart).fill(null);
  const rows = await readRows(source, ['image'], rowStart, rowEnd);
  return rows.map((row) => imageBytes(row.image));
}

/** Image bytes (compressed) one bulk read aims at: a few pages. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * The natural read units of the image column: runs of whole data pages of `image.bytes` (about BLOCK_BYTES each)
 * where the file has an offset index (a read touches only those pages), else one block per row group (without page locations any read
 * fetches the whole column chunk, so reading it once is cheapest). Bulk readers (training set-up) read block by
 * block and decode only the rows they need; cached on the source.
 */
export function imageReadBlocks(source: ParquetSource, blockBytes = BLOCK_BYTES): Promise<RowRange[]> {
  if (blockBytes !== BLOCK_BYTES) return computeImageBlocks(source, blockBytes);
  source.imageBlocks ??= computeImageBlocks(source, blockBytes);
  return source.imageBlocks;
}

async function computeImageBlocks(source: ParquetSource, blockBytes: number): Promise<RowRange[]> {
  const blocks: RowRange[] = [];
  let groupStart = 0;
  for (const group of source.metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'image.bytes')
      ?? group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'image');
    let starts: number[] = [];
    if (chunk?.offset_index_offset !== undefined && chunk.offset_index_length) {
      try {
        const offset = Number(chunk.offset_index_offset);
        const buffer = await source.file.slice(offset, offset + chunk.offset_index_length);
        // Consecutive pages are joined up to `blockBytes`: every read also decodes the small sibling columns
        // (the image path) in full where they have no offset index of their own, so fewer, larger reads are cheaper.
        let bytes = Infinity;
        for (const page of readOffsetIndex({ view: new DataView(buffer), offset: 0 }).page_locations) {
          if (bytes >= blockBytes) {
            starts.push(groupStart + Number(page.first_row_index));
            bytes = 0;
          }
          bytes += page.compressed_page_size;
        }
      } catch {
        starts = []; // an unreadable offset index: fall back to whole row groups
      }
    }
    if (starts[0] !== groupStart) starts.unshift(groupStart);
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : groupEnd;
      if (end > start) blocks.push({ start, end });
    });
    groupStart = groupEnd;
  }
  return blocks;
}

/** Accepts the HF Image struct {bytes, path} or raw bytes (docs/data.md §4). */
export function imageBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value && typeof value === 'object' && 'bytes' in value) {
    const bytes = (value as { bytes: unknown }).bytes;
    if (bytes instanceof Uint8Array) return bytes;
  }
  return null;
}
