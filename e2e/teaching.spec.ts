import { expect, test, type Page } from './fixtures';

// Teaching mode: step-by-phase shows what each phase produced (real engine in the worker, default sizes).
test.describe.configure({ timeout: 240_000 });

const output = (page: Page) => page.getByTestId('phase-output');

async function stepTo(page: Page, phase: string, timeout = 30_000) {
  await page.getByTestId('train-step-phase').click();
  await expect(page.getByTestId(`phase-${phase}`)).toHaveAttribute('aria-current', 'step', { timeout });
  await expect(output(page)).toHaveAttribute('data-phase', phase);
}

test('each phase shows its output: responses, R and C, shaped streams, old → new λ, losses', async ({ page }) => {
  // No λ update delay, so the rule runs in iteration 0.
  await page.goto('/#v=2&ld=0&rule=upstream&li=10'); // upstream's rule from λ₀ 10, as the Safe RLHF-V preset
  await page.getByTestId('nav-train').click();
  await expect(output(page)).toHaveCount(0);

  await stepTo(page, 'rollout', 120_000);
  const rows = output(page).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(output(page)).toContainText('Output of Rollout (iteration 0)');
  const firstResponse = (await rows.first().locator('td').nth(1).textContent())?.trim();
  expect(firstResponse?.length).toBeGreaterThan(0);

  await stepTo(page, 'score');
  // The same responses, now with their R and C (numbers).
  await expect(rows.first().locator('td').nth(1)).toHaveText(firstResponse!);
  const reward = Number(await rows.first().locator('td').nth(3).textContent());
  expect(Number.isFinite(reward)).toBe(true);
  await expect(output(page)).toContainText('J_C =');

  await stepTo(page, 'advantages');
  const tokens = output(page).locator('tbody tr');
  expect(await tokens.count()).toBeGreaterThan(0);
  await expect(output(page).locator('thead')).toContainText('A_c');
  const advantage = Number(await tokens.first().locator('td').nth(2).textContent());
  expect(Number.isFinite(advantage)).toBe(true);

  await stepTo(page, 'lambda');
  const change = await page.getByTestId('phase-lambda-change').textContent();
  const [before, after] = (change ?? '').replace('λ:', '').split('→').map((s) => Number(s.trim()));
  expect(before).toBe(10); // λ initial of the default preset
  expect(Number.isFinite(after)).toBe(true);
  const substituted = await page.getByTestId('phase-lambda-substituted').textContent();
  expect(substituted).toContain('log(10) + 0.1·10·(');
  expect(substituted).toMatch(new RegExp(`λ = ${String(after).replace('.', '\\.')}`));

  await stepTo(page, 'update');
  await expect(output(page)).toContainText('Actor loss');
  await expect(output(page)).toContainText('Cost-critic loss');
  await expect(output(page)).toContainText('nats/token');
  await expect(page.getByTestId('metric-iteration')).toHaveText('1');
  // The readout's λ is the one the update used.
  await expect(output(page)).toContainText(`λ used${String(after)}`);

  // A full iteration moves past the stepped phases: their output is cleared rather than left stale.
  await page.getByTestId('train-step').click();
  await expect(output(page)).toHaveCount(0);
  await expect(page.getByTestId('metric-iteration')).toHaveText('2', { timeout: 60_000 });
  await expect(output(page)).toHaveCount(0);
});

test('slow mode shows each phase output while the run plays, and a full-speed run hides the stale one', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-slow-mode').check();
  await page.getByTestId('train-start').click();
  await expect(output(page)).toBeVisible({ timeout: 120_000 });
  const seen = new Set<string>();
  await expect
    .poll(async () => {
      const phase = await output(page).getAttribute('data-phase').catch(() => null);
      if (phase) seen.add(phase);
      return seen.size;
    }, { timeout: 60_000, intervals: [200] })
    .toBeGreaterThanOrEqual(3);
  await page.getByTestId('train-slow-mode').uncheck();
  await expect(output(page)).toHaveCount(0);
  await page.getByTestId('train-pause').click();
});
