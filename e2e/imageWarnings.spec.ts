import { expect, test } from './fixtures';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '../src/data/nodePng';
import { writePairsParquet } from '../src/data/testing/parquetFixtures';
import { pairRow } from '../src/data/testing/rows';

// Images that cannot be decoded during training are said on screen: how many, and the first file and row.
test('training on a file whose images mostly fail to decode shows a notice naming the count, file and row', async ({ page }) => {
  test.setTimeout(300_000);
  const good = encodePng(4, 4, new Uint8Array(4 * 4 * 3).fill(90));
  const broken = good.slice(0, 30); // cut inside the IDAT chunk
  const rows = Array.from({ length: 36 }, (_, i) => pairRow({ image: { bytes: i < 30 ? broken : good, path: `img_${i}.png` } }, i));
  const file = join(mkdtempSync(join(tmpdir(), 'srlhfv-images-')), 'broken_images_train.parquet');
  writeFileSync(file, new Uint8Array(writePairsParquet(rows)));

  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-data').click(); // newcomers land on Train; Data is one click away
  const count = () => page.getByTestId('dataset-row-count').textContent().then(Number);
  await expect.poll(count, { timeout: 60_000 }).toBeGreaterThan(1500);
  const before = await count();
  await page.getByTestId('dataset-file-input').setInputFiles(file);
  await expect.poll(count, { timeout: 60_000 }).toBe(before + 36);

  await page.getByTestId('nav-models').click();
  await page.getByTestId('param-scoreEpochs').fill('1');
  await page.getByTestId('param-scoreEpochs').blur();
  await page.getByTestId('train-reward').click();
  const notice = page.locator('.notice').filter({ hasText: 'could not be read or decoded' });
  await expect(notice).toContainText(
    new RegExp(`^30 of ${before + 36} images could not be read or decoded; those rows are skipped and do not train\\. First: broken_images_train\\.parquet, row 0: Truncated PNG`),
    { timeout: 120_000 },
  );
  await page.getByTestId('stop-reward').click();
});
