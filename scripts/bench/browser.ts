// Browser PPO bench: serves scripts/bench/page with Vite and drives it in Chromium (playwright-core) on
// webgpu, webgl, wasm and cpu. Needs public/weights (shipped models) and /usr/bin/chromium (or CHROMIUM_PATH).
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { ISOLATION_HEADERS } from '../../vite.config';
import type { BrowserBenchEntry } from './page/main';

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
