// Writes BeaverTails-V-shaped Parquet files with hyparquet-writer and an explicit schema (the image column is the
// HF `datasets` Image struct<bytes: binary, path: string>). Node-only helpers for the sample generator and tests;
// hyparquet-writer is a dev dependency and never ships in the app.
import { parquetWriteBuffer } from 'hyparquet-writer';

export interface RawImage {
  bytes: Uint8Array | null;
  path: string | null;
}

/** One row of the published preference variant, with the published types (string ids, "yes"/"no", int64). */
export interface RawPairRow {
  question: string;
  image: RawImage | null;
  category: string;
  image_severity: number;
  response_1: string;
  response_2: string;
  response_1_from: string;
  response_2_from: string;
  more_helpful_response_id: string;
  safer_response_id: string;
  is_response_1_safe: string;
  is_response_2_safe: string;
  response_1_harmless_rate: number;
  response_2_harmless_rate: number;
  response_1_helpful_rate: number;
  response_2_helpful_rate: number;
}

/** One row of the published single-response variant. */
export interface RawSingleRow {
  question: string;
  image: RawImage | null;
  category: string;
  image_severity: number;
  response: string;
  is_response_safe: string;
}

type Codec = 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP';

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
const INT64 = { type: 'INT64', repetition_type: 'OPTIONAL' } as const;
const IMAGE_SCHEMA = [
  { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  { name: 'path', ...STRING },
] as const;

export const PAIR_COLUMNS = [
  'question', 'image', 'category', 'image_severity', 'response_1', 'response_2', 'response_1_from', 'response_2_from',
  'more_helpful_response_id', 'safer_response_id', 'is_response_1_safe', 'is_response_2_safe',
  'response_1_harmless_rate', 'response_2_harmless_rate', 'response_1_helpful_rate', 'response_2_helpful_rate',
] as const;

const INT64_COLUMNS = new Set<string>([
  'image_severity', 'response_1_harmless_rate', 'response_2_harmless_rate', 'response_1_helpful_rate',
  'response_2_helpful_rate',
]);

interface WriteOptions {
  codec?: Codec;
  columns?: readonly string[];
  rowGroupSize?: number;
  /** Target uncompressed page size in bytes (hyparquet-writer's default 1 MB); the writer adds an offset index. */
  pageSize?: number;
}

function write(columns: readonly string[], rows: readonly object[], codec: Codec, options: WriteOptions = {}): ArrayBuffer {
  const schema: Record<string, unknown>[] = [{ name: 'root', num_children: columns.length }];
  const columnData = columns.map((name) => {
    if (name === 'image') schema.push(...IMAGE_SCHEMA.map((element) => ({ ...element })));
    else schema.push({ name, ...(INT64_COLUMNS.has(name) ? INT64 : STRING) });
    const data = rows.map((row) => {
      const value = (row as Record<string, unknown>)[name];
      if (INT64_COLUMNS.has(name) && typeof value === 'number') return BigInt(value);
      return value ?? null;
    });
    return { name, data };
  });
  // The schema elements are plain parquet-format SchemaElements; the writer's own type is stricter than needed here.
  return parquetWriteBuffer({ columnData, schema: schema as never, codec, rowGroupSize: options.rowGroupSize ?? 100_000, pageSize: options.pageSize });
}

export function writePairsParquet(rows: readonly RawPairRow[], options: WriteOptions = {}): ArrayBuffer {
  return write(options.columns ?? PAIR_COLUMNS, rows, options.codec ?? 'SNAPPY', options);
}

export const SINGLE_COLUMNS = ['question', 'image', 'category', 'image_severity', 'response', 'is_response_safe'] as const;

export function writeSingleParquet(rows: readonly RawSingleRow[], options: { codec?: Codec } = {}): ArrayBuffer {
  return write(SINGLE_COLUMNS, rows, options.codec ?? 'SNAPPY');
}
