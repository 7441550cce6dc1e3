import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

// Issue 24 item 1: a mid-run edit is recorded where the engine applied it (its iteration), once, in the run's
// bundle, its automatic name, its live-change tooltip and "Duplicate with changes".

const rows = (page: Page) => page.getByTestId('runs-list').getByTestId('run-row');

test('an edit made at iteration ≥ 20 is recorded once, with that iteration, everywhere', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-train').click();
  const iteration = page.getByTestId('metric-iteration');
  const state = page.getByTestId('train-state');
  await page.getByTestId('train-start').click();
  await expect(state).toHaveAttribute('data-state', 'running', { timeout: 150_000 });
  await expect.poll(async () => Number(await iteration.textContent()), { timeout: 240_000 }).toBeGreaterThanOrEqual(20);
  await page.getByTestId('train-pause').click();
  await expect(state).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  const at = Number(await iteration.textContent());
  expect(at).toBeGreaterThanOrEqual(20);

  // The edit, made while paused at iteration `at`: the engine applies it after `at` completed iterations.
  await page.getByTestId('param-threshold').fill('-1');
  await expect(page.getByTestId('live-applied')).toContainText('Cost limit');
  await page.getByTestId('train-resume').click();
  await expect.poll(async () => Number(await iteration.textContent()), { timeout: 120_000 }).toBeGreaterThanOrEqual(at + 2);
  await page.getByTestId('train-stop').click();
  await expect(state).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });

  await page.getByTestId('nav-runs').click();
  await expect(rows(page)).toHaveCount(1);
  const row = rows(page).first();
  const name = `ppo-lag thr −1.75→−1@${at} #1`;
  await expect(row.getByTestId('run-name')).toHaveText(name);
  await expect(row.getByTestId('run-live-changes')).toHaveText('1 live change');
  await expect(row.getByTestId('run-live-changes')).toHaveAttribute(
    'title',
    `after iteration ${at}: Cost limit (threshold = −d) -1.75 → -1`,
  );

  const download = page.waitForEvent('download');
  await row.getByTestId('export-json').click();
  const recorded = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  expect(recorded.name).toBe(name);
  expect(recorded.config.threshold).toBe(-1.75);
  expect(recorded.configChanges).toEqual([{ afterIteration: at, key: 'threshold', from: -1.75, to: -1 }]);
  // The metric rows carry the new limit from row `at` (0-based) on, as the record says.
  const thresholds = recorded.metrics.map((m: { iteration: number; threshold: number }) => [m.iteration, m.threshold]);
  expect(thresholds.filter(([i]: number[]) => i < at).every(([, t]: number[]) => t === -1.75)).toBe(true);
  expect(thresholds.filter(([i]: number[]) => i >= at).every(([, t]: number[]) => t === -1)).toBe(true);

  await row.getByTestId('run-duplicate-scripted').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('param-threshold')).toHaveValue('-1.75');
  await expect(page.getByTestId('scheduled-changes').getByTestId('scheduled-change')).toHaveText([
    `Cost limit (threshold = −d) -1.75 → -1 after iteration ${at}`,
  ]);
});
