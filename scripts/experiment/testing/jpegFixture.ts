// Test helper: BeaverTails-V preference files whose images are JPEG photos (bigger than the model input).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { writePairsParquet, type RawPairRow } from '../../../src/data/testing/parquetFixtures';
import { pairRow } from '../../../src/data/testing/rows';

/** A width × height JPEG with a gradient whose blue channel depends on `seed`. */
export async function jpeg(seed: number, width = 640, height = 480): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      pixels[o] = (x * 255) / width;
      pixels[o + 1] = (y * 255) / height;
      pixels[o + 2] = (seed * 53) & 0xff;
    }
  }
  return new Uint8Array(await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer());
}

/** `count` valid preference rows with JPEG images; questions contain the non-word "zqxwv" (unknown to any vocabulary). */
export async function jpegPairRows(count: number, offset: number): Promise<RawPairRow[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) =>
      pairRow({ image: { bytes: await jpeg(offset + i), path: `${offset + i}.jpg` }, question: `Is the zqxwv cage number ${i} safe for the animal?` }, offset + i),
    ),
  );
}

/** dir/<category>/{train,evaluation}.parquet as on the Hub; returns both paths. */
export async function writeJpegDataset(dir: string, trainRows: RawPairRow[], evaluationRows: RawPairRow[]): Promise<{ train: string; evaluation: string }> {
  await mkdir(join(dir, 'animal_abuse'), { recursive: true });
  const train = join(dir, 'animal_abuse', 'train.parquet');
  const evaluation = join(dir, 'animal_abuse', 'evaluation.parquet');
  await writeFile(train, new Uint8Array(writePairsParquet(trainRows)));
  await writeFile(evaluation, new Uint8Array(writePairsParquet(evaluationRows)));
  return { train, evaluation };
}
