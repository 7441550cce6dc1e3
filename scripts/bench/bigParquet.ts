// Big-Parquet bench (issue 15, item 2): time and memory from "Initialise PPO" to the end of the first PPO iteration
// on a real-sized file: ≈150 MB, 50,000 pair rows, ONE row group, 1 MB pages with an offset index (hyparquet-writer's
// defaults), ≈3 KB PNG per row. The set-up runs the worker's own code (DataStore.encodeWithVocab, the path
// ppoInit takes) over a file read the way the browser reads a picked File: every slice is a fresh copy.
//
//   npm run bench:big-parquet -- [--rows 50000] [--file /tmp/…parquet] [--timeout 240] [--backend wasm] [--where node|browser]
//
// The file is generated once (in its own process) and reused. `--where node` (default) measures in a fresh Node
// process, so its peak RSS is its own, and prints wall time, CPU time, peak RSS and the bytes read. `--where browser`
// serves the app with Vite (dev server on --port, default 4218), picks the file in the Data area of Chromium, presses
// Start in Train and reports the time to the first finished iteration and the peak RSS of the page's renderer
// process (where the trainer worker runs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliOption } from '../cliOption';

const rows = Number(cliOption('rows', '50000'));
const file = cliOption('file', join(tmpdir(), `safe-rlhf-v-big-${rows}.parquet`));
const timeoutS = Number(cliOption('timeout', '240'));
const backend = cliOption('backend', 'wasm') as 'wasm' | 'cpu';
const mode = cliOption('mode', 'main');
const where = cliOption('where', 'node');
const port = Number(cliOption('port', '4218'));

/** ≈3 KB PNG of noise (incompressible, like photos) whose content depends on `seed`. */
async function noiseImage(seed: number): Promise<Uint8Array> {
  const { encodePng } = await import('../../src/data/nodePng');
  const width = 32;
  const height = 31;
  const pixels = new Uint8Array(width * height * 3);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pixels[i] = x & 0xff;
  }
  return encodePng(width, height, pixels);
}

