import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';

/** A run bundle like the headless runner writes (no name/tags/generations), with `n` iterations (rows 0 … n − 1). */
function bundle(n: number, threshold: number, extra: Record<string, unknown> = {}) {
  const metrics = Array.from({ length: n }, (_, i) => ({
    iteration: i,
    lambda: 10 * Math.exp(-0.05 * i * (threshold + 1)),
    episodeCost: 0.5 - i * 0.02,
    rewardMean: 0.1 * i,
    costMean: 0.4 - 0.01 * i,
    kl: 0.001 * i,
    costCriticLoss: null,
  }));
  return {
    schema: 'srlhfv-run',
    version: 1,
    config: { threshold, lambdaLr: 0.1 + threshold / 100 },
    metrics,
    evaluations: [
      { iteration: 0, helpfulnessChange: 0, safetyChange: 0 },
      { iteration: n, helpfulnessChange: 0.12, safetyChange: 0.3 },
    ],
    backend: 'wasm',
    versions: { app: '0.1.0', tfjs: '4.22.0' },
    startedAt: '2026-01-02T10:00:00.000Z',
    endedAt: '2026-01-02T10:10:00.000Z',
    ...extra,
  };
}

const file = (name: string, content: unknown) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
});

async function openRuns(page: Page) {
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-list')).toBeVisible();
}

const rows = (page: Page) => page.getByTestId('runs-list').getByTestId('run-row');
const rowNamed = (page: Page, name: string) =>
  rows(page).filter({ has: page.getByTestId('run-name').getByText(name, { exact: true }) });

test('import bundles, compare them, export CSV and JSON, re-import, and keep them over a reload', async ({
  page,
}) => {
  await page.goto('/');
  await openRuns(page);
  await expect(rows(page)).toHaveCount(0);

  await page
    .getByTestId('import-bundle-input')
    .setInputFiles([
      file('thr-minus.json', bundle(30, -0.5, { name: 'strict limit', tags: ['sweep'] })),
      file('thr-plus.json', bundle(20, 0.5)),
      file('broken.json', '{"schema":"srlhfv-run","version":1,"config":{},"metr'),
      file('future.json', bundle(3, 0, { version: 2 })),
    ]);
  await expect(rows(page)).toHaveCount(2);
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('broken.json: not valid JSON');
  await expect(errors).toContainText(
    'future.json: bundle version 2 is not supported (this app reads version 1).',
  );
  await expect(page.getByTestId('runs-list')).toContainText('strict limit');
  await expect(page.getByTestId('runs-list')).toContainText('thr-plus'); // a runner bundle is named after its file
  // "Iter." counts completed iterations: rows 0 … 29 are 30 iterations, not 29.
  await expect(rowNamed(page, 'strict limit').getByTestId('run-iterations')).toHaveText('30');
  await expect(rowNamed(page, 'thr-plus').getByTestId('run-iterations')).toHaveText('20');

  // Overlay both on the compare chart: one line per run.
  for (const row of await rows(page).all()) await row.getByTestId('run-select').check();
  const chart = page.getByTestId('compare-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('path.series-main')).toHaveCount(2);
  await expect(chart).toHaveAttribute('data-points', '30');
  // λ > 0 throughout: a log axis by default. The shorter run's legend shows its own last value and where it ended.
  await expect(chart).toHaveAttribute('data-scale', 'log');
  const legend = chart.getByTestId('legend-value');
  await expect(legend).toHaveCount(2);
  // Its rows are iterations 0 … 19: the legend names the last one on the chart's x axis.
  await expect(legend.filter({ hasText: /^\d[\d.]* \(at iteration 19\)$/ })).toHaveCount(1);
  await expect(legend.filter({ hasText: 'at iteration' })).toHaveCount(1);
  await expect(chart.locator('.plot-axis-title')).toHaveText('iteration');
  await expect(page.getByTestId('compare-diff')).toContainText('Cost limit');
  await page.getByTestId('compare-metric').selectOption('episodeCost');
  // Each metric gets its own scale: J_C is negative-capable, so it starts linear rather than keeping λ's log.
  await expect(chart).toHaveAttribute('data-scale', 'linear');
  await expect(chart.locator('.ref-threshold')).toHaveCount(2); // the two runs' different cost limits
  // Each limit is a step line from the run's history (the imported bundles' start config, no changes).
  const limits = chart.getByTestId('threshold-history');
  const values = await limits.evaluateAll((lines) => lines.map((line) => line.getAttribute('data-values')).sort());
  expect(values).toEqual(['0:-0.5 29:-0.5', '0:0.5 19:0.5']); // rows are iterations 0 … n−1
  await expect(page.getByTestId('runs-scatter')).toHaveAttribute('data-points', '2');

  // CSV of one run: every column, one row per iteration (plus the iteration-0 evaluation).
  const strict = rowNamed(page, 'strict limit');
  const csvDownload = page.waitForEvent('download');
  await strict.getByTestId('export-csv').click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'iteration,lambda,episodeCost,rewardMean,costMean,kl,costCriticLoss,eval_helpfulnessChange,eval_safetyChange',
  );
  expect(lines).toHaveLength(1 + 31);
  expect(lines[1]).toBe('0,10,0.5,0,0.4,0,,0,0');

  // JSON bundle round trip.
  const jsonDownload = page.waitForEvent('download');
  await strict.getByTestId('export-json').click();
  const download = await jsonDownload;
  expect(download.suggestedFilename()).toBe('strict_limit.json');
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(exported).toMatchObject({ schema: 'srlhfv-run', version: 1, name: 'strict limit', tags: ['sweep'] });
  expect(exported.metrics).toHaveLength(30);
  await page
    .getByTestId('import-bundle-input')
    .setInputFiles([file('again.json', { ...exported, name: 'strict limit (copy)' })]);
  await expect(rows(page)).toHaveCount(3);

  await page.reload();
  await openRuns(page);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('runs-list')).toContainText('strict limit (copy)');
});

