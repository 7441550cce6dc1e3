import { expect, test, type Page } from './fixtures';

// The Train area against the real PPO engine in the worker (default preset, default sizes).
test.describe.configure({ timeout: 240_000 });

const num = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.trim());
const iteration = (page: Page) => num(page, 'metric-iteration');
const points = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-points'));
const lineD = (page: Page, chart: string) =>
  page.locator(`[data-testid="${chart}"] .series-main-0 path.recharts-line-curve`).first().getAttribute('d');

async function openTrain(page: Page) {
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-start')).toBeVisible();
}

/** Collects λ readouts over the next `count` completed iterations. */
async function lambdaTrend(page: Page, count: number): Promise<number[]> {
  const values: number[] = [];
  let seen = await iteration(page);
  values.push(await num(page, 'metric-lambda'));
  while (values.length <= count) {
    await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(seen);
    seen = await iteration(page);
    values.push(await num(page, 'metric-lambda'));
  }
  return values;
}

test('start trains with the default preset: readouts move, charts draw, pause stops the counter', async ({ page }) => {
  await openTrain(page);
  await page.getByTestId('train-preset').selectOption('saferlhf-v');
  const apply = page.getByTestId('train-preset-apply');
  if (await apply.isEnabled()) await apply.click();
  await expect(page.getByTestId('metric-lambda')).toHaveText('—');

  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(0);
  const first = { reward: await num(page, 'metric-reward'), cost: await num(page, 'metric-cost'), it: await iteration(page) };
  expect(Number.isFinite(first.reward)).toBe(true);
  expect(Number.isFinite(first.cost)).toBe(true);
  // λ starts at λ₀ = 10 and is held for one iteration (delay 1); then it must move.
  await expect.poll(() => num(page, 'metric-lambda'), { timeout: 60_000 }).not.toBe(10);
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(first.it + 1);
  const later = { reward: await num(page, 'metric-reward'), cost: await num(page, 'metric-cost') };
  expect(later.reward !== first.reward || later.cost !== first.cost).toBe(true);
  expect(Number.isFinite(await num(page, 'metric-kl'))).toBe(true);
  for (const chart of ['chart-lambda', 'chart-reward', 'chart-cost']) {
    await expect.poll(() => points(page, chart)).toBeGreaterThan(1);
    await expect(page.locator(`[data-testid="${chart}"] .series-main-0 path.recharts-line-curve`)).toHaveCount(1);
  }

  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  const paused = await iteration(page);
  await page.waitForTimeout(2000);
  expect(await iteration(page)).toBe(paused);
  // Resume continues from the same iteration.
  await page.getByTestId('train-resume').click();
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(paused);
  // Space toggles run/pause when focus is not in a control.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  await page.keyboard.press('Space');
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
});

test('a live threshold edit moves the reference line and turns λ around', async ({ page }) => {
  await openTrain(page);
  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(1);
  const before = await lambdaTrend(page, 2);
  const rising = before[before.length - 1] >= before[0];
  const thresholdLine = page.locator('[data-testid="chart-cost"] .ref-threshold line');
  const y0 = await thresholdLine.getAttribute('y1');

  // Rising (or held at λ_max): a limit far above any cost makes J_C − threshold < 0, so λ must fall.
  // Falling: a limit far below any cost makes it positive, so λ must rise.
  await page.getByTestId('param-threshold').fill(rising ? '20' : '-20');
  await expect(page.getByTestId('live-applied')).toContainText('Cost limit');
  await expect.poll(() => thresholdLine.getAttribute('y1')).not.toBe(y0);
  const reference = before[before.length - 1];
  await expect
    .poll(async () => {
      const lambda = await num(page, 'metric-lambda');
      return rising ? lambda < reference * 0.9 : lambda > reference * 1.1;
    }, { timeout: 90_000 })
    .toBe(true);
  await page.getByTestId('train-stop').click();
});

test('step by phase advances the highlighted phase', async ({ page }) => {
  await openTrain(page);
  const phases = ['rollout', 'score', 'advantages', 'lambda', 'update'];
  for (const phase of phases) await expect(page.getByTestId(`phase-${phase}`)).not.toHaveAttribute('aria-current', 'step');
  await page.getByTestId('train-step-phase').click();
  await expect(page.getByTestId('phase-rollout')).toHaveAttribute('aria-current', 'step', { timeout: 90_000 });
  await page.getByTestId('train-step-phase').click();
  await expect(page.getByTestId('phase-score')).toHaveAttribute('aria-current', 'step', { timeout: 30_000 });
  await expect(page.getByTestId('phase-rollout')).not.toHaveAttribute('aria-current', 'step');
  for (const phase of phases.slice(2)) {
    await page.getByTestId('train-step-phase').click();
    await expect(page.getByTestId(`phase-${phase}`)).toHaveAttribute('aria-current', 'step', { timeout: 30_000 });
  }
  // Five phases make one iteration.
  await expect.poll(() => iteration(page), { timeout: 30_000 }).toBe(1);
  // The evaluation at iteration 0 filled the generations panel: policy vs SFT, with per-token detail on demand.
  const cards = page.getByTestId('generations').locator('li');
  await expect.poll(() => cards.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await cards.first().getByRole('button', { name: 'Token detail' }).click();
  await expect(page.getByTestId('heat-strip').locator('.heat-token').first()).toBeVisible();
  await page.getByTestId('train-step').click();
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBe(2);
});

test('smoothing and a log axis change the drawn path', async ({ page }) => {
  await openTrain(page);
  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 90_000 }).toBeGreaterThan(5);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });

  // Off-screen charts redraw only when scrolled near the viewport: bring each one in and let it catch up first.
  const rows = await iteration(page);
  await page.getByTestId('chart-reward').scrollIntoViewIfNeeded();
  await expect.poll(() => points(page, 'chart-reward')).toBe(rows);
  const raw = await lineD(page, 'chart-reward');
  await page.getByTestId('chart-reward-smoothing').fill('0.9');
  await expect.poll(() => lineD(page, 'chart-reward')).not.toBe(raw);
  // The raw series stays visible, faintly, behind the smoothed one.
  await expect(page.locator('[data-testid="chart-reward"] .series-raw-0 path.recharts-line-curve')).toHaveCount(1);

  // Drag across the plot to zoom into an x range; "Reset zoom" restores it.
  const plot = page.locator('[data-testid="chart-reward"] .recharts-surface').first();
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => points(page, 'chart-reward')).toBeLessThan(rows);
  await page.getByTestId('chart-reward-reset-zoom').click();
  await expect.poll(() => points(page, 'chart-reward')).toBe(rows);

  await page.getByTestId('chart-length').scrollIntoViewIfNeeded();
  await expect.poll(() => points(page, 'chart-length')).toBe(rows);
  const linear = await lineD(page, 'chart-length');
  await page.getByTestId('chart-length-scale').selectOption('log');
  await expect(page.getByTestId('chart-length')).toHaveAttribute('data-scale', 'log');
  await expect.poll(() => lineD(page, 'chart-length')).not.toBe(linear);
});
