import { expect, test } from './fixtures';

// One full PPO-Lagrangian iteration on WebGPU (a software SwiftShader adapter here: slow to compile, but it must
// give finite numbers; a WebGPU kernel that silently returns zeros trips the engine's NaN/Inf guard).
test('one PPO iteration runs on webgpu with finite metrics', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?backend=webgpu');
  expect(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()))).toBe(true);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu', { timeout: 90_000 });
  // On WebGPU the badge names the adapter it runs on (on other backends it stays out of the badge).
  await expect(page.getByTestId('backend-badge').locator('.badge-adapter')).toHaveCount(1);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 200_000 });
  await expect(page.getByTestId('train-pause-reason')).toHaveCount(0);
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  // The readouts fill from the metric stream (flushed ≤ 10 Hz), a moment after the iteration counter moves.
  for (const metric of ['metric-lambda', 'metric-reward', 'metric-cost', 'metric-kl']) {
    await expect
      .poll(async () => Number.isFinite(Number((await page.getByTestId(metric).textContent())?.trim())))
      .toBe(true);
  }
});
