import { expect, test } from './fixtures';

// Issue 24 items 8–11: the run bar, the chart axes, the align-anything export and the Guard's sample picker.
test.describe.configure({ timeout: 360_000 });

test('the run bar announces state changes only, counts iterations once and says what tokens/s counts', async ({ page }) => {
  await page.goto('/?backend=wasm#v=3&tab=train&it=5');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  // Every text change inside a live region of the run bar, from here on.
  await page.evaluate(() => {
    const log: string[] = [];
    (window as unknown as { __announced: string[] }).__announced = log;
    const bar = document.querySelector('[data-testid="run-bar"]')!;
    new MutationObserver(() => {
      for (const region of bar.querySelectorAll('[aria-live]')) {
        const text = region.textContent ?? '';
        if (log[log.length - 1] !== text) log.push(text);
      }
    }).observe(bar, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('train-start').click();
  const iteration = page.getByTestId('metric-iteration');
  await expect.poll(async () => Number(await iteration.textContent()), { timeout: 240_000 }).toBeGreaterThanOrEqual(2);
  // One iteration counter: the readout; the activity line and the status line do not count too.
  await expect(page.getByTestId('train-activity')).not.toContainText(/\d/);
  await expect(page.getByTestId('run-bar').locator('.run-status')).not.toContainText(/iteration \d/);
  await expect(page.getByTestId('train-speed')).toContainText('rollout tokens/s');
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'finished', { timeout: 240_000 });
  const announced = await page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
  // States only (e.g. "loading models…", "running", "finished"), never an iteration count.
  expect(announced.length).toBeLessThanOrEqual(6);
  for (const text of announced) expect(text).not.toMatch(/\d/);

  // Whole-iteration x ticks only (5 iterations used to give 0, 0.5, 1 …).
  const ticks = await page.getByTestId('chart-lambda').locator('.plot-axis-x text:not(.plot-axis-title)').allTextContents();
  expect(ticks.length).toBeGreaterThan(1);
  for (const tick of ticks) expect(tick).toMatch(/^\d+$/);
  // "↑ λ_max" sits in its own band above the plot, never on the curve.
  const marker = page.getByTestId('chart-lambda').locator('.off-axis-marker');
  await expect(marker).toHaveText('↑ λ_max 20 (above the axis)');
  const markerBox = (await marker.boundingBox())!;
  const plotTop = await page.getByTestId('chart-lambda').locator('svg > rect').first().getAttribute('y');
  const svgTop = (await page.getByTestId('chart-lambda').locator('svg').boundingBox())!.y;
  expect(markerBox.y + markerBox.height).toBeLessThanOrEqual(svgTop + Number(plotTop) + 1);

  // Item 8: the export takes the ticked run and says, where you export, that pid does not exist upstream.
  await page.getByTestId('nav-runs').click();
  const row = page.getByTestId('runs-list').getByTestId('run-row').first();
  await row.getByTestId('run-select').check();
  await page.getByRole('heading', { name: 'Scale out: align-anything export' }).click();
  await expect(page.getByTestId('scale-out-source')).toContainText(`run “${await row.getByTestId('run-name').textContent()}”`);
  await expect(page.getByTestId('scale-out-rule-warning')).toContainText('The pid λ rule does not exist upstream');
  await expect(page.getByTestId('scale-out-rule-warning')).toContainText('from λ₀ = 0.2');
  await expect(page.getByTestId('scale-out-yaml')).toContainText('threshold: -0.5');
});

test('Guard: the sample shown selected is the one Moderate sample moderates, enabled from the start', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-guard').click();
  const select = page.getByTestId('guard-sample-select');
  await expect(select.locator('option').first()).toBeAttached({ timeout: 60_000 });
  const first = await select.locator('option').first().getAttribute('value');
  await expect(select).toHaveValue(first!);
  await expect(page.getByTestId('guard-moderate')).toBeEnabled();
  // A search that hides it selects the first match instead, still enabled.
  await page.getByTestId('guard-sample-search').fill('a');
  await expect(page.getByTestId('guard-moderate')).toBeEnabled();
  const shown = await select.inputValue();
  expect(shown).toBe(await select.locator('option').first().getAttribute('value'));
});
