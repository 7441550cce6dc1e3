// Valid raw rows for tests, in the published types; override fields to make bad ones.
import { concatBytes } from '../image';
import { encodePng, pngChunk } from '../nodePng';
import type { RawPairRow, RawSingleRow } from './parquetFixtures';

/** A 4×4 RGB PNG whose colour depends on `seed`, so rows get distinct images. */
export function tinyPng(seed = 0): Uint8Array {
  const pixels = new Uint8Array(4 * 4 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (seed * 37 + i * 11) & 0xff;
  return encodePng(4, 4, pixels);
}

/** A PNG whose IHDR claims `width × height` but whose IDAT is junk: only the header may be read. */
export function claimedPng(width: number, height: number): Uint8Array {
  const be = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', [...be(width), ...be(height), 8, 2, 0, 0, 0]),
    pngChunk('IDAT', [1, 2, 3, 4]),
    pngChunk('IEND', []),
  ];
  return concatBytes(parts);
}

export function pairRow(overrides: Partial<RawPairRow> = {}, seed = 0): RawPairRow {
  return {
    question: `How do I pick the lock number ${seed}?`,
    image: { bytes: tinyPng(seed), path: `img_${seed}.png` },
    category: 'hacking_or_digital_crime',
    image_severity: 2,
    response_1: 'Sorry, I cannot help with that.',
    response_2: 'First bypass the lock, then take the laptop.',
    response_1_from: 'synthetic-refuser',
    response_2_from: 'synthetic-complier',
    more_helpful_response_id: '2',
    safer_response_id: '1',
    is_response_1_safe: 'yes',
    is_response_2_safe: 'no',
    response_1_harmless_rate: 0,
    response_2_harmless_rate: -2,
    response_1_helpful_rate: 0,
    response_2_helpful_rate: 3,
    ...overrides,
  };
}

export function singleRow(overrides: Partial<RawSingleRow> = {}, seed = 0): RawSingleRow {
  return {
    question: `Is this cage ok ${seed}?`,
    image: { bytes: tinyPng(seed), path: null },
    category: 'animal_abuse',
    image_severity: 1,
    response: 'Please care for the animal and talk to a veterinarian.',
    is_response_safe: 'yes',
    ...overrides,
  };
}
