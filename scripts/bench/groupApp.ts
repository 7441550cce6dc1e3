/**
 * Chromium wall time of a seed group in the app itself (`npm run bench -- --seeds K`; docs/performance.md): builds
 * the app (or takes a given build), serves it, and in turn runs one seed and a K-seed group of N iterations (every
 * other setting the start-up default, wasm), R rounds each, alternating, each in a fresh page. For each run it times
 * Start → finished (set-up included: models, prompts, the member workers) and the first recorded iteration →
 * finished, and reads how many workers the run used (the Train area's "seeds in W workers").
 * Wall time depends on what else the machine runs: say its load with the figures.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { median } from './ppoCore';

export interface AppRun {
  seeds: number;
  /** Start pressed → the run state reads finished. */
  totalMs: number;
  /** The first iteration on the counter → finished. */
  iterationsMs: number;
  /** The run's workers as the Train area shows them (1 when it shows none). */
  workers: number;
}

async function timeRun(page: Page, base: string, seeds: number, iterations: number): Promise<AppRun> {
  await page.goto(`${base}/?backend=wasm#v=3&seed=1&seeds=${seeds}&it=${iterations}&tab=train`);
  await page.getByTestId('nav-train').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-backend"]')?.textContent?.includes('wasm'));
  const start = Date.now();
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-iteration"]')?.textContent) >= 1, undefined, { polling: 50 });
  const first = Date.now();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-state"]')?.getAttribute('data-state') === 'finished', undefined, { polling: 100 });
  const end = Date.now();
  const workersText = (await page.getByTestId('train-workers').count()) > 0 ? await page.getByTestId('train-workers').textContent() : null;
  const workers = workersText ? Number(/(\d+) workers/.exec(workersText)?.[1] ?? 1) : 1;
  return { seeds, totalMs: end - start, iterationsMs: end - first, workers };
}

export interface AppGroupEntry {
  where: 'chromium-app-group';
  seeds: number;
  iterations: number;
  rounds: number;
  /** The build measured. */
  dist: string;
  cores: number;
  /** Medians over the rounds, ms. */
  singleTotalMs: number;
  groupTotalMs: number;
  singleIterationsMs: number;
  groupIterationsMs: number;
  groupWorkers: number;
  /** group ÷ single, Start → finished and first iteration → finished. */
  ratioTotal: number;
  ratioIterations: number;
  runs: AppRun[];
}

/** `dist`: a build to measure as it is (an older commit's, for a before/after); otherwise the app is built first. */
export async function benchAppGroup(options: { seeds: number; iterations: number; rounds: number; port: number; dist?: string }): Promise<AppGroupEntry> {
  const { seeds, iterations, rounds, port } = options;
  let dist = options.dist;
  if (!dist) {
    dist = 'reports/bench-dist';
    const built = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('vite build failed');
  }
  const server = await preview({ build: { outDir: dist }, preview: { host: '127.0.0.1', port, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const runs: AppRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const k of [1, seeds]) {
        // A fresh page each run: nothing of one run's workers is left to the next.
        const page = await browser.newPage();
        page.setDefaultTimeout(1_800_000);
        runs.push(await timeRun(page, `http://127.0.0.1:${port}`, k, iterations));
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  const single = runs.filter((run) => run.seeds === 1);
  const group = runs.filter((run) => run.seeds === seeds);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const entry = {
    singleTotalMs: median(single.map((run) => run.totalMs)),
    groupTotalMs: median(group.map((run) => run.totalMs)),
    singleIterationsMs: median(single.map((run) => run.iterationsMs)),
    groupIterationsMs: median(group.map((run) => run.iterationsMs)),
  };
  return {
    where: 'chromium-app-group', seeds, iterations, rounds, dist, cores: cpus().length, ...entry,
    groupWorkers: group[0]?.workers ?? 1,
    ratioTotal: ratio(entry.groupTotalMs, entry.singleTotalMs),
    ratioIterations: ratio(entry.groupIterationsMs, entry.singleIterationsMs),
    runs,
  };
}

/** One line in words. */
export function describeAppGroup(entry: AppGroupEntry): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rounds = entry.runs.map((run) => `${run.seeds === 1 ? '1 seed' : `${run.seeds} seeds`} ${s(run.totalMs)}`).join(', ');
  return (
    `chromium app, wasm, ${entry.iterations} iterations (${entry.cores} cores, medians of ${entry.rounds}): one seed ${s(entry.singleTotalMs)}, ` +
    `${entry.seeds}-seed group ${s(entry.groupTotalMs)} in ${entry.groupWorkers} worker${entry.groupWorkers > 1 ? 's' : ''}: ` +
    `${entry.ratioTotal}× Start → finished, ${entry.ratioIterations}× first iteration → finished (runs: ${rounds})`
  );
}
