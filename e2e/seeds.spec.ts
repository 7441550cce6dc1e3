import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';

// Seed groups: a 4-seed group trained in the Train area (bands on λ and cost, mean ± sd readouts, the link keeps
// the seed count), and two imported groups compared with the seed-spread verdict.
test.describe.configure({ timeout: 300_000 });

const num = async (page: Page, testId: string) => Number((await page.getByTestId(testId).getAttribute('data-value')) ?? NaN);

test('a 4-seed group draws bands on λ and cost, readouts show ±, the link keeps the seed count', async ({ page }) => {
  // A small group: 4 seeds × 8 prompts, so a few group iterations come quickly.
  await page.goto('/#v=3&seed=7&seeds=4&pb=8&it=500');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-seed-group')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await page.getByTestId('metric-iteration').textContent()), { timeout: 180_000 }).toBeGreaterThan(2);
  for (const chart of ['chart-lambda', 'chart-cost']) {
    await expect(page.getByTestId(chart).getByTestId('seed-band').first()).toBeVisible();
    await expect(page.getByTestId(`${chart}-band-note`)).toContainText('min–max over 4 seeds');
  }
  // The held-out generations are one seed's: the panel says whose.
  await expect(page.getByTestId('generations-source')).toContainText("Samples of seed 7, the group's first seed.", { timeout: 120_000 });
  await expect(page.getByTestId('chart-plane')).toContainText('path of (mean reward, mean cost), each the mean over 4 seeds');
  // The cost chart keeps the limit's step line.
  await expect(page.getByTestId('chart-cost').getByTestId('threshold-history')).toHaveCount(1);
  await expect(page.getByTestId('metric-lambda-sd')).toContainText('±');
  await expect(page.getByTestId('metric-episode-cost-sd')).toContainText('±');
  expect(Number.isFinite(await num(page, 'metric-episode-cost-sd'))).toBe(true);
  // Per-seed lines on demand: one thin line per seed.
  await page.getByTestId('chart-lambda-seed-lines').check();
  await expect(page.getByTestId('chart-lambda').getByTestId('seed-member-line')).toHaveCount(4);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });

  // "What is happening" replays one seed's λ step from its own columns (the rows' λ is a mean no rule produced).
  await expect(page.getByTestId('lambda-explanation')).toContainText(/^Last step \(iteration \d+, seed 7\): J_C = /);
  await expect(page.getByTestId('lambda-role')).toContainText("(seed 7, the group's first: each seed has its own λ)");

  // The Guard's "current checkpoint" is one seed's policy too, and says whose.
  await page.getByTestId('nav-guard').click();
  await expect(page.getByTestId('moderation-policy').locator('option[value="current"]')).toHaveText("Current PPO checkpoint (seed 7, the group's first)");
  await page.getByTestId('nav-train').click();

  // The link carries the seed count; opening it again restores it.
  await expect.poll(() => page.url()).toContain('seeds=4');
  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await other.getByTestId('nav-train').click();
  await expect(other.getByTestId('train-seed-group')).toHaveAttribute('aria-pressed', 'true');
  // One click back to one seed: the link drops the key (1 is the default).
  await other.getByTestId('train-seed-group').click();
  await expect(other.getByTestId('train-seed-group')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => other.url()).not.toContain('seeds=');
});

/** A runner-style group bundle: 60 iterations of 4 seeds at `limit`, J_C settling at limit + gap (± seed noise). */
function groupBundle(name: string, limit: number, gaps: number[]) {
  const seeds = [1, 2, 3, 4];
  const metrics = Array.from({ length: 60 }, (_, iteration) => {
    const row: Record<string, number> = { iteration, threshold: limit, threshold_sd: 0, threshold_min: limit, threshold_max: limit };
    const costs = gaps.map((gap, s) => limit + gap + 0.01 * Math.sin(iteration + s));
    const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
    row.episodeCost = mean;
    row.episodeCost_min = Math.min(...costs);
    row.episodeCost_max = Math.max(...costs);
    row.episodeCost_sd = Math.sqrt(costs.reduce((a, c) => a + (c - mean) ** 2, 0) / 3);
    seeds.forEach((seed, s) => {
      row[`episodeCost_seed${seed}`] = costs[s];
      row[`threshold_seed${seed}`] = limit;
    });
    return row;
  });
  return {
    schema: 'srlhfv-run',
    version: 1,
    name,
    config: { threshold: limit, seed: 1, seeds: 4 },
    metrics,
    evaluations: [],
    backend: 'wasm',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:10:00Z',
  };
}

