import { expect, test, type Page } from './fixtures';

// Violation during training in the Train area (issue 21): the cost chart shades the area above the limit, and the
// readouts under it stay pending until the cost window is full, then count from there.
test.describe.configure({ timeout: 240_000 });

const iteration = async (page: Page) => Number((await page.getByTestId('metric-iteration').textContent())?.trim());

test('a short start-up run shows its violation: shaded zone, overshoot, time above and cumulative violation', async ({ page }) => {
  await page.goto('/#v=4&it=8');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('param-threshold')).toHaveValue('-1.75');
  await expect(page.getByTestId('metric-time-above-limit')).toHaveText('—');
  await expect(page.getByTestId('constraint-readouts')).toContainText('Pending: counted from iteration 3');

  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 180_000 }).toBe(8);
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'finished', { timeout: 60_000 });
  // The SFT policy starts above the start-up limit (its cost is about −1.1, the limit −1.75): every counted
  // iteration is above it, so the overshoot is positive and the time above the limit 100%.
  await expect(page.getByTestId('constraint-readouts')).toContainText('From iteration 3 (first full cost window), 5 iterations');
  await expect(page.getByTestId('metric-time-above-limit')).toHaveText('100%');
  const overshoot = Number(await page.getByTestId('metric-max-overshoot').getAttribute('data-value'));
  const cumulative = Number(await page.getByTestId('metric-cumulative-violation').getAttribute('data-value'));
  expect(overshoot).toBeGreaterThan(0);
  expect(cumulative).toBeGreaterThanOrEqual(overshoot);
  expect(cumulative).toBeLessThanOrEqual(5 * overshoot + 1e-9);
  const zone = page.locator('[data-testid="chart-cost"] [data-testid="violation-zone"]');
  await expect(zone).toHaveCount(1);
  await expect(zone.locator('title')).toHaveText('above the cost limit: J_C here violates the constraint');
});
