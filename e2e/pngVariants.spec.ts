import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pngVariant } from '../scripts/experiment/testing/pngVariants';
import { writePairsParquet } from '../src/data/testing/parquetFixtures';
import { pairRow } from '../src/data/testing/rows';
import { expect, test } from './fixtures';

// The browser half of scripts/experiment/pngVariants.test.ts: a 16-bit, a palette and an interlaced PNG are decoded
// and trained on in the browser worker as in the runner. One cut-off PNG beside them shows that the worker reports
// every image it could not decode: it names exactly one, the cut-off one.
test('a 16-bit, a palette and an interlaced PNG decode and train in the browser', async ({ page }) => {
  test.setTimeout(300_000);
  const images = await Promise.all([pngVariant('png16', 1), pngVariant('palette', 2), pngVariant('interlaced', 3)]);
  const broken = (await pngVariant('png8', 4)).slice(0, 40);
  const rows = [...images, broken].map((bytes, i) => pairRow({ image: { bytes, path: `variant_${i}.png` } }, i));
  const file = join(mkdtempSync(join(tmpdir(), 'srlhfv-png-variants-')), 'png_variants_train.parquet');
  writeFileSync(file, new Uint8Array(writePairsParquet(rows)));

  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-data').click();
  const count = () => page.getByTestId('dataset-row-count').textContent().then(Number);
  await expect.poll(count, { timeout: 60_000 }).toBeGreaterThan(1500);
  const before = await count();
  await page.getByTestId('dataset-file-input').setInputFiles(file);
  await expect.poll(count, { timeout: 60_000 }).toBe(before + 4);

  await page.getByTestId('nav-models').click();
  await page.getByTestId('param-scoreEpochs').fill('1');
  await page.getByTestId('param-scoreEpochs').blur();
  await page.getByTestId('train-reward').click();
  const notice = page.locator('.notice').filter({ hasText: 'could not be read or decoded' });
  await expect(notice).toContainText(
    new RegExp(`^1 of ${before + 4} images could not be read or decoded; those records train with a blank image\\. First: png_variants_train\\.parquet, row 3: Corrupt PNG: no image data`),
    { timeout: 120_000 },
  );
  await page.getByTestId('stop-reward').click();
});
