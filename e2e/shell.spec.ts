import { expect, test } from './fixtures';

test('the shell shows every area and the active backend', async ({ page }) => {
  await page.goto('/');
  for (const area of ['data', 'models', 'train', 'guard', 'runs']) {
    await expect(page.getByTestId(`nav-${area}`)).toBeVisible();
  }
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // On a machine without a GPU the only WebGPU adapter is a software fallback, so auto must pick wasm.
  const hasFallbackOnly = await page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter?.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
    return adapter ? Boolean(info?.isFallbackAdapter) : null;
  });
  if (hasFallbackOnly !== false) await expect(badge).toHaveAttribute('data-backend', 'wasm');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
});

test('a WebGPU adapter exists and one step agrees on webgpu, wasm and cpu', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()))).toBe(true);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('backend-badge').click();
  await page.getByTestId('check-backends').click();
  const losses: Record<string, number> = {};
  for (const backend of ['webgpu', 'wasm', 'cpu']) {
    const row = page.getByTestId(`check-${backend}`);
    await expect(row).toHaveAttribute('data-loss', /\d/, { timeout: 90_000 });
    losses[backend] = Number(await row.getAttribute('data-loss'));
  }
  for (const backend of ['webgpu', 'wasm']) {
    expect(Math.abs(losses[backend] - losses.cpu) / losses.cpu).toBeLessThan(1e-4);
  }
});

test('the tiny training job draws a moving curve; ?backend= and the selector override the backend', async ({ page }) => {
  await page.goto('/?backend=cpu');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await badge.click();
  await page.getByTestId('demo-toggle').click();
  const chart = page.getByTestId('demo-chart');
  await expect(chart).toBeVisible();
  const first = Number(await chart.getAttribute('data-points'));
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(first);
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(1);
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(badge).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(page).toHaveURL(/backend=wasm/);
});