test('Compare gives each group mean ± sd and says whether the difference is larger than the seed spread', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-runs').click();
  const file = (name: string, content: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });
  await page.getByTestId('import-bundle-input').setInputFiles([
    file('tight.json', groupBundle('limit −1.5', -1.5, [0.3, 0.35, 0.25, 0.32])),
    file('loose.json', groupBundle('limit +0.5', 0.5, [-1.4, -1.5, -1.45, -1.38])),
  ]);
  const rows = page.getByTestId('runs-list').getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await row.getByTestId('run-select').check();
  const table = page.getByTestId('seed-compare');
  await expect(table).toContainText('Welch');
  const gap = table.locator('tr[data-measure="costGap"]');
  await expect(gap).toContainText('± ');
  await expect(gap).toContainText('(4 seeds)');
  await expect(gap.getByTestId('compare-verdict')).toHaveText('larger than the seed spread');
  // The overlay draws each group's band.
  await page.getByTestId('compare-metric').selectOption('episodeCost');
  await expect(page.getByTestId('compare-chart').getByTestId('seed-band')).toHaveCount(2);
  // On a phone each measure is a block of lines: the verdict is on screen without scrolling sideways, after its label.
  await page.setViewportSize({ width: 390, height: 844 });
  const verdict = gap.getByTestId('compare-verdict');
  const overflow = await table.evaluate((element) => element.parentElement!.scrollWidth - element.parentElement!.clientWidth);
  expect(overflow, 'the table does not scroll sideways').toBeLessThanOrEqual(0);
  await verdict.scrollIntoViewIfNeeded();
  const box = (await verdict.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await verdict.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Verdict"');
  const axe = await new AxeBuilder({ page }).include('[data-testid="seed-compare"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
  // A measure the bundles did not record says so rather than asking for more seeds.
  await expect(table.locator('tr[data-measure="heldOutReward"]').getByTestId('compare-verdict')).toHaveText('no verdict: not recorded in both runs');
});

/** The live run's rows (window.__e2e.ppoRows, with ?e2e-hooks) once `iterations` are recorded. */
async function trainRows(page: Page, hash: string, iterations: number): Promise<Record<string, number>[]> {
  await page.goto(`/?e2e-hooks${hash}`);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'finished', { timeout: 180_000 });
  const rows = await page.evaluate(() => (window as unknown as { __e2e: { ppoRows(): Record<string, number>[] } }).__e2e.ppoRows());
  expect(rows).toHaveLength(iterations);
  return rows;
}

test('a group runs its last seeds in a second worker, and each gives the solo run of its seed to the bit', async ({ page }) => {
  const group = await trainRows(page, '#v=3&seed=7&seeds=2&pb=8&it=3', 3);
  // On this 2-core machine the trainer keeps seed 7 and a member worker runs seed 8.
  await expect(page.getByTestId('train-workers')).toHaveText('seeds in 2 workers');
  const solo = await trainRows(page, '#v=3&seed=8&pb=8&it=3', 3);
  const columns = Object.keys(solo[0]).filter((column) => column !== 'iteration' && !column.startsWith('ms') && column !== 'tokensPerSecond');
  expect(columns.length).toBeGreaterThan(15);
  for (const [i, row] of solo.entries()) {
    for (const column of columns) expect(group[i][`${column}_seed8`], `iteration ${i} ${column}`).toBe(row[column]);
  }
});

test('stepping a group phase by phase names the seed of each phase', async ({ page }) => {
  await page.goto('/#v=3&seed=7&seeds=2&pb=8&it=5');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('phase-group-note')).toContainText("runs each seed's five phases in turn: seed 7's, then seed 8's");
  const step = page.getByTestId('train-step-phase');
  await expect(step).toHaveText('Step one phase (Rollout, seed 7)');
  for (const phase of ['Rollout', 'Score', 'Advantages', 'λ update', 'Policy & critics']) {
    await expect(step).toHaveText(`Step one phase (${phase}, seed 7)`, { timeout: 120_000 });
    await step.click();
    await expect(page.getByTestId('phase-output')).toContainText(`Output of ${phase} (iteration 0, seed 7)`, { timeout: 120_000 });
  }
  // Seed 7's update is done; seed 8 starts the same iteration.
  await expect(step).toHaveText('Step one phase (Rollout, seed 8)');
  await expect(page.getByTestId('metric-iteration')).toHaveText('0');
  await step.click();
  await expect(page.getByTestId('phase-output')).toContainText('Output of Rollout (iteration 0, seed 8)', { timeout: 120_000 });
});
