import { expect, test } from './fixtures';

// The served app carries its security headers, and every area works under its Content-Security-Policy (the
// fixture fails the test on any CSP violation in the page or the worker).
test.describe.configure({ timeout: 240_000 });

test('the page, the worker script and the wasm are served with CSP, frame-ancestors and nosniff', async ({ page }) => {
  const seen = new Map<string, Record<string, string>>();
  page.on('response', (response) => {
    const url = response.url();
    if (/\/$|\.worker|trainer|\.wasm$/.test(url)) seen.set(url, response.headers());
  });
  const response = await page.goto('/?backend=wasm');
  const headers = response!.headers();
  const csp = headers['content-security-policy'];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const scripts = [...seen.entries()].filter(([url]) => !url.endsWith('/'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, scriptHeaders] of scripts) expect(scriptHeaders['content-security-policy']).toBe(csp);
});

test('every area works under the CSP: data, models, wasm training with a chart export, guard, runs', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await page.getByTestId('nav-data').click(); // newcomers land on Train; Data is one click away
  await expect.poll(async () => Number(await page.getByTestId('dataset-row-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(1500);
  await page.getByTestId('sample-row').first().click();
  await expect(page.getByTestId('sample-detail')).toBeVisible();

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('rm-eval-accuracy')).toHaveText(/^\d{1,3}\.\d$/, { timeout: 60_000 });

  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-start').click();
  await expect
    .poll(async () => Number(await page.getByTestId('metric-iteration').textContent()), { timeout: 120_000 })
    .toBeGreaterThan(1);
  await page.getByTestId('train-pause').click();
  const download = page.waitForEvent('download');
  await page.locator('.chart-export button').first().click();
  expect((await download).suggestedFilename()).toMatch(/\.(png|svg)$/);

  await page.getByTestId('nav-guard').click();
  await expect(page.getByTestId('guard-area')).toBeVisible();
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-filter')).toBeVisible();
});
