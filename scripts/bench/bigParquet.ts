// Big-Parquet bench (issue 15, item 2): time and memory from "Initialise PPO" to the end of the first PPO iteration
// on a real-sized file: ≈150 MB, 50,000 pair rows, ONE row group, 1 MB pages with an offset index (hyparquet-writer's
// defaults), ≈3 KB PNG per row. The set-up runs the worker's own code (DataStore.encodeWithVocab, the path
// ppoInit takes) over a file read the way the browser reads a picked File: every slice is a fresh copy.
//
//   npm run bench:big-parquet -- [--rows 50000] [--file /tmp/…parquet] [--timeout 240] [--backend wasm]
//
// The file is generated once (in its own process) and reused; the measurement runs in a fresh process so its peak
// RSS is its own. Prints wall time, CPU time, peak RSS and the bytes read.
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

async function main(): Promise<void> {
  if (mode === 'generate') return generate();
  if (mode === 'measure') return measure();
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
