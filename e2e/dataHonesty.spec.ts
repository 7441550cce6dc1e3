import { expect, test, type Page } from './fixtures';
import { writePairsParquet } from '../src/data/testing/parquetFixtures';
import { pairRow } from '../src/data/testing/rows';

// The Data explorer says what it holds: no open sample the filters hide, no silent duplicates, and whether an
// uploaded file's rows are used for training.

const rowCount = async (page: Page) => Number(await page.getByTestId('dataset-row-count').textContent());

async function openOnSample(page: Page): Promise<number> {
  await page.goto('/');
  await page.getByTestId('nav-data').click(); // newcomers land on Train; Data is one click away
  await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBeGreaterThan(1500);
  return rowCount(page);
}

test('an open sample that the filters exclude is closed with a way back', async ({ page }) => {
  await openOnSample(page);
  await page.getByTestId('filter-category').selectOption('animal_abuse');
  const row = page.getByTestId('sample-row').first();
  const id = await row.getAttribute('data-record-id');
  await row.click();
  await expect(page.getByTestId('sample-detail')).toHaveAttribute('data-record-id', id!);

  await page.getByTestId('filter-category').selectOption('sexual_crimes');
  await expect(page.getByTestId('selection-hidden')).toBeVisible();
  await expect(page.getByTestId('sample-detail')).toHaveCount(0);

  await page.getByRole('button', { name: 'Clear filters to see it again' }).click();
  await expect(page.getByTestId('sample-detail')).toHaveAttribute('data-record-id', id!);
  await expect(page.getByTestId('selection-hidden')).toHaveCount(0);
});

test('the same file loaded twice is not duplicated; an unknown split says it is unused until assigned', async ({ page }) => {
  const before = await openOnSample(page);
  const file = {
    name: 'my_upload.parquet',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(writePairsParquet([0, 1, 2, 3].map((seed) => pairRow({}, seed)))),
  };
  await page.getByTestId('dataset-file-input').setInputFiles(file);
  await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(before + 4);
  await expect(page.getByTestId('split-count-unknown')).toHaveText('4');
  await expect(page.getByTestId('source-split')).toHaveValue('unknown');
  await expect(page.getByTestId('source-split-use')).toContainText('No model trains or evaluates on these rows');

  await page.getByTestId('dataset-file-input').setInputFiles(file);
  await expect(page.getByTestId('dataset-warnings')).toContainText(
    'my_upload.parquet: all 4 rows are already loaded (from my_upload.parquet); nothing was added.',
    { timeout: 30_000 },
  );
  expect(await rowCount(page)).toBe(before + 4);
  await expect(page.getByTestId('source-split')).toHaveCount(1);

  const train = Number(await page.getByTestId('split-count-train').textContent());
  await page.getByTestId('source-split').selectOption('train');
  await expect(page.getByTestId('split-count-train')).toHaveText(String(train + 4));
  await expect(page.getByTestId('split-count-unknown')).toHaveCount(0);
  await expect(page.getByTestId('source-split-use')).toContainText('Used to train');
});