test('inherited object names as config keys neither crash nor stall an import; formula-like columns export inert', async ({
  page,
}) => {
  await page.goto('/');
  await openRuns(page);
  const odd = bundle(3, 0, { name: 'odd keys' });
  odd.config = { threshold: 0, constructor: 1, toString: 'x', hasOwnProperty: true } as never;
  (odd.metrics[0] as Record<string, unknown>)['=HYPERLINK("http://evil")'] = -0.5;
  await page
    .getByTestId('import-bundle-input')
    .setInputFiles([file('odd.json', odd), file('after.json', bundle(2, 0.5, { name: 'after it' }))]);
  await expect(rows(page)).toHaveCount(2);
  const result = page.getByTestId('import-result');
  for (const key of ['constructor', 'toString', 'hasOwnProperty'])
    await expect(result).toContainText(`odd.json: config.${key}: unknown setting "${key}" (ignored).`);
  await expect(page.getByText('Import run bundles (.json)')).toBeVisible(); // not stuck on "Importing…"

  const csvDownload = page.waitForEvent('download');
  await rowNamed(page, 'odd keys').getByTestId('export-csv').click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
  const [header, ...lines] = csv.split('\r\n');
  expect(header).toContain(`,"'=HYPERLINK(""http://evil"")"`);
  expect(lines.some((line) => line.split(',').includes('-0.5'))).toBe(true); // a negative number stays a number
});

test('rename, tag, filter, delete with undo, and duplicate as a new config', async ({ page }) => {
  await page.goto('/');
  await openRuns(page);
  await page
    .getByTestId('import-bundle-input')
    .setInputFiles([file('a.json', bundle(5, -0.5)), file('b.json', bundle(5, 1.25))]);
  await expect(rows(page)).toHaveCount(2);

  await rowNamed(page, 'a').getByTestId('run-edit').click();
  await page.getByTestId('run-name-input').fill('baseline');
  await page.getByTestId('run-tags-input').fill('class, demo');
  await page.getByTestId('run-notes-input').fill('the first try');
  await page.getByTestId('run-save').click();
  await expect(page.getByTestId('runs-list')).toContainText('baseline');
  await page.getByTestId('runs-filter').fill('demo');
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId('runs-filter').fill('');

  await rowNamed(page, 'b').getByTestId('run-delete').click();
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId('undo-delete').click();
  await expect(rows(page)).toHaveCount(2);
  await page.reload();
  await openRuns(page);
  await expect(rows(page)).toHaveCount(2); // the undo put it back in storage too
  await expect(page.getByTestId('runs-list')).toContainText('the first try');

  await rowNamed(page, 'b').getByTestId('run-duplicate').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('param-threshold')).toHaveValue('1.25');
});

