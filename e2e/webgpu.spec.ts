import { expect, test } from './fixtures';

// One full PPO-Lagrangian iteration on WebGPU (a software SwiftShader adapter here: slow to compile, but it must
// give finite numbers; a WebGPU kernel that silently returns zeros trips the engine's NaN/Inf guard).
test('one PPO iteration runs on webgpu with finite metrics', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/?backend=webgpu');
  expect(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()))).toBe(true);
  // Before it trains, webgpu passes the numerics check against cpu: one forward and backward pass of three models,
  // whose shader compilation (the same shaders the first iteration would compile) takes minutes on SwiftShader.
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu', { timeout: 240_000 });
  await page.getByTestId('backend-badge').click();
  await expect(page.getByTestId('numerics-stamp')).toContainText(/^webgpu: passed at start-up, largest deviation from cpu \d\.\de-\d+/);
  console.log(await page.getByTestId('numerics-stamp').innerText());
  await page.getByTestId('backend-badge').click();
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

test.describe('auto', () => {
  // These tests measure: every other spec turns the measurement off (e2e/fixtures.ts).
  test.use({ backendProbe: true });

  // Auto measures every backend this machine has (wasm, and WebGL and WebGPU in software here) in probe workers, each
  // within a time budget, checks each against cpu, and picks the fastest that passed: wasm on a machine without a GPU.
  test('auto measures wasm, webgl and webgpu and picks wasm, showing the figures', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    expect(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()))).toBe(true);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await badge.click();
    const probe = page.getByTestId('backend-probe');
    await expect(probe).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(probe).toHaveAttribute('data-pick', 'wasm');
    await expect(page.getByTestId('probe-wasm')).toHaveAttribute('data-outcome', 'measured');
    const wasmMs = Number(await page.getByTestId('probe-wasm').getAttribute('data-ms'));
    expect(wasmMs).toBeGreaterThan(0);
    for (const backend of ['webgl', 'webgpu']) {
      const row = page.getByTestId(`probe-${backend}`);
      // Measured (slower than wasm) or cut off by the budget: either way measured, not skipped by rule.
      const outcome = await row.getAttribute('data-outcome');
      expect(['measured', 'cut-off']).toContain(outcome);
      if (outcome === 'measured') expect(Number(await row.getAttribute('data-ms'))).toBeGreaterThan(wasmMs);
    }
    await expect(page.getByTestId('backend-probe-reason')).toContainText('Pick: wasm. wasm: the fastest that passed the numerics check');
    // The figures, for the record (docs/backends.md quotes a run of this test).
    console.log(await page.getByTestId('backend-probe').innerText());
    await expect(badge).toHaveAttribute('data-backend', 'wasm');
    // Cached for this device and version: a reload shows the same measurement without measuring again.
    await page.reload();
    await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await badge.click();
    await expect(page.getByTestId('backend-probe')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('backend-probe')).toContainText('measured');
  });
});

// A stand-in backend that returns wrong gradients (an e2e hook) is tried first: the numerics check refuses it, naming
// the gradient and its deviation, and training goes on with the next backend.
test('a backend with wrong gradients is refused by the numerics check, naming the variable; training goes on', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?e2e-hooks&standin-backend');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByText(/wrong-gradients refused by the numerics check: (policy|critic|score) ∇\S+ is .* on cpu \(deviation 5\.0e-1/)).toBeVisible();
  await badge.click();
  await expect(page.getByTestId('numerics-stamp')).toContainText(/wasm: passed at start-up, largest deviation from cpu \d\.\de-\d+/);
  await page.getByTestId('numerics-check').click();
  await expect(page.getByTestId('numerics-check-result')).toHaveAttribute('data-passed', 'true', { timeout: 60_000 });
  await badge.click();
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 120_000 });
  await expect(page.getByTestId('train-error')).toHaveCount(0);
});
