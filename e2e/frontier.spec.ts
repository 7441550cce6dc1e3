import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

// The true frontier in the app (issue 21) and seed groups on it (issue 20): "Run the frontier" queues the fixed-λ
// baseline at the runner's grid in the trainer worker, saves each run and draws the reachable curve; the summary CSV
// has the runner's violation columns; a seed group's point carries min–max error bars.
test.describe.configure({ timeout: 420_000 });

const rows = (page: Page) => page.getByTestId('runs-list').getByTestId('run-row');

test('the frontier button runs a short grid, saves the runs and draws the curve; the summary CSV has the violation columns', async ({ page }) => {
  // Two iterations per run and a small prompt batch keep the six runs short.
  await page.goto('/#v=4&it=2&pb=8');
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('frontier-plan')).toHaveText(
    '6 fixed-λ runs (reward shaping at λ = 0, 0.25, 0.5, 1, 2, 4), 2 iterations each, seed 42, on the loaded data with the other settings as edited in Train.',
  );
  await page.getByTestId('run-frontier').click();
  await expect(page.getByTestId('frontier-status')).toContainText('Running the frontier: run');
  await expect(page.getByTestId('frontier-progress')).toBeVisible();
  await expect(page.getByTestId('frontier-status')).toHaveText('The frontier is done: 6 fixed-λ runs saved in the run list.', { timeout: 360_000 });
  await expect(rows(page)).toHaveCount(6);
  // Each run is its own: two iterations each, none with a row of the run before it.
  for (const row of await rows(page).all()) await expect(row.getByTestId('run-iterations')).toHaveText('2');
  await expect(page.getByTestId('frontier-line')).toHaveCount(1);
  await expect(page.getByTestId('threshold-sweep-table')).toContainText('fixed λ 4');

  // The summary CSV of one run: the runner's summary.csv names, the violation columns among them.
  await rows(page).first().getByTestId('run-select').check();
  // Its own rows, all of them: iterations 0 and 1 at its own λ (none of the run before it).
  const perIteration = page.waitForEvent('download');
  await page.getByTestId('export-selected-csv').click();
  const iterations = readFileSync((await (await perIteration).path())!, 'utf8').trimEnd().split('\r\n');
  const at = iterations[0].split(',');
  const metricRows = iterations.slice(1).map((line) => line.split(',')).filter((cells) => cells[at.indexOf('lambda')] !== '');
  expect(metricRows.map((cells) => [cells[at.indexOf('iteration')], cells[at.indexOf('lambda')]])).toEqual([['0', '4'], ['1', '4']]);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-selected-summary-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  const [header, row] = csv.trimEnd().split('\r\n');
  for (const column of ['maxOvershoot', 'timeAboveLimit', 'cumulativeViolation', 'feasibility', 'last50_episodeCost', 'eval_safeRateCost']) {
    expect(header.split(',')).toContain(column);
  }
  const cells = Object.fromEntries(header.split(',').map((name, i) => [name, row.split(',')[i]]));
  expect(cells.algorithm).toBe('reward-shaping');
  expect(cells.iterations).toBe('2');
  expect(Number(cells.timeAboveLimit)).toBeGreaterThanOrEqual(0);
});

test('"Stop the frontier" stops the run in progress and the runs after it; the stopped run is saved as stopped', async ({ page }) => {
  // Runs long enough to stop the first one part-way.
  await page.goto('/#v=4&it=400&pb=8');
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('run-frontier').click();
  await expect(page.getByTestId('frontier-status')).toContainText('Running the frontier: run 1 of 6 (λ = 0)');
  await page.getByTestId('nav-train').click();
  await expect.poll(async () => Number(await page.getByTestId('metric-iteration').textContent()), { timeout: 300_000 }).toBeGreaterThan(5);
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('cancel-frontier').click();
  await expect(page.getByTestId('frontier-status')).toHaveText('Frontier stopped: 0 of 6 runs finished (the stopped one is saved as stopped).', { timeout: 60_000 });
  await expect(page.getByTestId('frontier-runner')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('cancel-frontier')).toHaveCount(0);
  await expect(page.getByTestId('run-frontier')).toBeEnabled();
  // The stopped run is in the list as stopped; no later run of the grid started.
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-status', 'stopped');
  // Train is back on the settings as edited (run length 400, not the grid's), ready for the person's own run.
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('train-run-length')).toHaveText('run length 400 iterations');
});

/** A runner-style seed-group bundle: each metric with its mean, _sd, _min, _max and per-seed columns. */
function groupBundle(threshold: number, costs: [number, number], rewards: [number, number]) {
  const column = (name: string, values: [number, number]) => {
    const mean = (values[0] + values[1]) / 2;
    return {
      [name]: mean,
      [`${name}_sd`]: Math.abs(values[0] - values[1]) / Math.SQRT2,
      [`${name}_min`]: Math.min(...values),
      [`${name}_max`]: Math.max(...values),
      [`${name}_seed7`]: values[0],
      [`${name}_seed8`]: values[1],
    };
  };
  const metrics = [0, 1, 2].map((iteration) => ({
    iteration,
    ...column('episodeCost', costs),
    ...column('rewardMean', rewards),
    ...column('lambda', [1, 1.2]),
  }));
  return {
    schema: 'srlhfv-run',
    version: 1,
    name: `group at ${threshold}`,
    config: { threshold, seed: 7, seeds: 2, lambdaRule: 'pid' },
    metrics,
    backend: 'wasm',
    startedAt: '2026-01-02T10:00:00.000Z',
  };
}

test('a seed group’s point on the frontier view is its mean with min–max error bars', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('import-bundle-input').setInputFiles(
    [groupBundle(-1, [-1.2, -0.8], [0.5, 0.9]), groupBundle(0, [-0.2, 0.2], [1.1, 1.5])].map((content, i) => ({
      name: `group-${i}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(content)),
    })),
  );
  await expect(rows(page)).toHaveCount(2);
  const sweep = page.getByTestId('threshold-sweep-plot');
  await expect(sweep.getByTestId('point-spread')).toHaveCount(2);
  await expect(sweep).toContainText('error bars from its lowest to its highest seed (min–max, last iteration)');
  // Mean ± sd (min … max) in the table: J_C of the group at −1 is −1 ± 0.28 (−1.2 … −0.8), sd = 0.4 / √2.
  await expect(page.getByTestId('threshold-sweep-table')).toContainText(/-1 ± 0\.28\d* \(-1\.2 … -0\.8\)/);
});
