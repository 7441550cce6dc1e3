// Dataset-viewer `/rows` and `/first-rows` JSON (docs/data.md §6) → the same records as the Parquet path. Images
// arrive as {src, height, width} with a signed, expiring URL; `data:` URLs and http(s) URLs are kept as URL refs.
import type { ImageRef, SampleRecord, Split } from './record';
import { DataError, RowErrors, detectVariant, normalizeRow, type Variant } from './schema';

export interface TextLoadResult {
  records: SampleRecord[];
  variant: Variant;
  warnings: string[];
  /** Summary of rejected rows, or null. */
  rowErrors: string | null;
  /** Row → image bytes embedded in the file (JSONL with base64 images). */
  imageBytes: Map<number, Uint8Array>;
}

export interface TextLoadOptions {
  name: string;
  sourceId: string;
  split: Split;
  /** For the expiry check; defaults to Date.now(). */
  now?: number;
  /** Resolves an image given as a bare file name (a sidecar file loaded alongside) to a URL. */
  resolveSidecar?: (fileName: string) => string | undefined;
  /** The fraction of lines read so far, every PROGRESS_LINES lines of a JSON Lines file (a sign of life). */
  onProgress?: (fraction: number) => void;
}

/** `Expires` query parameter (epoch seconds) of a signed URL, in milliseconds. */
export function urlExpiry(url: string): number | undefined {
  try {
    const expires = new URL(url).searchParams.get('Expires');
    return expires && /^\d+$/.test(expires) ? Number(expires) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Interprets an image cell: {src}, a URL string, a sidecar file name, or nothing. */
export function imageRefFromCell(cell: unknown, resolveSidecar?: (name: string) => string | undefined): ImageRef | { unresolved: string } {
  const src = typeof cell === 'string' ? cell : cell && typeof cell === 'object' && typeof (cell as { src?: unknown }).src === 'string' ? (cell as { src: string }).src : null;
  if (src === null) {
    const path = cell && typeof cell === 'object' ? (cell as { path?: unknown }).path : undefined;
    if (typeof path === 'string' && resolveSidecar?.(path)) return { kind: 'url', url: resolveSidecar(path)! };
    return { kind: 'none' };
  }
  if (/^https?:\/\//i.test(src)) {
    const expires = urlExpiry(src);
    return expires === undefined ? { kind: 'url', url: src } : { kind: 'url', url: src, expires };
  }
  if (/^data:image\//i.test(src)) return { kind: 'url', url: src };
  const sidecar = resolveSidecar?.(src.split(/[\\/]/).pop() ?? src);
  if (sidecar) return { kind: 'url', url: sidecar };
  return { unresolved: src };
}

export function parseRowsJson(text: string, options: TextLoadOptions): TextLoadResult {
  const { name } = options;
  if (text.trim() === '') throw new DataError(`${name}: the file is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  // A plain JSON array of raw rows is accepted too (e.g. the `rows[].row` objects saved on their own).
  if (Array.isArray(json)) json = { rows: json.map((row, i) => ({ row_idx: i, row })) };
  if (!json || typeof json !== 'object' || !Array.isArray((json as { rows?: unknown }).rows)) {
    throw new DataError(`${name}: not a dataset-viewer /rows response (expected an object with a "rows" array, or an array of rows)`);
  }
  const body = json as {
    rows: { row_idx?: unknown; row?: unknown; truncated_cells?: unknown }[];
    features?: { name?: unknown }[];
    num_rows_total?: unknown;
    partial?: unknown;
  };
  if (body.rows.length === 0) throw new DataError(`${name}: the "rows" array is empty`);
  const firstRow = body.rows[0]?.row;
  if (!firstRow || typeof firstRow !== 'object') throw new DataError(`${name}: rows[0] has no "row" object`);
  const columns = Array.isArray(body.features) && body.features.every((f) => typeof f?.name === 'string')
    ? body.features.map((f) => f.name as string)
    : Object.keys(firstRow);
  const variant = detectVariant(columns, name);

  const now = options.now ?? Date.now();
  const warnings: string[] = [];
  const errors = new RowErrors();
  const records: SampleRecord[] = [];
  let truncated = 0;
  let expired = 0;
  let earliestExpiry = Infinity;
  let unresolved = 0;
  body.rows.forEach((entry, i) => {
    const rowNumber = typeof entry?.row_idx === 'number' ? entry.row_idx : i;
    try {
      if (!entry || typeof entry.row !== 'object' || entry.row === null) throw new DataError(`${name}, row ${rowNumber}: no "row" object`);
      const raw = entry.row as Record<string, unknown>;
      const cut = Array.isArray(entry.truncated_cells) && entry.truncated_cells.length > 0;
      const ref = imageRefFromCell(raw.image, options.resolveSidecar);
      let image: ImageRef;
      if ('unresolved' in ref) {
        unresolved++;
        image = { kind: 'none' };
      } else image = ref;
      if (image.kind === 'url' && image.expires !== undefined && image.expires < now) {
        expired++;
        earliestExpiry = Math.min(earliestExpiry, image.expires);
      }
      records.push(normalizeRow(raw, variant, { file: name, sourceId: options.sourceId, row: rowNumber, split: options.split, image, truncated: cut }));
      if (cut) truncated++;
    } catch (error) {
      errors.add(error);
    }
  });
  if (truncated) warnings.push(`${name}: ${truncated} row${truncated > 1 ? 's have' : ' has'} truncated cells (flagged, not used for training)`);
  if (expired) {
    warnings.push(
      `${name}: ${expired} image URL${expired > 1 ? 's' : ''} expired on ${new Date(earliestExpiry).toISOString().slice(0, 16).replace('T', ' ')} UTC; ` +
        'those images cannot be shown. Fetch the /rows JSON again for fresh links.',
    );
  }
  if (unresolved) warnings.push(`${name}: ${unresolved} image${unresolved > 1 ? 's name' : ' names'} a file that was not loaded alongside; shown without image`);
  if (body.partial === true) warnings.push(`${name}: "partial": true, the viewer built this slice from a partial conversion of the dataset`);
  if (typeof body.num_rows_total === 'number' && body.num_rows_total > body.rows.length) {
    warnings.push(`${name}: holds ${body.rows.length} of ${body.num_rows_total} rows of this split`);
  }
  if (records.length === 0) throw new DataError(errors.summary(name) ?? `${name}: no usable rows`);
  return { records, variant, warnings, rowErrors: errors.summary(name), imageBytes: new Map() };
}
