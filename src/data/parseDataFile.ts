// One data file's bytes → records, by what the file is (magic bytes first, the name as a hint): BeaverTails-V
// Parquet, dataset-viewer /rows JSON or JSON Lines. This is the step that runs long on untrusted bytes, so the
// browser runs it in a replaceable parse worker (src/worker/parseSupervisor.ts); it holds no state of its own.
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { parseJsonl } from './jsonl';
import { openParquet, readParquetIndex } from './parquet';
import type { SampleRecord, Split } from './record';
import { parseRowsJson, type TextLoadResult } from './rowsJson';
import type { Variant } from './schema';
import { DataError } from './schema';
import { sniffFile } from './sniff';
import type { SourceKind } from './summary';

export interface ParsedData {
  kind: Exclude<SourceKind, 'sample'>;
  variant: Variant;
  records: SampleRecord[];
  /** Row → image bytes embedded in the file (JSONL with base64 images); empty for Parquet (read on demand). */
  imageBytes: Map<number, Uint8Array>;
  warnings: string[];
  /** Summary of rejected rows, or null. */
  rowErrors: string | null;
  /** A Parquet file's parsed footer, so whoever reads its images later need not fetch and parse it again. */
  parquetFooter?: FileMetaData;
}

export interface ParseOptions {
  sourceId: string;
  /** A part of a source (a file of the bundled sample): image references point at it. */
  partId?: string;
  split: Split;
  /** The clock for signed image URLs' expiry. */
  now: number;
  signal?: AbortSignal;
  /** A fraction in [0, 1] and what is being done: per 5,000 Parquet rows (≤ 1.4 s apart on a real-shaped file), per 256 JSON lines. */
  onProgress?: (fraction: number, message: string) => void;
  /** Image file name → URL of a sidecar loaded beside a JSON file. */
  resolveSidecar?: (name: string) => string | undefined;
}

function isJsonDocument(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Bytes decoded per step of a long text (about 0.2 s each on the development machine, 137 MB in 3.9 s). */
const DECODE_CHUNK = 8 * 1024 * 1024;

/** UTF-8 → text in chunks, with progress between them: one call on a big file would be a long silence. */
function decodeText(bytes: Uint8Array, onProgress: (fraction: number) => void): string {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += DECODE_CHUNK) {
    parts.push(decoder.decode(bytes.subarray(at, at + DECODE_CHUNK), { stream: true }));
    onProgress(0); // a sign of life; the line count (and so the fraction) is known only after decoding
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Parses one file; every refusal is a DataError that starts with `name`. */
export async function parseDataFile(name: string, file: AsyncBuffer, options: ParseOptions): Promise<ParsedData> {
  if (file.byteLength === 0) throw new DataError(`${name}: the file is empty`);
  const head = new Uint8Array(await file.slice(0, Math.min(file.byteLength, 4096)));
  let kind = sniffFile(head, name);
  if (kind === 'unknown' && /\.parquet$/i.test(name)) kind = 'parquet'; // so the error says what is wrong with it
  if (kind === 'parquet') {
    options.onProgress?.(0, `Opening ${name}`);
    const parquet = await openParquet(name, file);
    const { records, rowErrors } = await readParquetIndex(parquet, {
      sourceId: options.sourceId,
      partId: options.partId,
      split: options.split,
      signal: options.signal,
      onProgress: (fraction) => options.onProgress?.(fraction, `Indexing ${name}`),
    });
    return { kind, variant: parquet.variant, records, imageBytes: new Map(), warnings: parquet.warnings, rowErrors, parquetFooter: parquet.metadata };
  }
  if (kind === 'rows-json' || kind === 'jsonl') {
    options.onProgress?.(0, `Reading ${name}`);
    const text = decodeText(new Uint8Array(await file.slice(0)), (fraction) => options.onProgress?.(fraction, `Reading ${name}`));
    const onProgress = (fraction: number) => options.onProgress?.(fraction, `Reading ${name}`);
    const textOptions = { name, sourceId: options.sourceId, split: options.split, now: options.now, resolveSidecar: options.resolveSidecar, onProgress };
    // The first 4 KB may not hold a whole JSONL line (base64 images): decide on the whole text.
    if (kind === 'rows-json' && !isJsonDocument(text) && /\}\s*\r?\n\s*\{/.test(text)) kind = 'jsonl';
    const result: TextLoadResult = kind === 'jsonl' ? parseJsonl(text, textOptions) : parseRowsJson(text, textOptions);
    return { kind, variant: result.variant, records: result.records, imageBytes: result.imageBytes, warnings: result.warnings, rowErrors: result.rowErrors };
  }
  if (kind === 'image') throw new DataError(`${name}: an image on its own; load it together with the /rows JSON or JSONL file that names it`);
  const shown = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new DataError(`${name}: unsupported file type (expected BeaverTails-V Parquet, dataset-viewer /rows JSON or JSON Lines; the file starts with bytes ${shown || '(none)'})`);
}
