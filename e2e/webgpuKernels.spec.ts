import { createServer, type ViteDevServer } from 'vite';
import { expect, test } from './fixtures';
import type { KernelReport, PpoReport } from '../scripts/bench/page/webgpuKernels';

// The fused WebGPU kernels (src/compute/webgpu*.ts: GRU forward and backward, Adam, the token pick) against cpu at
// small shapes, on Chromium's WebGPU adapter (SwiftShader here). The page is the bench's kernel check
// (scripts/bench/page/webgpuKernels.ts), served by a Vite dev server of its own beside the app's preview server.
const TOLERANCE = 1e-3; // the numerics check's relative tolerance (src/compute/numerics.ts)

let server: ViteDevServer;
let url = '';

test.beforeAll(async () => {
  server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4173) + 700, strictPort: false },
  });
  await server.listen();
  url = `${server.resolvedUrls!.local[0]}scripts/bench/page/webgpuKernels.html`;
});

test.afterAll(async () => {
  await server?.close();
});

test('the fused WebGPU kernels agree with cpu within the numerics tolerance, leaking no tensors', async ({ page }) => {
  test.setTimeout(420_000);
  // WebGPU reports shader compilation and validation errors on the console only.
  const gpuErrors: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // Not errors: the page's missing favicon, and tf.js's note on a synchronous read (the engine's own, not ours).
    if (/Failed to load resource|synchronously reading data/.test(text)) return;
    if (message.type() === 'error' || message.type() === 'warning') gpuErrors.push(text);
  });
  await page.goto(url);
  await page.waitForFunction(() => 'checkWebGpuKernels' in globalThis, undefined, { timeout: 120_000 });
  const report = await page.evaluate(() =>
    (globalThis as unknown as { checkWebGpuKernels: () => Promise<KernelReport> }).checkWebGpuKernels(),
  );
  for (const check of report.checks) console.log(`${check.name}: ${check.maxDeviation.toExponential(1)} over ${check.values} (first: ${check.first.join(' vs ')})`);
  expect(gpuErrors).toEqual([]);
  // The models take the fused path on webgpu.
  expect(report.fused).toBe(true);
  // 1 pick, 2 addN, 6 Adam, 4 GRU cases × (states + 5 gradients).
  expect(report.checks).toHaveLength(1 + 2 + 6 + 4 * 6);
  for (const check of report.checks) {
    expect(check.values, check.name).toBeGreaterThan(0);
    expect(check.maxDeviation, check.name).toBeLessThanOrEqual(TOLERANCE);
  }
  expect(report.leakedTensors).toBe(0);
});

// The real engine on webgpu with the fused kernels, beyond the one iteration of e2e/webgpu.spec.ts: the second
// iteration is the first after an update (tfjs-webgpu's AddN broke the global-norm clip there: approxKl 4.6e6).
// The first iteration samples from the same weights on both backends, so its rollout metrics match cpu's.
test('three PPO iterations on webgpu stay finite, the first matching cpu', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto(url);
  await page.waitForFunction(() => 'ppoIterations' in globalThis, undefined, { timeout: 120_000 });
  type Run = (backend: string, iterations: number, prompts: number) => Promise<PpoReport>;
  const run = (backend: string) =>
    page.evaluate((b) => (globalThis as unknown as { ppoIterations: Run }).ppoIterations(b, 3, 4), backend);
  const cpu = await run('cpu');
  const webgpu = await run('webgpu');
  const keys = ['rewardMean', 'costMean', 'lambda', 'entropy', 'approxKl', 'actorLoss'];
  for (const [name, report] of [['cpu', cpu], ['webgpu', webgpu]] as const) {
    console.log(`${name}: ${report.numerics}; ${report.rows.map((row) => keys.map((k) => `${k} ${row[k]?.toPrecision(4)}`).join(', ')).join(' | ')}`);
  }
  expect(webgpu.halted).toBeNull();
  expect(webgpu.rows).toHaveLength(3);
  for (const row of webgpu.rows) {
    for (const key of keys) expect(Number.isFinite(row[key]), key).toBe(true);
    expect(Math.abs(row.approxKl)).toBeLessThan(1);
  }
  for (const key of ['rewardMean', 'costMean', 'entropy']) {
    const [got, want] = [webgpu.rows[0][key], cpu.rows[0][key]];
    expect(Math.abs(got - want) / Math.max(Math.abs(want), 1e-4), key).toBeLessThanOrEqual(TOLERANCE);
  }
});
