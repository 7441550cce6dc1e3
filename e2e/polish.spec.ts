import { expect, test } from './fixtures';

test.describe.configure({ timeout: 240_000 });

test('the app ships a favicon and loads without 404s', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/');
  await expect(page.getByTestId('nav-data')).toBeVisible();
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  await page.waitForLoadState('networkidle');
  expect(missing).toEqual([]);
});

test('generations show category display names and open token detail inside the clicked card', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 120_000 });
  const cards = page.getByTestId('generations').locator('li');
  await expect.poll(() => cards.count(), { timeout: 30_000 }).toBeGreaterThan(1);
  const categories = await page.getByTestId('generations').locator('.category-tag').allTextContents();
  expect(categories.length).toBeGreaterThan(0);
  for (const name of categories) expect(name).not.toContain('_');

  // Open the detail of a card further down: it appears inside that card, right under its button.
  const card = cards.nth(1);
  const button = card.getByRole('button', { name: 'Token detail' });
  await button.click();
  const detail = card.getByTestId('generation-detail');
  await expect(detail.locator('.heat-token').first()).toBeVisible();
  await expect(page.getByTestId('generation-detail')).toHaveCount(1);
  const buttonBox = (await button.boundingBox())!;
  const detailBox = (await detail.boundingBox())!;
  expect(detailBox.y).toBeGreaterThanOrEqual(buttonBox.y);
  expect(detailBox.y - (buttonBox.y + buttonBox.height)).toBeLessThan(40);
});

test('the λ chart keeps a small λ readable: λ_max far above is marked at the top, not drawn to scale', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 120_000 });
  const chart = page.getByTestId('chart-lambda');
  // Start-up config: λ₀ 0.2 under λ_max 20.
  await expect(chart.locator('.off-axis-marker')).toHaveText('↑ λ_max 20 (above the axis)');
  // The y axis spans λ, not λ_max: no 10 or 20 among its labels.
  const ticks = (await chart.locator('.plot-axis-y text').allTextContents()).map((t) => t.trim());
  expect(ticks.length).toBeGreaterThan(1);
  for (const far of ['10', '20']) expect(ticks).not.toContain(far);
});
