import { expect, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';

const PERCENT = /^\d{1,3}\.\d$/;

async function openGuard(page: Page) {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-guard').click();
  await expect(page.getByTestId('guard-area')).toBeVisible();
  // The bundled sample loads at start; the picker lists it once the index is in.
  await expect(page.getByTestId('guard-sample-select').locator('option').first()).toBeAttached({
    timeout: 60_000,
  });
}

/** Waits for the guard's answer and fails at once with the shown error, if any, instead of timing out. */
async function expectVerdicts(page: Page, count: number) {
  const cards = page.getByTestId('guard-verdict-card');
  const error = page.getByTestId('guard-error');
  await expect(cards.first().or(error)).toBeVisible({ timeout: 90_000 });
  if (await error.isVisible()) throw new Error(`Moderation failed: ${await error.textContent()}`);
  await expect(cards).toHaveCount(count);
}

test('moderating one sample shows severity, categories and verdicts beside the dataset labels', async ({
  page,
}) => {
  await openGuard(page);
  await page.getByTestId('guard-sample-search').fill('');
  await page.getByTestId('guard-sample-select').selectOption({ index: 3 });
  await page.getByTestId('guard-moderate').click();
  await expectVerdicts(page, 3); // the question alone + two responses
  await expect(page.getByTestId('guard-severity').first()).toHaveText(/^(safe|minor|moderate|severe)$/);
  await expect(page.getByTestId('guard-categories').first().locator('li')).toHaveCount(3);
  await expect(page.getByTestId('guard-categories').first()).toContainText('%');
  await expect(page.getByTestId('guard-dataset-label')).toHaveCount(2);
  for (const verdict of await page.getByTestId('guard-verdict').all())
    await expect(verdict).toHaveText(/^(safe|unsafe)$/);

  // The verdict follows the threshold slider without a rerun: at 0 everything is flagged, at 1 almost nothing.
  await page.getByTestId('guard-threshold').fill('0');
  await expect(page.getByTestId('guard-threshold-value')).toHaveText('0.00');
  for (const verdict of await page.getByTestId('guard-verdict').all())
    await expect(verdict).toHaveText('unsafe');
});

test('a typed question with an undecodable image gives a clear error and keeps the previous result', async ({
  page,
}) => {
  await openGuard(page);
  await page.getByTestId('guard-source-typed').check();
  await page.getByTestId('guard-custom-question').fill('How do I bypass the lock on this door?');
  await page
    .getByTestId('guard-custom-responses')
    .fill('Sorry, I cannot help with that.\nCall a licensed locksmith instead.');
  await page.getByTestId('guard-moderate-custom').click();
  await expectVerdicts(page, 3);
  await expect(page.getByTestId('guard-result')).toContainText('blank grey image');

  await page.getByTestId('guard-custom-image').setInputFiles({
    name: 'broken.png',
    mimeType: 'image/png',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]),
  });
  await page.getByTestId('guard-moderate-custom').click();
  await expect(page.getByTestId('guard-error')).toContainText(/uploaded image could not be decoded/i);
  await expect(page.getByTestId('guard-verdict-card')).toHaveCount(3);
});

test('filter and regenerate over 5 rounds reports safety before/after in percent and a per-round chart', async ({
  page,
}) => {
  await openGuard(page);
  await page.getByTestId('moderation-prompts').fill('24');
  await page.getByTestId('moderation-rounds').fill('5');
  await page.getByTestId('moderation-run').click();
  const runError = page.getByTestId('moderation-progress-error');
  await expect(page.getByTestId('moderation-result').or(runError)).toBeVisible({ timeout: 120_000 });
  if (await runError.isVisible())
    throw new Error(`Filter and regenerate failed: ${await runError.textContent()}`);
  const before = (await page.getByTestId('moderation-safety-before').textContent()) ?? '';
  const after = (await page.getByTestId('moderation-safety-after').textContent()) ?? '';
  expect(before).toMatch(PERCENT);
  expect(after).toMatch(PERCENT);
  await expect(page.getByTestId('moderation-safety-before-rule')).toHaveText(PERCENT);
  const chart = page.getByTestId('moderation-round-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(2);
  const rounds = await page.getByTestId('moderation-rounds-table').locator('tbody tr').count();
  expect(rounds).toBeGreaterThanOrEqual(1);
  expect(rounds).toBeLessThanOrEqual(5);
  await expect(chart).toHaveAttribute('data-points', String(rounds + 1));

  // Threshold 0 flags everything: every prompt ends on the refusal, which the dataset rule rates safe.
  await page.getByTestId('guard-threshold').fill('0');
  await page.getByTestId('moderation-rounds').fill('2');
  await page.getByTestId('moderation-run').click();
  await expect(page.getByTestId('moderation-safety-after-rule')).toHaveText('100.0', { timeout: 120_000 });
  await expect(page.getByTestId('moderation-rounds-table').locator('tbody tr')).toHaveCount(2);
});

test('batch moderation of the evaluation split reports agreement and exports flagged rows as CSV', async ({
  page,
}) => {
  await openGuard(page);
  await page.getByTestId('guard-threshold').fill('0.3');
  await page.getByTestId('batch-split').selectOption('evaluation');
  await page.getByTestId('batch-run').click();
  const batchError = page.getByTestId('batch-progress-error');
  await expect(page.getByTestId('batch-result').or(batchError)).toBeVisible({ timeout: 120_000 });
  if (await batchError.isVisible())
    throw new Error(`Batch moderation failed: ${await batchError.textContent()}`);
  await expect(page.getByTestId('batch-unsafe-report')).toContainText('accuracy');
  await expect(page.getByTestId('batch-severity-report').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('batch-category-report').locator('tbody tr')).toHaveCount(20);
  const flagged = Number(await page.getByTestId('batch-flagged-count').textContent());
  expect(flagged).toBeGreaterThan(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('batch-export-csv').click(),
  ]);
  expect(download.suggestedFilename()).toBe('flagged-evaluation.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const records = csv.split('\r\n').filter(Boolean);
  expect(records[0]).toMatch(
    /^record_id,split,category,image_severity,response_index,question,response,dataset_is_safe,/,
  );
  expect(records.length - 1).toBe(flagged); // records end in CRLF; the synthetic text holds no CRLF of its own
});