test('a run whose cost limit changed mid-run: step lines in the comparison, end limit in the scatter, honest duplicate', async ({
  page,
}) => {
  await page.goto('/');
  await openRuns(page);
  const changed = bundle(10, -0.5, {
    name: 'limit raised',
    configChanges: [{ afterIteration: 5, key: 'threshold', from: -0.5, to: 0.25 }],
  });
  await page.getByTestId('import-bundle-input').setInputFiles([file('changed.json', changed), file('steady.json', bundle(10, -0.5))]);
  await expect(rows(page)).toHaveCount(2);
  for (const row of await rows(page).all()) await row.getByTestId('run-select').check();
  await page.getByTestId('compare-metric').selectOption('episodeCost');
  const chart = page.getByTestId('compare-chart');
  // The bundle has no per-row limit column: the history is rebuilt from its start config and recorded change.
  const values = await chart
    .getByTestId('threshold-history')
    .evaluateAll((lines) => lines.map((line) => line.getAttribute('data-values')).sort());
  expect(values).toEqual(['0:-0.5 5:0.25 9:0.25', '0:-0.5 9:-0.5']);
  await expect(page.getByTestId('compare-limits-note')).toContainText('changed mid-run in “limit raised”');
  // The scatter uses the limit in force at each run's end, and says so.
  await expect(page.getByTestId('runs-scatter')).toContainText('limit changed mid-run in “limit raised” (-0.5 → 0.25)');

  await rowNamed(page, 'limit raised').getByTestId('run-duplicate').click();
  await expect(page.getByTestId('param-threshold')).toHaveValue('-0.5');
  await expect(page.locator('.notices')).toContainText('live changes are not replayed');
  await expect(page.locator('.notices')).toContainText('after iteration 5: Cost limit');
  await expect(page.locator('.notices')).toContainText('-0.5 → 0.25');
});

test('two short training runs from the Train area are recorded, survive a reload and overlay', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-train').click();
  const iteration = page.getByTestId('metric-iteration');
  const state = page.getByTestId('train-state');

  const stoppedAt: string[] = [];
  const runOnce = async (threshold: string, whileRunning?: () => Promise<void>) => {
    await page.getByTestId('param-threshold').fill(threshold);
    // Once the engine exists, a live edit reaches it asynchronously: wait until it is applied before starting.
    if (threshold !== '-1.75') await expect(page.getByTestId('live-applied')).toContainText('Cost limit');
    await page.getByTestId('train-start').click();
    await expect(state).toHaveAttribute('data-state', 'running', { timeout: 150_000 });
    await expect
      .poll(async () => Number(await iteration.textContent()), { timeout: 150_000 })
      .toBeGreaterThanOrEqual(2);
    await whileRunning?.();
    await page.getByTestId('train-stop').click();
    await expect(state).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
    stoppedAt.push((await iteration.textContent())!.trim());
  };
  await runOnce('-1.75');
  await runOnce('0.5', async () => {
    // A live edit mid-run is recorded with the run (the config keeps the start values).
    const before = Number(await iteration.textContent());
    await page.getByTestId('param-lambdaLr').fill('0.2');
    await expect(page.getByTestId('live-applied')).toContainText('λ learning rate');
    await expect
      .poll(async () => Number(await iteration.textContent()), { timeout: 60_000 })
      .toBeGreaterThan(before + 1);
  });

  await page.getByTestId('nav-runs').click();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('runs-list')).toContainText('ppo-lag thr −1.75 #1');
  await expect(page.getByTestId('runs-list')).toContainText('ppo-lag thr 0.5 #2');
  // "Iter." is the number of completed iterations, the same count the Train area showed when the run stopped.
  await expect(rowNamed(page, 'ppo-lag thr −1.75 #1').getByTestId('run-iterations')).toHaveText(stoppedAt[0]);
  await expect(rowNamed(page, 'ppo-lag thr 0.5 #2').getByTestId('run-iterations')).toHaveText(stoppedAt[1]);

  await expect(rowNamed(page, 'ppo-lag thr 0.5 #2').getByTestId('run-live-changes')).toHaveText(
    '1 live change',
  );

  await page.reload();
  await openRuns(page);
  await expect(rows(page)).toHaveCount(2);
  for (const row of await rows(page).all()) await row.getByTestId('run-select').check();
  const chart = page.getByTestId('compare-chart');
  await expect(chart.locator('path.series-main')).toHaveCount(2);
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);

  // The recorded bundle: config, every metric column at full resolution, backend and versions.
  const download = page.waitForEvent('download');
  await rowNamed(page, 'ppo-lag thr 0.5 #2').getByTestId('export-json').click();
  const recorded = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  expect(recorded).toMatchObject({
    schema: 'srlhfv-run',
    version: 1,
    status: 'stopped',
    versions: { tfjs: '4.22.0' },
  });
  expect(recorded.config.threshold).toBe(0.5);
  expect(recorded.config.lambdaLr).toBe(0.1);
  expect(recorded.configChanges).toEqual([
    { afterIteration: expect.any(Number), key: 'lambdaLr', from: 0.1, to: 0.2 },
  ]);
  expect(recorded.backend).toMatch(/^(webgpu|webgl|wasm|cpu)$/);
  expect(recorded.metrics.length).toBeGreaterThanOrEqual(2);
  expect(Object.keys(recorded.metrics[0])).toEqual(
    expect.arrayContaining(['iteration', 'lambda', 'episodeCost', 'rewardMean']),
  );
  expect(recorded.evaluations.length).toBeGreaterThanOrEqual(1);
});

