/**
 * Writes a real-schema BeaverTails-V pair (train + evaluation Parquet, SNAPPY, one row group per 5,000 rows) with
 * real-shaped text and images at the model's input size, for the pretraining bench (docs/real-data.md):
 *
 *   npx tsx scripts/bench/realShapedParquet.ts --out DIR [--train 29824] [--evaluation 590] [--image 16]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePairsParquet } from '../../src/data/testing/parquetFixtures';
import { realShapedRows } from '../../src/data/testing/realShapedRows';
import { cliOption } from '../cliOption';

async function main(): Promise<void> {
  const out = cliOption('out', '');
  if (!out) throw new Error('--out DIR is required');
  const train = Number(cliOption('train', '29824'));
  const evaluation = Number(cliOption('evaluation', '590'));
  const image = Number(cliOption('image', '16'));
  await mkdir(out, { recursive: true });
  for (const [name, count, offset] of [['train', train, 0], ['evaluation', evaluation, 1_000_000]] as const) {
    const rows = realShapedRows(count, `bench-${name}`, image, offset);
    const bytes = new Uint8Array(writePairsParquet(rows, { rowGroupSize: 5000 }));
    await writeFile(join(out, `${name}.parquet`), bytes);
    console.log(`wrote ${join(out, `${name}.parquet`)}: ${count} pairs, ${bytes.byteLength} bytes`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
