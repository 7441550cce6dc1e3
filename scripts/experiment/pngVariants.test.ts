import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { preprocessImage, resizeToTensorData } from '../../src/data/image';
import { writePairsParquet } from '../../src/data/testing/parquetFixtures';
import { pairRow } from '../../src/data/testing/rows';
import { preprocessImageNode } from './nodeImage';
import { loadRealData } from './realData';
import { shippedVocabulary } from './setup';
import { pngHeader, pngVariant, quadrantPixels, VARIANT_SIZE, type PngVariant } from './testing/pngVariants';

// A 16-bit, a palette and an interlaced PNG decode in the runner as the browser worker decodes them (its
// createImageBitmap fallback; e2e/pngVariants.spec.ts trains on the same three there), and are kept as rows.
const VARIANTS: PngVariant[] = ['png16', 'palette', 'interlaced'];
const SIZE = 8;

function reference(): Float32Array {
  const rgb = quadrantPixels();
  const rgba = new Uint8ClampedArray(VARIANT_SIZE * VARIANT_SIZE * 4);
  for (let i = 0; i < VARIANT_SIZE * VARIANT_SIZE; i++) rgba.set([rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255], 4 * i);
  return resizeToTensorData({ width: VARIANT_SIZE, height: VARIANT_SIZE, rgba }, SIZE);
}

describe('PNG variants in the runner', () => {
  it('the fixtures are the variants they claim to be, and the pure 8-bit decoder alone refuses them', async () => {
    expect(pngHeader(await pngVariant('png16'))).toMatchObject({ bitDepth: 16, interlace: 0 });
    expect(pngHeader(await pngVariant('palette'))).toMatchObject({ colourType: 3, interlace: 0 });
    expect(pngHeader(await pngVariant('interlaced'))).toMatchObject({ bitDepth: 8, interlace: 1 });
    for (const variant of VARIANTS) {
      // Node has no createImageBitmap: without a decoder for them these rows used to be skipped in the runner.
      await expect(preprocessImage(await pngVariant(variant), SIZE)).rejects.toThrow(/^Unsupported PNG/);
    }
  });

  it.each(VARIANTS)('%s decodes to the same pixels as the 8-bit original', async (variant) => {
    const decoded = await preprocessImageNode(await pngVariant(variant), SIZE);
    const expected = reference();
    expect(decoded.length).toBe(expected.length);
    const worst = Math.max(...Array.from(decoded, (value, i) => Math.abs(value - expected[i])));
    expect(worst).toBeLessThan(1 / 255 + 1e-6);
    // The 8-bit PNG path (the app's own decoder) agrees too.
    const own = await preprocessImage(await pngVariant('png8'), SIZE, (data) => new Uint8Array(inflateSync(data)));
    expect(Math.max(...Array.from(own, (value, i) => Math.abs(value - expected[i])))).toBeLessThan(1e-6);
  });

  it('keeps rows with these images when the runner loads a BeaverTails-V file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-png-variants-'));
    const file = join(dir, 'variants_train.parquet');
    const images = await Promise.all(['png8', ...VARIANTS].map((variant) => pngVariant(variant as PngVariant)));
    const rows = images.map((bytes, i) => pairRow({ image: { bytes, path: `variant_${i}.png` } }, i));
    await writeFile(file, new Uint8Array(writePairsParquet(rows)));
    const vocab = (await shippedVocabulary())!;
    const real = await loadRealData({
      sources: [file],
      defaultSplit: 'train',
      sizes: { imageSize: SIZE, maxQuestionTokens: 16, maxResponseTokens: 24 },
      vocab,
    });
    expect(real.report).toMatchObject({ undecodableImages: 0, missingImages: 0 });
    expect(real.data.count).toBe(4);
    // Every kept row carries its picture (not a blank image).
    const perImage = SIZE * SIZE * 3;
    for (let row = 0; row < 4; row++) {
      const pixels = real.data.images.subarray(row * perImage, (row + 1) * perImage);
      expect(Math.max(...Array.from(pixels, (value, i) => Math.abs(value - reference()[i])))).toBeLessThan(1 / 255 + 1e-6);
    }
  });
});