test('Duplicate with changes replays a run’s mid-run cost-limit edit at the same iteration', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await openRuns(page);
  // A 6-iteration run whose limit was raised after iteration 3 (rows 0–2 at −0.5, rows 3–5 at 0.25).
  const source = bundle(6, -0.5, {
    name: 'raised at 3',
    config: { threshold: -0.5, iterations: 6 },
    configChanges: [{ afterIteration: 3, key: 'threshold', from: -0.5, to: 0.25 }],
  });
  await page.getByTestId('import-bundle-input').setInputFiles([file('raised.json', source), file('plain.json', bundle(6, -0.5))]);
  await expect(rows(page)).toHaveCount(2);
  // Offered only for a run with live changes.
  await expect(rowNamed(page, 'plain').getByTestId('run-duplicate-scripted')).toHaveCount(0);
  await rowNamed(page, 'raised at 3').getByTestId('run-duplicate-scripted').click();

  // Train shows the start settings and the change as pending, with a way to clear it.
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('param-threshold')).toHaveValue('-0.5');
  const scheduled = page.getByTestId('scheduled-changes');
  await expect(scheduled.getByTestId('scheduled-change')).toHaveText(['Cost limit (threshold = −d) -0.5 → 0.25 after iteration 3']);
  await expect(scheduled.getByTestId('scheduled-clear')).toBeEnabled();

  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  // The engine recorded the new limit from row 3 on, as in the original; the schedule is used up.
  await expect(page.getByTestId('threshold-history')).toHaveAttribute('data-values', '0:-0.5 3:0.25 5:0.25');
  await expect(scheduled).toHaveCount(0);
  await expect(page.getByTestId('param-threshold')).toHaveValue('0.25');

  // The new run records the same change at the same iteration.
  await openRuns(page);
  const recorded = rows(page).filter({ hasNot: page.locator('.tag', { hasText: 'imported' }) });
  await expect(recorded).toHaveCount(1);
  await expect(recorded.getByTestId('run-live-changes')).toHaveAttribute(
    'title',
    'after iteration 3: Cost limit (threshold = −d) -0.5 → 0.25',
  );
});

test('scripted changes can be cleared, and a plain Duplicate clears them', async ({ page }) => {
  await page.goto('/');
  await openRuns(page);
  const source = bundle(6, -0.5, {
    name: 'raised at 3',
    configChanges: [{ afterIteration: 3, key: 'threshold', from: -0.5, to: 0.25 }],
  });
  await page.getByTestId('import-bundle-input').setInputFiles([file('raised.json', source)]);
  await rowNamed(page, 'raised at 3').getByTestId('run-duplicate-scripted').click();
  await expect(page.getByTestId('scheduled-change')).toHaveCount(1);
  // The pending panel passes axe (labelled region, contrast of its pending colours).
  const axe = await new AxeBuilder({ page }).include('[data-testid="scheduled-changes"]').analyze();
  expect(axe.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
  await page.getByTestId('scheduled-clear').click();
  await expect(page.getByTestId('scheduled-changes')).toHaveCount(0);

  await openRuns(page);
  await rowNamed(page, 'raised at 3').getByTestId('run-duplicate-scripted').click();
  await expect(page.getByTestId('scheduled-change')).toHaveCount(1);
  await openRuns(page);
  await rowNamed(page, 'raised at 3').getByTestId('run-duplicate').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('scheduled-changes')).toHaveCount(0);
});
