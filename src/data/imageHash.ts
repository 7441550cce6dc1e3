// Image-level de-duplication (docs/data.md §7): the same image appears under several questions, and a few images
// appear in both train and evaluation. Hash the bytes and keep every image's records on one side of a split.
import type { SampleRecord, Split } from './record';

/** SHA-256 of the image bytes, hex (Web Crypto: browsers, workers and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** FNV-1a 32-bit → [0, 1): a stable pseudo-random position for a string. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

/**
 * Assigns each record to train or evaluation so that records sharing an image (same hash) land together.
 * About `evalFraction` of the distinct images go to evaluation; the choice depends only on `seed` and the hash.
 * Records without a hash are grouped by their own id.
 */
export function splitByImageHash(
  records: readonly SampleRecord[],
  hashes: ReadonlyMap<string, string>,
  evalFraction: number,
  seed: string,
): Map<string, 'train' | 'evaluation'> {
  const out = new Map<string, 'train' | 'evaluation'>();
  for (const record of records) {
    const group = hashes.get(record.id) ?? `record:${record.id}`;
    out.set(record.id, unitHash(`${seed}|${group}`) < evalFraction ? 'evaluation' : 'train');
  }
  return out;
}

export interface DuplicateReport {
  /** Distinct images. */
  images: number;
  /** Records whose image also belongs to an earlier record. */
  duplicateRecords: number;
  /** Distinct images used in more than one split (train and evaluation). */
  crossSplitImages: number;
}

export function duplicateReport(records: readonly SampleRecord[], hashes: ReadonlyMap<string, string>): DuplicateReport {
  const splits = new Map<string, Set<Split>>();
  let duplicateRecords = 0;
  for (const record of records) {
    const hash = hashes.get(record.id);
    if (!hash) continue;
    let set = splits.get(hash);
    if (set) duplicateRecords++;
    else splits.set(hash, (set = new Set()));
    set.add(record.split);
  }
  let crossSplitImages = 0;
  for (const set of splits.values()) if (set.has('train') && set.has('evaluation')) crossSplitImages++;
  return { images: splits.size, duplicateRecords, crossSplitImages };
}
