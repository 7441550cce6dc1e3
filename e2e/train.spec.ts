import { expect, test, type Page } from './fixtures';

// The Train area against the real PPO engine in the worker (default preset, default sizes).
test.describe.configure({ timeout: 240_000 });

const num = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.trim());
const iteration = (page: Page) => num(page, 'metric-iteration');
const points = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-points'));
const lineD = (page: Page, chart: string) =>
  page.locator(`[data-testid="${chart}"] path.series-main-0`).first().getAttribute('d');

async function openTrain(page: Page) {
  // 5,000 iterations: every run here must still be going at its last Pause/Stop, however fast the engine.
  await page.goto('/#v=4&it=5000');
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
    await expect(page.locator(`[data-testid="${chart}"] path.series-main-0`)).toHaveCount(1);
  }

  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  const paused = await iteration(page);
  await page.waitForTimeout(2000);
  expect(await iteration(page)).toBe(paused);

  // The λ explanation shows the last step with the numbers it used (parenthesised), and lands on the recorded λ.
  const explanation = page.getByTestId('lambda-explanation');
  await expect(explanation).toContainText(
    /^Last step \(iteration \d+\): J_C = .+ ⇒ log λ (grows|shrinks|stays) by lr·λ·\(J_C − threshold\) = 0\.1 · [\d.]+ · \(.+ − \(−0\.5\)\) = /,
  );
  const explained = Number(await explanation.getAttribute('data-next-lambda'));
  const recorded = Number(await page.getByTestId('metric-lambda').getAttribute('data-value'));
  expect(Math.abs(explained - recorded) / recorded).toBeLessThan(1e-4);
  await expect(page.getByTestId('lambda-next-step')).toContainText('0.1 · ');
  // Readouts: rounded to 4 significant digits; KL in nats per response and per token, its sign explained.
  const lambdaText = (await page.getByTestId('metric-lambda').textContent())!;
  expect(lambdaText).toBe(String(Number(Number(lambdaText).toPrecision(4))));
  const klStat = page.getByTestId('metric-kl').locator('..');
  await expect(klStat).toContainText('nats per response');
  await expect(klStat).toContainText('per token');
  const kl = Number(await page.getByTestId('metric-kl').getAttribute('data-value'));
  const klPerToken = Number(await page.getByTestId('metric-kl-token').getAttribute('data-value'));
  expect(Math.sign(klPerToken)).toBe(Math.sign(kl));
  expect(Math.abs(klPerToken)).toBeLessThanOrEqual(Math.abs(kl));
  await expect(page.getByTestId('kl-sign-note')).toHaveCount(kl < 0 ? 1 : 0);
  await expect(page.getByTestId('kl-explanation')).toContainText('The true KL is never negative');
  // Resume continues from the same iteration.
  await page.getByTestId('train-resume').click();
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(paused);
  // Space toggles run/pause when focus is not in a control.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  // Resumes at once, even when the pause's reply overtook its 'paused' event (they travel on different ports: the late
  // event once marked the resumed run paused; src/features/train/trainControls.test.ts). The message says where focus was.
  const focus = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? 'none');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('train-state'), `second Space, focus on ${focus}`).toHaveAttribute('data-state', 'running');
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
});

test('a live threshold edit is drawn as a step from the recorded history and turns λ around', async ({ page }) => {
  await openTrain(page);
  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThan(1);
  const before = await lambdaTrend(page, 2);
  // λ held at 0 (the pid rule clamps it there while J_C is under the limit) can only go up.
  const rising = before[before.length - 1] >= before[0] && before[before.length - 1] > 1e-3;
  // The step line's vertices ("iteration:limit …") come from the limit recorded in each metric row.
  const history = page.getByTestId('threshold-history');
  await expect(history).toHaveAttribute('data-values', /^0:-1\.75( \d+:-1\.75)?$/);

  // Rising (or held at λ_max): a limit far above any cost makes J_C − threshold < 0, so λ must fall.
  // Falling, or at 0: a limit far below any cost makes it positive, so λ must rise.
  const limit = rising ? '20' : '-20';
  await page.getByTestId('param-threshold').fill(limit);
  await expect(page.getByTestId('live-applied')).toContainText('Cost limit');
  // The past keeps the old limit; the new one starts where it was applied.
  await expect(history).toHaveAttribute('data-values', new RegExp(`^0:-1\\.75 \\d+:${limit}( \\d+:${limit})?$`), {
    timeout: 60_000,
  });
  const reference = before[before.length - 1];
  await expect
    .poll(async () => {
      const lambda = await num(page, 'metric-lambda');
      return rising ? lambda < reference * 0.9 : lambda > reference * 1.1;
    }, { timeout: 90_000 })
    .toBe(true);
  await page.getByTestId('train-stop').click();
  // The run is named by what it ran: the limit change and the iteration it applied from.
  await page.getByTestId('nav-runs').click();
  const minus = (v: string) => v.replace('-', '−');
  await expect(page.getByTestId('run-name').first()).toHaveText(new RegExp(`^ppo-lag thr −1\\.75→${minus(limit)}@\\d+ #\\d+$`), {
    timeout: 30_000,
  });
});

