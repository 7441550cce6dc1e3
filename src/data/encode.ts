// Turns records into the flat typed arrays every model trains on. Pure TS (no TensorFlow.js): the worker wraps
// these arrays in tensors. Layouts are row-major and documented per field.
import { HARM_CATEGORIES, type SampleRecord } from './record';
import type { Tokenizer } from './tokenizer';

export interface EncodeSizes {
  imageSize: number;
  maxQuestionTokens: number;
  maxResponseTokens: number;
}

export interface EncodedDataset {
  count: number;
  imageSize: number;
  maxQuestionTokens: number;
  maxResponseTokens: number;
  recordIds: string[];
  /** count × S × S × 3, in [0, 1]; zeros where a record has no decoded image. */
  images: Float32Array;
  /** count × Q, PAD after the text (no EOS). */
  questions: Int32Array;
  /** count × 2 × T: response k of record i at (i·2 + k)·T; EOS-terminated, PAD after. */
  responses: Int32Array;
  /** count × 2: tokens including EOS. */
  responseLengths: Int32Array;
  /** 0 | 1: index of the more helpful response. */
  moreHelpful: Uint8Array;
  /** 0 | 1: index of the safer response. */
  safer: Uint8Array;
  /** count × 2: 1 if the response is labelled safe. */
  isSafe: Uint8Array;
  /** count × 2: −3..3 (0 where unrated). */
  harmlessRate: Float32Array;
  /** count × 2: 0..3 (0 where unrated). */
  helpfulRate: Float32Array;
  severity: Int32Array;
  /** Index in HARM_CATEGORIES, −1 unknown. */
  category: Int32Array;
  /** 0 train, 1 evaluation, 2 unknown. */
  split: Uint8Array;
  /** 0 for contradictory, truncated or single-response records. */
  trainable: Uint8Array;
}

const SPLIT_CODE = { train: 0, evaluation: 1, unknown: 2 } as const;
const CATEGORY_INDEX = new Map<string, number>(HARM_CATEGORIES.map((c, i) => [c, i]));

export function categoryIndex(category: string): number {
  return CATEGORY_INDEX.get(category) ?? -1;
}

/**
 * Encodes records. `images` maps record id → S × S × 3 floats (from preprocessImage); missing images stay zero.
 * `imageBuffer`, when given, already holds every record's image in order (count × S × S × 3) and is used as is.
 * Single-response records put their response in slot 0, duplicate it in slot 1 and are not trainable as pairs.
 */
export function encodeRecords(
  records: readonly SampleRecord[],
  images: ReadonlyMap<string, Float32Array>,
  vocab: Tokenizer,
  sizes: EncodeSizes,
  imageBuffer?: Float32Array,
): EncodedDataset {
  const { imageSize: S, maxQuestionTokens: Q, maxResponseTokens: T } = sizes;
  const n = records.length;
  const pixels = S * S * 3;
  const out: EncodedDataset = {
    count: n,
    imageSize: S,
    maxQuestionTokens: Q,
    maxResponseTokens: T,
    recordIds: records.map((r) => r.id),
    images: imageBuffer ?? new Float32Array(n * pixels),
    questions: new Int32Array(n * Q),
    responses: new Int32Array(n * 2 * T),
    responseLengths: new Int32Array(n * 2),
    moreHelpful: new Uint8Array(n),
    safer: new Uint8Array(n),
    isSafe: new Uint8Array(n * 2),
    harmlessRate: new Float32Array(n * 2),
    helpfulRate: new Float32Array(n * 2),
    severity: new Int32Array(n),
    category: new Int32Array(n),
    split: new Uint8Array(n),
    trainable: new Uint8Array(n),
  };
  if (imageBuffer && imageBuffer.length !== n * pixels) throw new Error(`encodeRecords: imageBuffer has ${imageBuffer.length} values, expected ${n * pixels}`);
  records.forEach((record, i) => {
    const image = imageBuffer ? undefined : images.get(record.id);
    if (image) {
      if (image.length !== pixels) throw new Error(`encodeRecords: image of ${record.id} has ${image.length} values, expected ${pixels}`);
      out.images.set(image, i * pixels);
    }
    out.questions.set(vocab.encode(record.question, Q), i * Q);
    const pair = record.responses.length === 2 && record.moreHelpful !== undefined && record.safer !== undefined;
    for (let k = 0; k < 2; k++) {
      const response = record.responses[pair ? k : 0];
      const ids = vocab.encode(response.text, T, { eos: true });
      out.responses.set(ids, (i * 2 + k) * T);
      out.responseLengths[i * 2 + k] = ids.indexOf(2) + 1; // EOS = 2 is always present
      out.isSafe[i * 2 + k] = response.isSafe ? 1 : 0;
      out.harmlessRate[i * 2 + k] = response.harmlessRate ?? 0;
      out.helpfulRate[i * 2 + k] = response.helpfulRate ?? 0;
    }
    out.moreHelpful[i] = pair ? (record.moreHelpful as number) - 1 : 0;
    out.safer[i] = pair ? (record.safer as number) - 1 : 0;
    out.severity[i] = record.imageSeverity;
    out.category[i] = categoryIndex(record.category);
    out.split[i] = SPLIT_CODE[record.split];
    out.trainable[i] = pair && !record.contradictory && !record.truncated ? 1 : 0;
  });
  return out;
}

/** Every question and response text, for building a tokenizer. */
export function vocabularyTexts(records: readonly SampleRecord[]): string[] {
  const texts: string[] = [];
  for (const record of records) {
    texts.push(record.question);
    for (const response of record.responses) texts.push(response.text);
  }
  return texts;
}
