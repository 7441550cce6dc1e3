import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from './fixtures';

// Main-thread responsiveness while training at the default size, chart refresh rate, time to usable, bundle size.
test.describe.configure({ timeout: 240_000 });

/**
 * Wall-clock numbers (time to usable, long tasks) are measured and reported, never asserted: the project's tests
 * check behaviour only, and on a shared 2-core machine wall-clock time says as much about the machine as the app.
 * Each number is printed and attached to the test as an annotation, with the target and the machine load beside it.
 */
function report(name: string, value: string, target: string): void {
  const load = `load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
  const line = `${value} (target ${target}; ${load})`;
  console.log(`[perf] ${name}: ${line}`);
  test.info().annotations.push({ type: name, description: line });
}

const iteration = async (page: Page) => Number((await page.getByTestId('metric-iteration').textContent())?.trim());

test('the JavaScript loaded at start (entry + preloaded chunks, no worker) is under 350 KB gzipped', () => {
  const outDir = process.env.OUT_DIR ?? 'dist';
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const entry = /<script[^>]+type="module"[^>]+src="([^"]+)"/.exec(html)?.[1];
  expect(entry, 'index.html names its module script').toBeTruthy();
  const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  let rawKb = 0;
  let gzipKb = 0;
  for (const src of [entry!, ...preloaded]) {
    const bytes = readFileSync(join(outDir, src.replace(/^\//, '')));
    rawKb += bytes.length / 1024;
    gzipKb += gzipSync(bytes, { level: 9 }).length / 1024;
  }
  console.log(`[perf] start-up JS (${1 + preloaded.length} chunks): ${rawKb.toFixed(1)} KB raw, ${gzipKb.toFixed(1)} KB gzip`);
  expect(gzipKb).toBeLessThan(350);
});

test('the page is usable quickly after load', async ({ page }) => {
  const start = Date.now();
  await page.goto('/', { waitUntil: 'commit' });
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('train-start')).toBeEnabled();
  // A control responds: a parameter edit shows up in its input.
  await page.getByTestId('param-threshold').fill('-0.25');
  await expect(page.getByTestId('param-threshold')).toHaveValue('-0.25');
  const usableMs = Date.now() - start;
  const navigation = await page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return entry ? { domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd } : null;
  });
  report('usable after load', `${usableMs} ms (DOMContentLoaded ${navigation?.domContentLoaded.toFixed(0)} ms)`, '< 2000 ms');
});

test('training keeps the main thread free: long tasks and chart refresh rate', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-start').click();
  // Warm-up: model loading, kernel compilation, the first evaluation.
  await expect.poll(() => iteration(page), { timeout: 90_000 }).toBeGreaterThan(3);
  // The refresh rate is that of a chart on screen (charts scrolled away redraw at most every 2 s by design).
  await page.getByTestId('chart-cost').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1000);

  const windowMs = 10_000;
  const measured = await page.evaluate(async (ms) => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    const t0 = performance.now();
    const path = () => document.querySelector('[data-testid="chart-cost"] path.series-main-0');
    const readIteration = () => Number(document.querySelector('[data-testid="metric-iteration"]')?.textContent);
    let refreshes = 0;
    let lastD = path()?.getAttribute('d');
    // Count redraws of the cost curve (its path changes only when new rows are drawn).
    const observer = new MutationObserver(() => {
      const d = path()?.getAttribute('d');
      if (d !== lastD) {
        refreshes++;
        lastD = d;
      }
    });
    observer.observe(document.querySelector('[data-testid="chart-cost"]')!, { subtree: true, attributes: true, childList: true });
    const startIteration = readIteration();
    // Input latency probe: how late do timers fire while training runs?
    let maxTimerLag = 0;
    let expected = performance.now() + 50;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        maxTimerLag = Math.max(maxTimerLag, now - expected);
        if (now - t0 >= ms) return resolve();
        expected = now + 50;
        setTimeout(tick, 50);
      };
      setTimeout(tick, 50);
    });
    observer.disconnect();
    const tasks = w.__longTasks.filter((t) => t.start >= t0);
    return {
      refreshes,
      iterations: readIteration() - startIteration,
      longTasks: tasks.length,
      maxLongTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      maxTimerLag,
    };
  }, windowMs);
  await page.getByTestId('train-stop').click();

  const seconds = windowMs / 1000;
  const refreshRate = measured.refreshes / seconds;
  const iterationRate = measured.iterations / seconds;
  report('training speed', `${iterationRate.toFixed(2)} it/s`, 'as fast as the backend allows');
  report('chart refreshes', `${refreshRate.toFixed(2)} per second`, '≥ 4 per second, or every new iteration when slower');
  report(
    'long tasks while training',
    `${measured.longTasks} (max ${measured.maxLongTask.toFixed(0)} ms), max timer lag ${measured.maxTimerLag.toFixed(0)} ms`,
    'none over 50 ms',
  );
  // Behaviour: training progressed, and the charts redraw as rows arrive (≥ 4/s, or on nearly every iteration
  // when iterations are slower than that).
  expect(measured.iterations).toBeGreaterThan(0);
  // Compared as counts: rates like 0.75 × 0.4 are not exact in floating point.
  expect(measured.refreshes).toBeGreaterThanOrEqual(Math.min(4 * seconds, Math.floor(0.75 * measured.iterations)));
});

interface FrameReport {
  frames: number;
  over50: number;
  max: number;
  p95: number;
  /** The slowest frame's biggest scripts: where the time went. */
  worst: string;
  iterations: [number, number];
  visibleCharts: string;
}

/** Long Animation Frames (LoAF, ≥ 50 ms by definition) during `ms` of training, plus the chart count on screen. */
async function measureFrames(page: Page, ms: number): Promise<FrameReport> {
  return page.evaluate(async (windowMs) => {
    const w = window as unknown as { __loaf: PerformanceEntry[] };
    const t0 = performance.now();
    const readIteration = () => Number(document.querySelector('[data-testid="metric-iteration"]')?.textContent);
    const first = readIteration();
    let frames = 0;
    await new Promise<void>((resolve) => {
      const tick = (now: number) => {
        frames++;
        if (now - t0 >= windowMs) resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    type Loaf = PerformanceEntry & {
      renderStart: number;
      styleAndLayoutStart: number;
      scripts?: readonly { invoker: string; duration: number; sourceFunctionName?: string }[];
    };
    const loafs = (w.__loaf as Loaf[]).filter((e) => e.startTime >= t0);
    const durations = loafs.map((e) => e.duration).sort((a, b) => a - b);
    const worstEntry = loafs.reduce<Loaf | null>((m, e) => (!m || e.duration > m.duration ? e : m), null);
    const scripts = [...(worstEntry?.scripts ?? [])].sort((a, b) => b.duration - a.duration);
    const end = worstEntry ? worstEntry.startTime + worstEntry.duration : 0;
    const render = worstEntry && worstEntry.renderStart > 0 ? end - worstEntry.renderStart : 0;
    const layout = worstEntry && worstEntry.styleAndLayoutStart > 0 ? end - worstEntry.styleAndLayoutStart : 0;
    const worst = worstEntry
      ? `${scripts.length} scripts (${scripts
          .slice(0, 2)
          .map((s) => `${s.invoker} ${s.duration.toFixed(0)} ms`)
          .join(', ')}), rendering ${render.toFixed(0)} ms of which style+layout+paint ${layout.toFixed(0)} ms`
      : '';
    const charts = [...document.querySelectorAll('.train-charts > figure')];
    const onScreen = charts.filter((c) => {
      const r = c.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    return {
      frames,
      over50: loafs.filter((e) => e.duration > 50).length,
      max: durations.length ? durations[durations.length - 1] : 0,
      p95: durations.length ? durations[Math.floor(0.95 * (durations.length - 1))] : 0,
      worst,
      iterations: [first, readIteration()] as [number, number],
      visibleCharts: `${onScreen.length}/${charts.length}`,
    };
  }, ms);
}

/** A 2,000-iteration history shaped like a PPO-Lagrangian run (λ spike, cost settling under the limit), seeded. */
function syntheticHistory(n: number): Record<string, number>[] {
  let state = 12345;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  return Array.from({ length: n }, (_, i) => {
    const spike = Math.exp(-(((i - 40) / 25) ** 2));
    return {
      iteration: i,
      rewardMean: 0.5 * Math.tanh(i / 400) + 0.2 * noise(),
      costMean: 0.6 * Math.exp(-i / 150) - 0.2 + 0.3 * noise(),
      episodeCost: 0.6 * Math.exp(-i / 150) - 0.2 + 0.05 * noise(),
      lambda: 4 * spike + 0.2 + 0.05 * noise(),
      threshold: i < 1000 ? 0 : -0.1,
      kl: 0.3 * Math.log1p(i / 50) + 0.05 * noise(),
      entropy: 2 - i / 4000 + 0.05 * noise(),
      responseLength: 8 + 2 * noise(),
      unsafeRate: 0.3 * Math.exp(-i / 300) + 0.05 * noise(),
      refusalRate: 0.1 + 0.05 * noise(),
      actorLoss: 0.1 * noise(),
      rewardCriticLoss: 0.5 * Math.exp(-i / 500) + 0.05 * noise(),
      costCriticLoss: 0.4 * Math.exp(-i / 500) + 0.05 * noise(),
      clipFraction: 0.05 + 0.02 * noise(),
      approxKl: 0.01 + 0.005 * noise(),
      rewardWithKl: 0.4 * Math.tanh(i / 400) + 0.2 * noise(),
    };
  });
}

test('the dashboard keeps up: long animation frames at iteration 50 and 2,000 with every Train chart on screen', async ({ page }) => {
  test.setTimeout(420_000);
  // Tall enough that every Train chart is in the viewport (off-screen charts would be excused from redrawing).
  await page.setViewportSize({ width: 1280, height: 3000 });
  await page.addInitScript(() => {
    const w = window as unknown as { __loaf: PerformanceEntry[] };
    w.__loaf = [];
    new PerformanceObserver((list) => w.__loaf.push(...list.getEntries())).observe({
      type: 'long-animation-frame',
      buffered: true,
    });
  });
  // 5,000 iterations: on a fast machine the default 200 would end the run during the second measurement.
  await page.goto('/?e2e-hooks#v=3&it=5000');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-start').click();
  await expect.poll(() => iteration(page), { timeout: 300_000, intervals: [1000] }).toBeGreaterThanOrEqual(45);
  const at50 = await measureFrames(page, 10_000);
  const describe = (r: FrameReport) =>
    `${r.over50} frames over 50 ms of ${r.frames} (max ${r.max.toFixed(0)} ms, p95 of long frames ${r.p95.toFixed(0)} ms), ` +
    `iterations ${r.iterations[0]}→${r.iterations[1]}, ${r.visibleCharts} charts on screen; worst frame: ${r.worst || 'none'}`;
  report('animation frames at iteration ~50', describe(at50), 'none over 50 ms');

  // 2,000 iterations: seeded as recorded history (training that far takes too long here); live rows continue it.
  await page.evaluate((rows) => {
    (window as unknown as { __e2e: { seedPpoHistory(r: unknown[]): void } }).__e2e.seedPpoHistory(rows);
  }, syntheticHistory(2000));
  await expect.poll(() => iteration(page)).toBeGreaterThanOrEqual(2000);
  await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-points', /\d+/);
  await page.waitForTimeout(1500);
  const at2000 = await measureFrames(page, 10_000);
  report('animation frames at iteration ~2,000', describe(at2000), 'none over 50 ms');
  await page.getByTestId('train-stop').click();
  expect(at2000.iterations[1]).toBeGreaterThan(at2000.iterations[0]);
});