test('a preset applied mid-run is shown as pending; every label keeps describing what runs', async ({ page }) => {
  await openTrain(page);
  const apply = page.getByTestId('train-preset-apply');
  await expect(apply).toHaveText('In use'); // the defaults are the start-up preset
  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 90_000 }).toBeGreaterThan(0);
  const lambdaChart = page.getByTestId('chart-lambda');
  await expect(lambdaChart).toContainText('rises while J_C > cost limit');

  await page.getByTestId('train-preset').selectOption('reward-shaping');
  await apply.click();
  await expect(apply).toHaveText('Pending');
  await expect(page.getByTestId('preset-pending')).toContainText('the run still uses “Playground start-up (PID λ)” until you press “Apply & reset”');
  await expect(page.getByTestId('pending-reset')).toContainText('Algorithm');
  // PPO-Lag keeps running, and the charts and explanations say so.
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running');
  await expect(lambdaChart).toContainText('rises while J_C > cost limit');
  await expect(lambdaChart).not.toContainText('fixed λ');
  await expect(page.getByTestId('lambda-explanation')).toBeVisible();

  await page.getByTestId('apply-reset').click();
  await expect(apply).toHaveText('In use', { timeout: 90_000 });
  await expect(lambdaChart).toContainText('fixed λ (reward shaping)');
  await expect(page.getByTestId('preset-pending')).toHaveCount(0);
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
  await expect(page.locator('[data-testid="chart-reward"] path.series-raw-0')).toHaveCount(1);

  // Drag across the plot to zoom into an x range; "Reset zoom" restores it.
  const plot = page.locator('[data-testid="chart-reward"] .line-plot-svg').first();
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

test('charts read from the back of the room: axis titles, λ on a log axis, large λ and cost charts, export only with data', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?e2e-hooks');
  await page.getByTestId('nav-train').click();
  const lambda = page.getByTestId('chart-lambda');
  // The start-up pid rule moves λ by steps down to exactly 0: a symlog axis. Upstream's rule (below) gets a log one.
  await expect(lambda).toHaveAttribute('data-scale', 'symlog');
  await expect(lambda).toContainText('pid rule');
  await page.evaluate(() => (window.location.hash = '#v=3&tab=train&rule=upstream&li=10'));
  await expect(lambda).toHaveAttribute('data-scale', 'log');
  // Nothing drawn yet: nothing to export.
  await expect(lambda).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('chart-lambda-png')).toBeDisabled();
  await expect(page.getByTestId('chart-lambda-svg')).toBeDisabled();

  // 120 recorded iterations (seeded: the look of the charts does not depend on who produced the rows).
  await page.evaluate(() => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      iteration: i,
      lambda: 10 * Math.exp(-i / 8) + 0.05,
      episodeCost: 0.3 - i / 400,
      costMean: 0.3 - i / 400,
      threshold: i < 60 ? -0.5 : -0.2,
      rewardMean: i / 100,
    }));
    (window as unknown as { __e2e: { seedPpoHistory(r: unknown[]): void } }).__e2e.seedPpoHistory(rows);
  });
  await expect(lambda).toHaveAttribute('data-points', '120');
  await expect(page.getByTestId('chart-lambda-png')).toBeEnabled();
  // λ spikes then sits near 0.05: the default log axis keeps both readable.
  await expect(lambda).toHaveAttribute('data-scale', 'log');
  await expect(lambda.locator('.plot-axis-title')).toHaveText('iteration');
  // The cost limit is drawn from the rows: −0.5 until iteration 59, −0.2 from 60.
  await expect(page.getByTestId('threshold-history')).toHaveAttribute('data-values', '0:-0.5 60:-0.2 119:-0.2');
  // The plane shades the limit recorded with the latest iteration, and says it changed.
  await expect(page.getByTestId('chart-plane')).toContainText('cost limit changed during the run (-0.5 → -0.2)');
  await expect(page.getByTestId('chart-plane')).toContainText('cost limit -0.2');

  // λ and cost span the chart grid and are taller than the other charts.
  const cost = page.getByTestId('chart-cost');
  const reward = page.getByTestId('chart-reward');
  const [l, c, r] = [await lambda.boundingBox(), await cost.boundingBox(), await reward.boundingBox()];
  expect(l!.width).toBeGreaterThan(1.5 * r!.width);
  expect(c!.width).toBeGreaterThan(1.5 * r!.width);
  // Plot areas, not cards: a card's header and legend wrap differently with its width and number of series.
  const plotHeight = async (chart: typeof lambda) => (await chart.locator('.line-plot').first().boundingBox())!.height;
  expect(await plotHeight(lambda)).toBeGreaterThan((await plotHeight(reward)) + 60);

  // Scrolled to, a chart's title is not hidden under the sticky run bar.
  for (const chart of [cost, reward]) {
    await chart.evaluate((node) => node.scrollIntoView({ block: 'start' }));
    const caption = chart.locator('figcaption');
    const box = (await caption.boundingBox())!;
    const onTop = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('figcaption') !== null,
      [box.x + 10, box.y + box.height / 2],
    );
    expect(onTop).toBe(true);
  }
});
