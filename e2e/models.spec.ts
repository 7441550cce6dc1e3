import { expect, test } from './fixtures';

const CELLS = ['rm-eval-accuracy', 'cm-eval-accuracy', 'cm-sign-accuracy', 'guard-eval-accuracy'];
const PERCENT = /^\d{1,3}\.\d$/;

test('the shipped weights fill the four held-out accuracy cells; Load pretrained keeps them', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-models').click();
  for (const cell of CELLS) await expect(page.getByTestId(cell)).toHaveText(PERCENT, { timeout: 60_000 });
  await page.getByTestId('load-pretrained').click();
  await expect(page.getByTestId('models-message')).toContainText('Loaded the pretrained models');
  for (const cell of CELLS) await expect(page.getByTestId(cell)).toHaveText(PERCENT);
  // The shipped models were trained to the project's targets on the bundled sample.
  expect(Number(await page.getByTestId('rm-eval-accuracy').textContent())).toBeGreaterThanOrEqual(80);
  expect(Number(await page.getByTestId('cm-sign-accuracy').textContent())).toBeGreaterThanOrEqual(85);
  await expect(page.getByTestId('model-source-reward')).toContainText('pretrained');
  await expect(page.getByTestId('paper-numbers')).toContainText('paper-reported, 7B VLMs');
});

test('training the reward model from the UI draws a loss curve and ends with a held-out accuracy', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('rm-eval-accuracy')).toHaveText(PERCENT, { timeout: 60_000 });
  // Two epochs keep the test short.
  await page.getByTestId('param-scoreEpochs').fill('2');
  await page.getByTestId('param-scoreEpochs').blur();
  await page.getByTestId('train-reward').click();
  await expect(page.getByTestId('progress-reward')).toBeVisible();
  // Pause as soon as training runs (a fast machine finishes two epochs in seconds); resume continues.
  await page.getByTestId('pause-reward').click();
  await expect(page.getByTestId('resume-reward')).toBeVisible();
  await page.getByTestId('resume-reward').click();
  await expect(page.getByTestId('train-reward')).toBeVisible({ timeout: 180_000 });
  const chart = page.getByTestId('reward-loss-chart');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(5);
  await expect(chart.locator('path.series-main').first()).toBeVisible();
  await expect(page.getByTestId('model-source-reward')).toContainText('trained');
  await expect(page.getByTestId('rm-eval-accuracy')).toHaveText(PERCENT);
  await expect(page.getByTestId('reward-accuracy-chart')).toHaveAttribute('data-points', /[1-9]/);
});
