// JSON Lines: one raw BeaverTails-V row (either variant) per line. Images may be a URL string, {src}, or the
// HF-style {bytes, path} with base64 bytes (as `datasets` `to_json` writes them).
import type { ImageRef, SampleRecord } from './record';
import { imageRefFromCell, type TextLoadOptions, type TextLoadResult } from './rowsJson';
import { DataError, RowErrors, detectVariant, normalizeRow, type Variant } from './schema';
import { sniffImage } from './sniff';

function base64ToBytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** Progress every this many lines: a sign of life in a long synchronous parse (posted at once from a worker). */
const PROGRESS_LINES = 256;

export function parseJsonl(text: string, options: TextLoadOptions): TextLoadResult {
  const { name } = options;
  const lines = text.split(/\r?\n/);
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length === 0) throw new DataError(`${name}: the file is empty`);
  let variant: Variant | null = null;
  const errors = new RowErrors();
  const records: SampleRecord[] = [];
  const imageBytes = new Map<number, Uint8Array>();
  let badImages = 0;
  let row = 0;
  for (let lineNo = 0; lineNo < lines.length; lineNo++) {
    if (lineNo % PROGRESS_LINES === PROGRESS_LINES - 1) options.onProgress?.(lineNo / lines.length);
    const line = lines[lineNo].trim();
    if (line === '') continue;
    const index = row++;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      if (variant === null) throw new DataError(`${name}: line ${lineNo + 1} is not valid JSON (${(error as Error).message})`);
      errors.add(new DataError(`${name}, line ${lineNo + 1}: not valid JSON`));
      continue;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.add(new DataError(`${name}, line ${lineNo + 1}: expected a JSON object`));
      continue;
    }
    const object = raw as Record<string, unknown>;
    variant ??= detectVariant(Object.keys(object), name);
    let image: ImageRef;
    const cell = object.image as { bytes?: unknown } | undefined;
    if (cell && typeof cell === 'object' && typeof cell.bytes === 'string') {
      const bytes = base64ToBytes(cell.bytes);
      if (bytes && sniffImage(bytes)) {
        imageBytes.set(index, bytes);
        image = { kind: 'bytes', sourceId: options.sourceId, row: index };
      } else {
        badImages++;
        image = { kind: 'none' };
      }
    } else {
      const ref = imageRefFromCell(object.image, options.resolveSidecar);
      image = 'unresolved' in ref ? { kind: 'none' } : ref;
    }
    try {
      records.push(normalizeRow(object, variant, { file: name, sourceId: options.sourceId, row: index, split: options.split, image }));
    } catch (error) {
      errors.add(error);
    }
  }
  if (variant === null || records.length === 0) throw new DataError(errors.summary(name) ?? `${name}: no usable rows`);
  const warnings = badImages ? [`${name}: ${badImages} image${badImages > 1 ? 's are' : ' is'} not decodable PNG/JPEG/WebP bytes; shown without image`] : [];
  return { records, variant, warnings, rowErrors: errors.summary(name), imageBytes };
}
