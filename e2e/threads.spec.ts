import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The page is cross-origin isolated (COOP/COEP from vite preview, docs/HOSTING.md), so `?threads=N` can run
// tfjs-wasm's multi-threaded build in the trainer worker; without it the single-threaded SIMD build runs.

/** One PPO iteration with the Step button; the readouts it leaves (full values from data-value). */
async function oneIteration(page: Page): Promise<Record<string, string | null>> {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 120_000 });
  await expect(page.getByTestId('metric-kl')).not.toHaveAttribute('data-value', '—', { timeout: 30_000 });
  const values: Record<string, string | null> = {};
  for (const id of ['metric-reward', 'metric-cost', 'metric-lambda', 'metric-kl']) {
    values[id] = await page.getByTestId(id).getAttribute('data-value');
  }
  return values;
}

async function wasmLine(page: Page): Promise<string> {
  await page.getByTestId('backend-badge').click();
  const text = (await page.getByTestId('wasm-threads').textContent()) ?? '';
  await page.keyboard.press('Escape');
  return text;
}

test('?threads=2 runs the threaded wasm build in the worker, with the same numbers as the default build', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  expect(await wasmLine(page)).toContain('SIMD, 1 thread (single-threaded build;');
  const single = await oneIteration(page);
  for (const value of Object.values(single)) expect(Number(value)).not.toBeNaN();

  await page.goto('/?backend=wasm&threads=2');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  // tfjs-wasm would cap this 2-core machine at one thread; the request lifts the cap.
  expect(await wasmLine(page)).toBe('SIMD + 2 threads (threaded build, ?threads=2)');
  const threaded = await oneIteration(page);
  expect(threaded).toEqual(single);
});
