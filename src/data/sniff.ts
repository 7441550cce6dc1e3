// File and image type detection by content (magic bytes), falling back to the file name only where content is
// ambiguous (text formats).

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export function sniffImage(bytes: Uint8Array): ImageMime | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'image/gif';
  return null;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

export type FileKind = 'parquet' | 'rows-json' | 'jsonl' | 'image' | 'unknown';

/** Parquet files start and end with "PAR1". */
export function isParquet(head: Uint8Array, tail?: Uint8Array): boolean {
  const starts = head.length >= 4 && ascii(head, 0, 4) === 'PAR1';
  if (!tail) return starts;
  return starts && tail.length >= 4 && ascii(tail, tail.length - 4, tail.length) === 'PAR1';
}

/**
 * Classifies a file from its first bytes (and name as a hint for text). `{` starts a dataset-viewer JSON object
 * and `[` an array of rows; a first line that is itself a JSON object followed by more lines (or a .jsonl name)
 * is JSON Lines.
 */
export function sniffFile(head: Uint8Array, name = ''): FileKind {
  if (isParquet(head)) return 'parquet';
  if (sniffImage(head)) return 'image';
  const text = new TextDecoder().decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) {
    if (/\.jsonl$|\.ndjson$/i.test(name)) return 'jsonl';
    const firstLine = text.split('\n', 1)[0].trim();
    if (firstLine.endsWith('}') && text.length > firstLine.length && /"rows"\s*:/.test(firstLine) === false) {
      try {
        JSON.parse(firstLine);
        return 'jsonl';
      } catch {
        // Not a complete object on one line: a pretty-printed JSON document.
      }
    }
    return 'rows-json';
  }
  if (text.startsWith('[')) return 'rows-json';
  return 'unknown';
}

/** "train" / "evaluation" from a file name or path (hub layout data/<category>/<split>.parquet). */
export function splitFromName(name: string): 'train' | 'evaluation' | 'unknown' {
  const base = name.toLowerCase().split(/[\\/]/).slice(-2).join('/');
  if (/(^|[^a-z])(evaluation|eval|test|validation)([^a-z]|$)/.test(base)) return 'evaluation';
  if (/(^|[^a-z])train([^a-z]|$)/.test(base)) return 'train';
  return 'unknown';
}
