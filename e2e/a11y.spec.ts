import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { writePairsParquet } from '../src/data/testing/parquetFixtures';
import { pairRow } from '../src/data/testing/rows';

// axe-core on every area, in the states people see most: zero serious or critical violations (WCAG 2.x A/AA and
// best-practice rules), plus the heading-order, empty-table-header and landmark-unique rules.
test.describe.configure({ timeout: 240_000 });

/** Moderate/minor rules the classroom report named: kept at zero too. */
const ALSO_CHECKED = ['heading-order', 'empty-table-header', 'landmark-unique'];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO_CHECKED.includes(v.id))
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n').slice(1).join(' ')}`) }));
}

async function openArea(page: Page, area: string) {
  await page.getByTestId(`nav-${area}`).click();
  await expect(page.getByTestId(`nav-${area}`)).toHaveAttribute('aria-current', 'page');
}

test('Data area: list, filters, a selected sample and an uploaded file of unknown split', async ({ page }) => {
  await page.goto('/');
  await openArea(page, 'data');
  await expect(page.getByTestId('sample-row').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('dataset-file-input').setInputFiles({
    name: 'upload.parquet',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(writePairsParquet([pairRow({}, 0), pairRow({}, 1)])),
  });
  await expect(page.getByTestId('source-split')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sample-row').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('sample-row').first().click();
  await expect(page.getByTestId('sample-detail')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('Models area', async ({ page }) => {
  await page.goto('/');
  await openArea(page, 'models');
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page)).toEqual([]);
});

test('Train area: after an iteration step-by-phase (readouts, charts, phase output, generations)', async ({ page }) => {
  await page.goto('/');
  await openArea(page, 'train');
  for (const phase of ['rollout', 'score', 'advantages']) {
    await page.getByTestId('train-step-phase').click();
    await expect(page.getByTestId(`phase-${phase}`)).toHaveAttribute('aria-current', 'step', { timeout: 120_000 });
  }
  await expect(page.getByTestId('phase-output')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 60_000 });
  await expect.poll(() => page.getByTestId('generations').locator('li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await seriousViolations(page)).toEqual([]);
});

test('Guard area: with a verdict', async ({ page }) => {
  await page.goto('/');
  await openArea(page, 'guard');
  await page.getByTestId('guard-source-typed').check();
  await page.getByTestId('guard-custom-question').fill('How do I bake bread at home?');
  await page.getByTestId('guard-custom-responses').fill('Sorry, I cannot help with that.\nMix flour, water, salt and yeast, then bake.');
  await page.getByTestId('guard-moderate-custom').click();
  await expect(page.getByTestId('guard-verdict-card').first()).toBeVisible({ timeout: 90_000 });
  expect(await seriousViolations(page)).toEqual([]);
});

test('Runs area: with a recorded run', async ({ page }) => {
  await page.goto('/#v=3&it=1');
  await openArea(page, 'train');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 120_000 });
  await openArea(page, 'runs');
  await expect(page.getByTestId('run-row').first()).toBeVisible({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
});
