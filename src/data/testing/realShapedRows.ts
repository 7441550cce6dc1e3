// Preference rows in the published schema (DATA.md §2.1) with real-shaped text (realShapedText.ts), labels that
// obey the dataset's invariants, and small PNG images: for the pretraining bench and the pack tests.
import { encodePng } from '../nodePng';
import type { RawPairRow } from './parquetFixtures';
import { realShapedPairs, type ResponseKind } from './realShapedText';

/** An S×S RGB PNG with a seeded pattern (different per row and per category). */
export function patternPng(seed: number, size: number, tint: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      pixels[o] = (x * 16 + seed * 7) & 0xff;
      pixels[o + 1] = (y * 16 + tint * 12) & 0xff;
      pixels[o + 2] = ((x ^ y) * 8 + seed) & 0xff;
    }
  return encodePng(size, size, pixels);
}

/** Ratings per kind, inside the published ranges; rate ≥ 0 ⇔ safe, refusals rate 0 on both scales. */
function ratings(kind: ResponseKind, r: number): { harmless: number; helpful: number; safe: boolean } {
  if (kind === 'refusal') return { harmless: 0, helpful: 0, safe: true };
  if (kind === 'harmful') return { harmless: -1 - (r % 3), helpful: 1 + (r % 3), safe: false };
  return { harmless: 1 + (r % 3), helpful: 1 + ((r + 1) % 3), safe: true };
}

const MODELS = ['model-a', 'model-b', 'model-c', 'model-d', 'model-e', 'model-f'];

export function realShapedRows(count: number, seed: string, imageSize = 16, offset = 0): RawPairRow[] {
  return realShapedPairs(count, seed).map((pair, i) => {
    const a = ratings(pair.kinds[0], i);
    const b = ratings(pair.kinds[1], i + 1);
    const n = offset + i;
    return {
      question: pair.question,
      image: { bytes: patternPng(n, imageSize, i % 20), path: n % 50 === 0 ? null : `${n}.png` },
      category: pair.category,
      image_severity: 1 + (i % 3),
      response_1: pair.responses[0],
      response_2: pair.responses[1],
      response_1_from: MODELS[i % 6],
      response_2_from: MODELS[(i + 1) % 5],
      more_helpful_response_id: b.helpful > a.helpful ? '2' : '1',
      safer_response_id: b.harmless > a.harmless ? '2' : '1',
      is_response_1_safe: a.safe ? 'yes' : 'no',
      is_response_2_safe: b.safe ? 'yes' : 'no',
      response_1_harmless_rate: a.harmless,
      response_2_harmless_rate: b.harmless,
      response_1_helpful_rate: a.helpful,
      response_2_helpful_rate: b.helpful,
    };
  });
}
