// Browser PPO bench: serves scripts/bench/page with Vite and drives it in Chromium (playwright-core) on
// webgpu, webgl, wasm and cpu. Needs public/weights (shipped models) and /usr/bin/chromium (or CHROMIUM_PATH).
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { ISOLATION_HEADERS } from '../../vite.config';
import type { BrowserBenchEntry } from './page/main';
import type { AdapterDescription, describeAdapters, runScaledBench, ScaledBenchEntry } from './page/scaled';

export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * `isolated` serves the page with the app's COOP/COEP headers, so the page is cross-origin isolated; with `threads`
 * (≥ 2) tfjs-wasm then runs its threaded build, as the app does with ?threads=N (the entry reports the thread count
 * tfjs-wasm says it uses).
 */
export async function benchBrowser(
  backends = BROWSER_BACKENDS,
  iterations = 5,
  port = 4398,
  isolated = false,
  warmup = 2,
  threads?: number,
): Promise<BrowserBenchEntry[]> {
  const headers: Record<string, string> = isolated ? ISOLATION_HEADERS : {};
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port, strictPort: true, headers },
  });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`http://127.0.0.1:${port}/scripts/bench/page/index.html`);
    await page.waitForFunction(() => 'runBench' in globalThis);
    type RunBench = (b: string[], n: number, w: number, t?: number) => Promise<BrowserBenchEntry[]>;
    return await page.evaluate(
      ([names, n, w, t]) => (globalThis as unknown as { runBench: RunBench }).runBench(names, n, w, t ?? undefined),
      [backends, iterations, warmup, threads ?? null] as [string[], number, number, number | null],
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Chromium flags for the scaled bench. `--enable-unsafe-webgpu` exposes WebGPU (a real adapter where the machine has
 * one, else SwiftShader); `--ignore-gpu-blocklist` keeps Chromium from refusing a GPU it has not vetted, and
 * `--enable-features=Vulkan` lets Dawn use the Vulkan driver on Linux. BENCH_CHROMIUM_ARGS (space-separated) adds more,
 * e.g. `--use-angle=vulkan` for WebGL on Vulkan.
 */
export function benchChromiumArgs(): string[] {
  const extra = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(/\s+/).filter(Boolean);
  return ['--enable-unsafe-webgpu', '--ignore-gpu-blocklist', '--enable-features=Vulkan', ...extra];
}

/**
 * The scaled bench (`npm run bench -- --browser-only --json`): every backend at each batch scale, with the adapter's
 * description; headless Chromium (the new headless mode, which has GPU access).
 */
export async function benchBrowserScaled(
  backends: string[],
  scales: number[],
  iterations: number,
  warmup: number,
  port = 4398,
): Promise<{ adapters: AdapterDescription; chromiumArgs: string[]; entries: (ScaledBenchEntry | { backend: string; error: string })[] }> {
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port, strictPort: true },
  });
  await server.listen();
  const chromiumArgs = benchChromiumArgs();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const entries: (ScaledBenchEntry | { backend: string; error: string })[] = [];
    let adapters: AdapterDescription | null = null;
    for (const backend of backends) {
      // A fresh page per backend: one backend's GPU buffers and compiled kernels do not weigh on the next.
      const page = await browser.newPage();
      page.setDefaultTimeout(600_000);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.exposeFunction('benchTaskSeconds', async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
      });
      await page.goto(`http://127.0.0.1:${port}/scripts/bench/page/index.html`);
      await page.waitForFunction(() => 'runScaledBench' in globalThis);
      type Page = { runScaledBench: typeof runScaledBench; describeAdapters: typeof describeAdapters };
      adapters ??= await page.evaluate(() => (globalThis as unknown as Page).describeAdapters());
      try {
        entries.push(
          ...(await page.evaluate(
            ([name, s, n, w]) => (globalThis as unknown as Page).runScaledBench(name, s, n, w),
            [backend, scales, iterations, warmup] as [string, number[], number, number],
          )),
        );
      } catch (error) {
        entries.push({ backend, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      }
      await page.close();
    }
    return { adapters: adapters!, chromiumArgs, entries };
  } finally {
    await browser.close();
    await server.close();
  }
}

