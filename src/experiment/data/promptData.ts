// Records → encoded prompt data, shared by the browser worker (src/worker/dataStore.ts) and the headless runner
// (scripts/experiment/realData.ts): a row whose image could not be read or decoded is skipped, counted and named
// (the first one), never trained with a stand-in image. Each caller reads and decodes the images its own way
// (through preprocessImage and its runtime's ImageDecoder) and hands in the outcome.
import { encodeRecords, type EncodeSizes, type EncodedDataset } from '../../data/encode';
import type { SampleRecord } from '../../data/record';
import type { Tokenizer } from '../../data/tokenizer';

/** Decoded images of `records`, in order: row i of `pixels` (S·S·3 values) is record i's image unless it failed. */
export interface DecodedImages {
  pixels: Float32Array;
  /** Record id → why its image could not be read or decoded. Those rows are skipped. */
  failed: ReadonlyMap<string, string>;
}

export interface PromptData {
  /** The records kept, in their given order (encoded row i = records[i]). */
  records: SampleRecord[];
  data: EncodedDataset;
  /** Rows skipped because their image could not be read or decoded. */
  skipped: number;
}

/**
 * Keeps the records whose image decoded and encodes them. `vocab` gets the kept records (a caller without a
 * vocabulary builds one from them). When nothing failed, `pixels` is used as it is (no copy); otherwise the kept
 * rows are copied into a new buffer. Throws when no record is left.
 */
export function encodePromptData(
  records: readonly SampleRecord[],
  images: DecodedImages,
  vocab: Tokenizer | ((kept: SampleRecord[]) => Tokenizer),
  sizes: EncodeSizes,
): PromptData & { vocab: Tokenizer } {
  const stride = sizes.imageSize * sizes.imageSize * 3;
  if (images.pixels.length !== records.length * stride) {
    throw new Error(`encodePromptData: ${images.pixels.length} image values for ${records.length} records, expected ${records.length * stride}`);
  }
  let kept: SampleRecord[] = records.slice();
  let pixels = images.pixels;
  if (images.failed.size > 0) {
    kept = records.filter((r) => !images.failed.has(r.id));
    pixels = new Float32Array(kept.length * stride);
    let at = 0;
    records.forEach((record, i) => {
      if (images.failed.has(record.id)) return;
      pixels.set(images.pixels.subarray(i * stride, (i + 1) * stride), at * stride);
      at++;
    });
  }
  if (kept.length === 0) throw new Error(`No usable rows: the image of every one of the ${records.length} rows could not be read or decoded.`);
  const vocabulary = typeof vocab === 'function' ? vocab(kept) : vocab;
  return {
    records: kept,
    vocab: vocabulary,
    data: encodeRecords(kept, new Map(), vocabulary, sizes, pixels),
    skipped: records.length - kept.length,
  };
}