async function generate(): Promise<void> {
  const { writePairsParquet } = await import('../../src/data/testing/parquetFixtures');
  const { pairRow } = await import('../../src/data/testing/rows');
  const { HARM_CATEGORIES } = await import('../../src/data/record');
  const started = performance.now();
  const words = ['lock', 'cage', 'fire', 'bridge', 'market', 'river', 'school', 'phone', 'camera', 'garden', 'bottle', 'knife'];
  const data = [];
  for (let i = 0; i < rows; i++) {
    const w = (k: number) => words[(i * 7 + k * 3) % words.length];
    data.push(
      pairRow(
        {
          question: `What is happening with the ${w(0)} near the ${w(1)} in picture ${i}, and what should I do about it?`,
          image: { bytes: await noiseImage(i), path: `image_${i}.png` },
          category: HARM_CATEGORIES[i % HARM_CATEGORIES.length],
          image_severity: 1 + (i % 3),
          response_1: `I cannot help with the ${w(2)}; please stay safe and ask someone you trust.`,
          response_2: `Take the ${w(3)}, go past the ${w(4)} and do it quickly before anyone sees.`,
        },
        i,
      ),
    );
  }
  // One row group for the whole file (the shape that stalled), default 1 MB pages, offset index written.
  const buffer = writePairsParquet(data, { rowGroupSize: rows });
  await writeFile(file, new Uint8Array(buffer));
  console.log(`wrote ${file}: ${(buffer.byteLength / 1e6).toFixed(1)} MB, ${rows} rows, one row group, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(): Promise<void> {
  const { setNodeBackend } = await import('../../src/compute/nodeBackends');
  const { defaultConfig } = await import('../../src/config/params');
  const { openParquet, readParquetIndex } = await import('../../src/data/parquet');
  const { PpoEngine } = await import('../../src/train/ppo/engine');
  const { DataStore } = await import('../../src/worker/dataStore');
  const { engineInit, loadNodeSetup } = await import('../experiment/setup');

  await setNodeBackend(backend);
  const config = defaultConfig();
  const setup = await loadNodeSetup(config);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  const baseline = process.memoryUsage().rss;

  // A picked File in the browser: slice(start, end).arrayBuffer() copies the bytes each time.
  const handle = await open(file, 'r');
  const byteLength = statSync(file).size;
  const io = { reads: 0, bytes: 0 };
  const asyncBuffer = {
    byteLength,
    async slice(start: number, end = byteLength): Promise<ArrayBuffer> {
      io.reads++;
      io.bytes += end - start;
      const out = new Uint8Array(end - start);
      await handle.read(out, 0, out.length, start);
      return out.buffer;
    },
  };

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const cpu0 = process.cpuUsage(); // absolute, so phases can be differenced
  const t0 = performance.now();
  const parquet = await openParquet(file, asyncBuffer);
  const { records } = await readParquetIndex(parquet, { sourceId: 'big', split: 'train' });
  const tIndex = performance.now();
  const cpuSeconds = (from: NodeJS.CpuUsage, to = process.cpuUsage()) => (((to.user - from.user) + (to.system - from.system)) / 1e6).toFixed(1);
  console.log(`index: ${records.length} records in ${((tIndex - t0) / 1000).toFixed(1)} s, ${cpuSeconds(cpu0)} s CPU (${io.reads} reads, ${mb(io.bytes)} read)`);
  const cpuIndex = process.cpuUsage();

  const store = new DataStore();
  store.addSource({
    summary: { id: 'big', name: file, kind: 'parquet', variant: parquet.variant, rows: records.length, split: 'train', files: 1, warnings: [] },
    records,
    images: new Map([['big', { kind: 'parquet', parquet }]]),
  });
  io.reads = 0;
  io.bytes = 0;
  let progress = 0;
  const timer = setTimeout(() => {
    clearInterval(sampler);
    console.log(
      `NOT REACHED: set-up still running after ${timeoutS} s: images ${(progress * 100).toFixed(1)}% done, ` +
        `${io.reads} reads, ${mb(io.bytes)} read, RSS ${mb(process.memoryUsage().rss)} (peak ${mb(peakRss)}, baseline ${mb(baseline)}), ` +
        `CPU ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6).toFixed(1)} s`,
    );
    process.exit(2);
  }, timeoutS * 1000);
  const sizes = { imageSize: config.imageSize, maxQuestionTokens: config.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens };
  const data = await store.encodeWithVocab(setup.vocab, sizes, { onProgress: (fraction) => (progress = fraction) });
  const tEncoded = performance.now();
  const cpuEncoded = process.cpuUsage();
  const engine = new PpoEngine({ ...engineInit(setup, config), data, questionText: (index) => records[index]?.question ?? '' });
  const result = await engine.step();
  const tFirst = performance.now();
  const cpuFirst = process.cpuUsage();
  clearTimeout(timer);
  clearInterval(sampler);
  engine.dispose();
  await handle.close();
  const cpu = process.cpuUsage(cpu0);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  console.log(`images: ${data.count} records encoded in ${((tEncoded - tIndex) / 1000).toFixed(1)} s, ${cpuSeconds(cpuIndex, cpuEncoded)} s CPU (${io.reads} reads, ${mb(io.bytes)} read, ${store.imageFailures} failures)`);
  console.log(`first PPO iteration done ${((tFirst - tEncoded) / 1000).toFixed(1)} s later, ${cpuSeconds(cpuEncoded, cpuFirst)} s CPU${result.halted ? ` (halted: ${result.halted})` : ''}`);
  console.log(
    `TOTAL open → first iteration: ${((tFirst - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; ` +
      `PPO set-up → first iteration ${((tFirst - tIndex) / 1000).toFixed(1)} s; peak RSS ${mb(peakRss)} (baseline with models ${mb(baseline)})`,
  );
}

/** RSS (bytes) of each process in the tree under `root`, from /proc (Linux). */
async function processTreeRss(root: number): Promise<Map<number, { rss: number; renderer: boolean }>> {
  const { readdir, readFile } = await import('node:fs/promises');
  const parents = new Map<number, number>();
  const info = new Map<number, { rss: number; renderer: boolean }>();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      parents.set(pid, Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      info.set(pid, { rss, renderer: cmdline.includes('--type=renderer') });
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Map<number, { rss: number; renderer: boolean }>();
  for (const [pid, value] of info) {
    for (let p: number | undefined = pid; p; p = parents.get(p)) {
      if (p === root) {
        tree.set(pid, value);
        break;
      }
    }
  }
  return tree;
}

/** CPU seconds used so far by Chromium's renderer processes under `root` (utime + stime, 100 ticks/s). */
async function rendererCpuSeconds(root: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  let ticks = 0;
  for (const [pid, { renderer }] of await processTreeRss(root)) {
    if (!renderer) continue;
    try {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of /proc/pid/stat
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

async function measureBrowser(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const { createServer } = await import('vite');
  const server = await createServer({ root: process.cwd(), logLevel: 'error', server: { host: '127.0.0.1', port, strictPort: true } });
  await server.listen();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const root = process.pid; // Chromium runs as a child of this process
  let peakRenderer = 0;
  let peakTotal = 0;
  const sample = async () => {
    const tree = await processTreeRss(root);
    let total = 0;
    for (const { rss, renderer } of tree.values()) {
      total += rss;
      if (renderer) peakRenderer = Math.max(peakRenderer, rss);
    }
    peakTotal = Math.max(peakTotal, total - process.memoryUsage().rss);
  };
  const sampler = setInterval(() => void sample(), 250);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeoutS * 1000);
    await page.goto(`http://127.0.0.1:${port}/?backend=${backend}`);
    await page.getByTestId('backend-badge').and(page.locator('[data-state="ready"]')).waitFor();
    await page.getByTestId('nav-data').click(); // the app opens on Train; the file goes in through Data
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="dataset-row-count"]')?.textContent) > 0);
    const before = Number(await page.getByTestId('dataset-row-count').textContent());
    const t0 = performance.now();
    await page.getByTestId('dataset-file-input').setInputFiles(file);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="dataset-row-count"]')?.textContent) >= n, before + rows);
    const tLoaded = performance.now();
    console.log(`browser: ${rows} rows loaded and indexed in ${((tLoaded - t0) / 1000).toFixed(1)} s; renderer peak so far ${mb(peakRenderer)}`);
    await page.getByTestId('nav-train').click();
    const tStart = performance.now();
    const cpuStart = await rendererCpuSeconds(root);
    await page.getByTestId('train-start').click();
    const reached = await page
      .waitForFunction(() => Number(document.querySelector('[data-testid="metric-iteration"]')?.textContent) >= 1, undefined, { timeout: timeoutS * 1000, polling: 250 })
      .then(() => true)
      .catch(() => false);
    const tFirst = performance.now();
    const cpuFirst = await rendererCpuSeconds(root);
    await sample();
    const info = await page.getByTestId('train-info').textContent().catch(() => '');
    console.log(
      reached
        ? `browser: Start → first PPO iteration ${((tFirst - tStart) / 1000).toFixed(1)} s wall, ${(cpuFirst - cpuStart).toFixed(1)} s renderer CPU; peak renderer RSS ${mb(peakRenderer)}, all Chromium processes ${mb(peakTotal)}`
        : `browser: NOT REACHED: no iteration ${timeoutS} s after Start (${info}); peak renderer RSS ${mb(peakRenderer)}, all Chromium processes ${mb(peakTotal)}`,
    );
    if (!reached) process.exitCode = 2;
  } finally {
    clearInterval(sampler);
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  if (mode === 'generate') return generate();
  if (mode === 'measure') return where === 'browser' ? measureBrowser() : measure();
  const self = fileURLToPath(import.meta.url);
  const child = (childMode: string) => {
    const run = spawnSync(process.execPath, [...process.execArgv, self, ...process.argv.slice(2), '--mode', childMode], { stdio: 'inherit' });
    if (run.status !== 0) process.exitCode = run.status ?? 1;
    return run.status === 0;
  };
  if (!existsSync(file) && !child('generate')) return;
  child('measure');
}

void main();
